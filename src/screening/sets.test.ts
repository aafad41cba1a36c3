// The shipped sets as data: fixed ids, the ILO counts, the extension's rules,
// labels in three languages, the API shape, and how a person's set is chosen.
import { describe, expect, it } from 'vitest';
import { parseIndicatorSet, type IndicatorSet } from './indicator-set.js';
import { DIMENSION_IDS, SET_IDS } from '../contract/screening.js';
import { getSet, listSets, localiseSet, setOfIndicator } from './sets.js';
import { derivePopulation } from '../contract/screening.js';

const sets = SET_IDS.map((id) => getSet(id)!);
const ilo = (set: IndicatorSet) => set.dimensions.map((d) => d.indicators.filter((i) => !i.extension));
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i;

describe('shipped sets', () => {
  it('are the four fixed ids, each with its population, exploitation, version and source', () => {
    expect(sets.map((s) => [s.id, s.population, s.exploitation])).toEqual([
      ['ilo-2009-adult-labour', 'adult', 'labour'],
      ['ilo-2009-adult-sexual', 'adult', 'sexual'],
      ['ilo-2009-child-labour', 'child', 'labour'],
      ['ilo-2009-child-sexual', 'child', 'sexual'],
    ]);
    for (const s of sets) {
      expect(s.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(s.source).toContain('WCMS_105023');
      expect(s.dimensions.map((d) => d.id)).toEqual([...DIMENSION_IDS]);
    }
  });

  it('adult labour has the 67 ILO indicators: 10, 10, 16, 9, 15 and 7 across the six dimensions', () => {
    const dims = ilo(getSet('ilo-2009-adult-labour')!);
    expect(dims.map((d) => d.length)).toEqual([10, 10, 16, 9, 15, 7]);
    expect(dims.flat()).toHaveLength(67);
    // strong / medium / weak per dimension, as transcribed
    const grade = dims.map((d) => ['strong', 'medium', 'weak'].map((s) => d.filter((i) => i.strength === s).length));
    expect(grade).toEqual([
      [1, 8, 1],
      [1, 9, 0],
      [0, 14, 2],
      [1, 7, 1],
      [4, 10, 1],
      [0, 5, 2],
    ]);
  });

  it('the children lists have 65 ILO indicators and no weak ones', () => {
    for (const id of ['ilo-2009-child-labour', 'ilo-2009-child-sexual']) {
      const all = ilo(getSet(id)!).flat();
      expect(all).toHaveLength(65);
      expect(all.filter((i) => i.strength === 'weak')).toEqual([]);
    }
  });

  it('indicator ids are unique across all sets and carry their set and dimension', () => {
    const prefix = {
      'ilo-2009-adult-labour': 'al',
      'ilo-2009-adult-sexual': 'as',
      'ilo-2009-child-labour': 'cl',
      'ilo-2009-child-sexual': 'cs',
    } as const;
    const short = ['dec', 'coe', 'avr', 'exp', 'cod', 'avd'];
    const all: string[] = [];
    for (const s of sets)
      s.dimensions.forEach((d, di) =>
        d.indicators.forEach((i) => {
          expect(i.id.startsWith(`${prefix[s.id as keyof typeof prefix]}.${short[di]}.`)).toBe(true);
          all.push(i.id);
        }),
      );
    expect(new Set(all).size).toBe(all.length);
    expect(setOfIndicator('cl.dec.wages')).toBe('ilo-2009-child-labour');
    expect(setOfIndicator('nope')).toBeUndefined();
  });

  it('every set, dimension and indicator label is present in vi, en and fr; Vietnamese with diacritics', () => {
    let labels = 0;
    for (const s of sets)
      for (const d of s.dimensions)
        for (const item of [d, ...d.indicators]) {
          for (const lang of ['vi', 'en', 'fr'] as const)
            expect(item.label[lang].trim(), `${item.id} ${lang}`).not.toBe('');
          expect(item.label.vi, item.id).toMatch(VIETNAMESE);
          expect(item.label.vi).not.toBe(item.label.en);
          labels += 1;
        }
    expect(labels).toBe(6 * 4 + 77 + 67 + 75 + 65);
  });
});

describe('forced-criminality extension', () => {
  const labour = ['ilo-2009-adult-labour', 'ilo-2009-child-labour'].map((id) => getSet(id)!);

  it('is only in the two labour sets, ten indicators each, all marked and sourced', () => {
    for (const s of sets) {
      const ext = s.dimensions.flatMap((d) => d.indicators.filter((i) => i.extension));
      expect(ext).toHaveLength(s.exploitation === 'labour' ? 10 : 0);
      for (const i of ext) expect(i.extension).toBe('forced-criminality');
    }
    for (const s of labour) expect(s.source).toMatch(/OHCHR.*UNODC/);
  });

  it("covers the issue's examples, each in the dimension it belongs to", () => {
    const where = new Map(
      labour[0]!.dimensions.flatMap((d) => d.indicators.filter((i) => i.extension).map((i) => [i.id, d.id])),
    );
    expect(Object.fromEntries(where)).toEqual({
      'al.dec.fc_online_job_offer': 'deceptive_recruitment',
      'al.exp.fc_fines': 'exploitative_conditions',
      'al.cod.fc_passport_taken_on_arrival': 'coercion_at_destination',
      'al.cod.fc_debt_transport_training': 'coercion_at_destination',
      'al.cod.fc_guarded_compound': 'coercion_at_destination',
      'al.cod.fc_phone_controlled': 'coercion_at_destination',
      'al.cod.fc_quota_punishment': 'coercion_at_destination',
      'al.cod.fc_forced_online_fraud': 'coercion_at_destination',
      'al.cod.fc_scam_quotas': 'coercion_at_destination',
      'al.cod.fc_resold': 'coercion_at_destination',
    });
  });

  it('each extension indicator refines an ILO indicator of its dimension and takes its strength', () => {
    for (const s of labour)
      for (const d of s.dimensions)
        for (const i of d.indicators.filter((x) => x.extension)) {
          const target = d.indicators.find((x) => x.id === i.refines);
          expect(target?.extension, i.id).toBeUndefined();
          expect(i.strength).toBe(target!.strength);
        }
  });
});

describe('parseIndicatorSet rejects bad data', () => {
  const good = () =>
    structuredClone(getSet('ilo-2009-adult-labour')!) as unknown as {
      dimensions: { id: string; indicators: Record<string, unknown>[] }[];
    };
  const ind = (s: ReturnType<typeof good>, d: number, i: number) => s.dimensions[d]!.indicators[i]!;

  it.each([
    [
      'dimensions out of order',
      (s: ReturnType<typeof good>) => {
        s.dimensions.reverse();
      },
      /expected id deceptive_recruitment/,
    ],
    [
      'an unknown strength',
      (s: ReturnType<typeof good>) => {
        ind(s, 0, 0).strength = 'very strong';
      },
      /strength must be/,
    ],
    [
      'a missing French label',
      (s: ReturnType<typeof good>) => {
        delete (ind(s, 0, 1).label as Record<string, string>).fr;
      },
      /label\.fr is missing/,
    ],
    [
      'a duplicate id',
      (s: ReturnType<typeof good>) => {
        ind(s, 0, 1).id = 'al.dec.nature_of_job';
      },
      /duplicate id/,
    ],
    [
      'an unknown extension',
      (s: ReturnType<typeof good>) => {
        ind(s, 0, 10).extension = 'organs';
      },
      /unknown extension/,
    ],
    [
      'a refinement of another strength',
      (s: ReturnType<typeof good>) => {
        ind(s, 0, 10).strength = 'medium';
      },
      /strength of the indicator it refines/,
    ],
    [
      'a refinement across dimensions',
      (s: ReturnType<typeof good>) => {
        ind(s, 0, 10).refines = 'al.coe.violence';
      },
      /same dimension/,
    ],
  ])('%s', (_what, spoil, message) => {
    const s = good();
    spoil(s);
    expect(() => parseIndicatorSet(s)).toThrow(message);
  });

  it('accepts the shipped data and freezes it', () => {
    expect(Object.isFrozen(getSet('ilo-2009-adult-labour')!.dimensions[0]!.indicators[0]!.label)).toBe(true);
  });
});

describe('lookup and localisation', () => {
  it('getSet returns undefined for an unknown id', () => {
    expect(getSet('ilo-2010-adult-labour')).toBeUndefined();
  });

  it('listSets summarises the four sets', () => {
    expect(listSets().map((s) => [s.id, s.indicatorCount, s.extensionCount])).toEqual([
      ['ilo-2009-adult-labour', 67, 10],
      ['ilo-2009-adult-sexual', 67, 0],
      ['ilo-2009-child-labour', 65, 10],
      ['ilo-2009-child-sexual', 65, 0],
    ]);
  });

  it("localiseSet gives the API shape with labels in the caller's language", () => {
    const set = getSet('ilo-2009-adult-labour')!;
    const vi = localiseSet(set, 'vi');
    expect(Object.keys(vi)).toEqual(['id', 'population', 'exploitation', 'version', 'source', 'dimensions']);
    expect(Object.keys(vi.dimensions[0]!)).toEqual(['id', 'label', 'indicators']);
    expect(vi.dimensions[0]!.indicators[0]).toEqual({
      id: 'al.dec.nature_of_job',
      label: set.dimensions[0]!.indicators[0]!.label.vi,
      strength: 'strong',
    });
    expect(vi.dimensions[0]!.indicators.at(-1)).toMatchObject({
      id: 'al.dec.fc_online_job_offer',
      extension: 'forced-criminality',
    });
    expect(localiseSet(set, 'fr').dimensions[4]!.label).toBe('Contrainte sur le lieu de destination');
    expect(localiseSet(set, 'en').dimensions[3]!.indicators[0]!.label).toBe(
      'Excessive working days or hours, with few or no days off',
    );
  });
});

describe('derivePopulation', () => {
  it.each([
    [30, false, ['forced_labour'], 'ilo-2009-adult-labour'],
    [30, false, ['forced_criminality'], 'ilo-2009-adult-labour'],
    [30, false, ['sexual_exploitation'], 'ilo-2009-adult-sexual'],
    [30, false, ['forced_marriage', 'sexual_exploitation', 'forced_labour'], 'ilo-2009-adult-sexual'],
    [30, false, ['sexual_exploitation', 'forced_criminality'], 'ilo-2009-adult-labour'], // a tie keeps the labour list and its extension
    [30, false, [], 'ilo-2009-adult-labour'],
    [15, true, ['begging'], 'ilo-2009-child-labour'],
    [16, null, ['sexual_exploitation'], 'ilo-2009-child-sexual'],
    [null, true, ['forced_criminality'], 'ilo-2009-child-labour'],
    [null, null, ['forced_criminality'], 'ilo-2009-child-labour'], // unknown age: presumed a child
    [null, false, ['forced_criminality'], 'ilo-2009-adult-labour'],
    [17, false, ['forced_labour'], 'ilo-2009-child-labour'], // conflicting facts: the protective reading
    [18, null, ['organ_removal'], 'ilo-2009-adult-labour'],
  ] as const)('age %s, minor %s, %j → %s', (age, minor, types, expected) => {
    expect(derivePopulation(age, minor, types)).toBe(expected);
  });
});
