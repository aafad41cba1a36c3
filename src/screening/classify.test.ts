// The ILO/EC combination rule, tested from its wording (docs/screening.md), on
// synthetic sets where every combination can be built, then on the shipped sets.
import { describe, expect, it } from 'vitest';
import { classify, dimensionMet, ScreeningInputError } from './classify.js';
import { DIMENSION_IDS, type Answers, type DimensionId } from '../contract/screening.js';
import { getSet } from './sets.js';
import { ids, present, syntheticSet } from './test-sets.js';

const adult = syntheticSet('adult');
const child = syntheticSet('child');
const dim = (r: ReturnType<typeof classify>, id: DimensionId) => r.dimensions.find((d) => d.id === id)!;

describe('step 1: when a dimension is met', () => {
  // The rule: two strong; or one strong and one medium or weak; or three medium; or two medium and one weak.
  const met = ['SS', 'SM', 'SW', 'MMM', 'MMW', 'SSS', 'SMW', 'MMMW', 'SWW'];
  const notMet = ['', 'S', 'M', 'W', 'MM', 'MW', 'MWW', 'WW', 'WWW'];

  for (const dimension of DIMENSION_IDS) {
    it.each(met)(`${dimension} is met by %s`, (pattern) => {
      expect(dim(classify(adult, present(ids(dimension, pattern))), dimension).met).toBe(true);
    });
    it.each(notMet)(`${dimension} is not met by "%s"`, (pattern) => {
      expect(dim(classify(adult, present(ids(dimension, pattern))), dimension).met).toBe(false);
    });
  }

  it('counts only present answers: absent and unknown indicators add nothing', () => {
    const answers: Answers = {
      'exploitative_conditions.s1': 'present',
      'exploitative_conditions.s2': 'absent',
      'exploitative_conditions.m1': 'unknown',
    };
    const r = dim(classify(adult, answers), 'exploitative_conditions');
    expect(r).toMatchObject({
      met: false,
      present: ['exploitative_conditions.s1'],
      counts: { strong: 1, medium: 0, weak: 0 },
    });
  });

  it('dimensionMet agrees with the combinations above', () => {
    expect([
      dimensionMet(2, 0, 0),
      dimensionMet(1, 1, 0),
      dimensionMet(1, 0, 1),
      dimensionMet(0, 3, 0),
      dimensionMet(0, 2, 1),
    ]).toEqual([true, true, true, true, true]);
    expect([
      dimensionMet(1, 0, 0),
      dimensionMet(0, 2, 0),
      dimensionMet(0, 1, 2),
      dimensionMet(0, 0, 3),
      dimensionMet(0, 1, 5),
    ]).toEqual([false, false, false, false, false]);
  });
});

describe('step 2: adults need recruitment, exploitation and coercion or abuse of vulnerability at destination', () => {
  const recruitment = ['deceptive_recruitment', 'coercive_recruitment', 'recruitment_abuse_of_vulnerability'] as const;
  const destination = ['coercion_at_destination', 'abuse_of_vulnerability_at_destination'] as const;

  for (const r of recruitment)
    for (const d of destination) {
      it(`${r} + exploitation + ${d} → presumed victim`, () => {
        const result = classify(adult, present(ids(r, 'SS'), ids('exploitative_conditions', 'MMM'), ids(d, 'SM')));
        expect(result.outcome).toBe('presumed_victim');
        expect(result.elements).toEqual({
          recruitment: { met: true, required: true },
          exploitation: { met: true, required: true },
          coercion: { met: true, required: true },
        });
        expect(result.askNext).toEqual([]);
      });
    }

  it.each([
    ['no recruitment', present(ids('exploitative_conditions', 'SS'), ids('coercion_at_destination', 'SS'))],
    ['no exploitation', present(ids('deceptive_recruitment', 'SS'), ids('coercion_at_destination', 'SS'))],
    [
      'no coercion or abuse of vulnerability at destination',
      present(ids('deceptive_recruitment', 'SS'), ids('exploitative_conditions', 'SS')),
    ],
    [
      'every element one indicator short',
      present(
        ids('deceptive_recruitment', 'S'),
        ids('exploitative_conditions', 'MM'),
        ids('coercion_at_destination', 'MW'),
      ),
    ],
  ])('%s → possible victim, not presumed', (_why, answers) => {
    expect(classify(adult, answers).outcome).toBe('possible_victim');
  });
});

describe('step 2: children need recruitment and exploitation, no means', () => {
  it('recruitment + exploitation is enough for a child, not for an adult', () => {
    const answers = present(ids('deceptive_recruitment', 'SM'), ids('exploitative_conditions', 'SM'));
    const forChild = classify(child, answers);
    expect(forChild.outcome).toBe('presumed_victim');
    expect(forChild.elements.coercion).toEqual({ met: false, required: false });
    expect(classify(adult, answers).outcome).toBe('possible_victim');
  });

  it.each(['deceptive_recruitment', 'coercive_recruitment', 'recruitment_abuse_of_vulnerability'] as const)(
    '%s counts as recruitment for a child',
    (r) => {
      expect(classify(child, present(ids(r, 'MMW'), ids('exploitative_conditions', 'SW'))).outcome).toBe(
        'presumed_victim',
      );
    },
  );

  it('a child still needs both recruitment and exploitation', () => {
    expect(
      classify(child, present(ids('exploitative_conditions', 'SS'), ids('coercion_at_destination', 'SS'))).outcome,
    ).toBe('possible_victim');
    expect(
      classify(child, present(ids('coercive_recruitment', 'SS'), ids('coercion_at_destination', 'SS'))).outcome,
    ).toBe('possible_victim');
  });
});

describe('possible_victim (Lantern tier): some dimension met or one medium short', () => {
  it.each(['S', 'MM', 'MW', 'SS', 'MMM'])('one dimension with %s → possible victim', (pattern) => {
    expect(classify(adult, present(ids('abuse_of_vulnerability_at_destination', pattern))).outcome).toBe(
      'possible_victim',
    );
  });
  it.each(['', 'M', 'W', 'WW', 'WWW'])('one dimension with "%s" → no indicators met', (pattern) => {
    expect(classify(adult, present(ids('abuse_of_vulnerability_at_destination', pattern))).outcome).toBe(
      'no_indicators_met',
    );
  });
  it('single mediums and weak ones spread over dimensions → no indicators met', () => {
    const answers = present(...DIMENSION_IDS.map((d, i) => ids(d, i % 2 ? 'M' : 'WWW')));
    expect(classify(adult, answers).outcome).toBe('no_indicators_met');
  });
});

describe('forced-criminality extension (adult labour set)', () => {
  const set = getSet('ilo-2009-adult-labour')!;

  it('extension indicators count into their dimension', () => {
    const r = classify(
      set,
      present([
        'al.dec.fc_online_job_offer',
        'al.dec.wages',
        'al.exp.fc_fines',
        'al.exp.low_no_pay',
        'al.exp.bad_living',
        'al.cod.fc_quota_punishment',
        'al.cod.fc_scam_quotas',
      ]),
    );
    expect(r.outcome).toBe('presumed_victim');
    expect(dim(r, 'deceptive_recruitment').present).toEqual(['al.dec.wages', 'al.dec.fc_online_job_offer']);
    expect(dim(r, 'coercion_at_destination').counts).toEqual({ strong: 1, medium: 1, weak: 0 });
  });

  it('an extension indicator and the ILO indicator it refines count once', () => {
    const same = classify(set, present(['al.cod.documents', 'al.cod.fc_passport_taken_on_arrival']));
    expect(dim(same, 'coercion_at_destination')).toMatchObject({
      met: false,
      counts: { strong: 1, medium: 0, weak: 0 },
    });
    const twoWordingsOfIsolation = classify(set, present(['al.cod.fc_guarded_compound', 'al.cod.fc_phone_controlled']));
    expect(dim(twoWordingsOfIsolation, 'coercion_at_destination').met).toBe(false);
    const twoFacts = classify(set, present(['al.cod.fc_passport_taken_on_arrival', 'al.cod.fc_guarded_compound']));
    expect(dim(twoFacts, 'coercion_at_destination').met).toBe(true);
  });

  it('a scam-compound returnee described only with extension indicators can be presumed a victim', () => {
    const r = classify(
      set,
      present([
        'al.dec.fc_online_job_offer',
        'al.dec.travel_recruitment',
        'al.exp.excessive_hours',
        'al.exp.fc_fines',
        'al.cod.fc_passport_taken_on_arrival',
        'al.cod.fc_forced_online_fraud',
      ]),
    );
    expect(r.outcome).toBe('presumed_victim');
  });
});

describe('askNext', () => {
  it('is empty once the outcome is presumed victim: nothing can change it', () => {
    expect(
      classify(
        adult,
        present(
          ids('deceptive_recruitment', 'SS'),
          ids('exploitative_conditions', 'SS'),
          ids('coercion_at_destination', 'SS'),
        ),
      ).askNext,
    ).toEqual([]);
  });

  it('asks only about dimensions the rule still needs', () => {
    const r = classify(adult, present(ids('deceptive_recruitment', 'SS'), ids('exploitative_conditions', 'SS')));
    const dims = new Set(r.askNext.map((id) => id.split('.')[0]));
    expect(dims).toEqual(new Set(['coercion_at_destination', 'abuse_of_vulnerability_at_destination']));
    expect(r.askNext).toHaveLength(18);
  });

  it('never asks a child about coercion once recruitment and exploitation are the only gap', () => {
    const r = classify(child, present(ids('deceptive_recruitment', 'SS')));
    expect(new Set(r.askNext.map((id) => id.split('.')[0]))).toEqual(new Set(['exploitative_conditions']));
  });

  it('orders: completes a needed dimension alone first, then by fewest further indicators, then strong before medium before weak', () => {
    const r = classify(
      adult,
      present(ids('deceptive_recruitment', 'SS'), ids('exploitative_conditions', 'SS'), ['coercion_at_destination.m1']),
    );
    const cod = (s: string) => `coercion_at_destination.${s}`;
    const avd = (s: string) => `abuse_of_vulnerability_at_destination.${s}`;
    expect(r.askNext).toEqual([
      // each meets coercion on its own (1 strong + the medium present), which completes the rule
      cod('s1'),
      cod('s2'),
      cod('s3'),
      // each needs one more indicator in its dimension: strong, then medium, then weak (set order within a strength)
      avd('s1'),
      avd('s2'),
      avd('s3'),
      cod('m2'),
      cod('m3'),
      avd('m1'),
      avd('m2'),
      avd('m3'),
      cod('w1'),
      cod('w2'),
      cod('w3'),
      avd('w1'),
      avd('w2'),
      avd('w3'),
    ]);
  });

  it('on a real list, puts the strong destination indicators first for a deceived and exploited adult (AL-04)', () => {
    const r = classify(
      getSet('ilo-2009-adult-labour')!,
      present(['al.dec.nature_of_job', 'al.dec.wages', 'al.exp.excessive_hours', 'al.exp.low_no_pay']),
    );
    expect(r.outcome).toBe('possible_victim');
    expect(r.askNext.slice(0, 4)).toEqual([
      'al.cod.documents',
      'al.cod.debt_bondage',
      'al.cod.isolation',
      'al.cod.violence',
    ]);
    expect(r.askNext.every((id) => id.startsWith('al.cod.') || id.startsWith('al.avd.'))).toBe(true);
    expect(r.askNext).toHaveLength(23 + 7); // every coercion and abuse-of-vulnerability-at-destination indicator
  });

  it('leaves out answered indicators and those that cannot change the outcome', () => {
    const answers: Record<string, 'present' | 'absent'> = {};
    for (const d of DIMENSION_IDS) for (const id of ids(d, 'SSSMMMWWW')) answers[id] = 'absent';
    delete answers['exploitative_conditions.w1']; // a lone weak indicator can never lift the outcome
    expect(classify(adult, answers)).toMatchObject({ outcome: 'no_indicators_met', askNext: [] });
    delete answers['exploitative_conditions.m1']; // now together they could (medium + weak is near-threshold)
    expect(classify(adult, answers).askNext).toEqual(['exploitative_conditions.m1', 'exploitative_conditions.w1']);
  });

  it('is empty when the rule can no longer be satisfied and the tier cannot rise', () => {
    const answers: Record<string, 'present' | 'absent'> = {
      ...(present(ids('deceptive_recruitment', 'SS')) as Record<string, 'present'>),
    };
    for (const d of ['coercion_at_destination', 'abuse_of_vulnerability_at_destination'] as const)
      for (const id of ids(d, 'SSSMMMWWW')) answers[id] = 'absent';
    expect(classify(adult, answers)).toMatchObject({ outcome: 'possible_victim', askNext: [] });
  });

  it('skips an unknown extension indicator once the ILO indicator it refines is present', () => {
    const r = classify(getSet('ilo-2009-adult-labour')!, present(['al.cod.documents']));
    expect(r.askNext).not.toContain('al.cod.fc_passport_taken_on_arrival');
    expect(r.askNext).toContain('al.cod.fc_guarded_compound');
  });
});

describe('validation', () => {
  const set = getSet('ilo-2009-adult-labour')!;

  it('rejects unknown ids and ids of another set, listing them', () => {
    const call = () => classify(set, { 'al.dec.wages': 'present', 'cl.dec.wages': 'present', 'no.such.id': 'absent' });
    expect(call).toThrow(ScreeningInputError);
    try {
      call();
    } catch (e) {
      const err = e as ScreeningInputError;
      expect(err.unknownIndicators).toEqual(['cl.dec.wages', 'no.such.id']);
      expect(err.setId).toBe('ilo-2009-adult-labour');
      expect(err.errors).toEqual([
        { field: 'answers.cl.dec.wages', message: 'not an indicator of ilo-2009-adult-labour' },
        { field: 'answers.no.such.id', message: 'not an indicator of ilo-2009-adult-labour' },
      ]);
    }
  });

  it('rejects values other than present, absent or unknown', () => {
    const bad = { 'al.dec.wages': 'yes' } as unknown as Answers;
    expect(() => classify(set, bad)).toThrow(expect.objectContaining({ invalidValues: ['al.dec.wages'] }));
  });

  it('treats missing and unknown answers alike', () => {
    expect(classify(set, { 'al.dec.wages': 'unknown' })).toEqual(classify(set, {}));
  });

  it('keeps no state between calls', () => {
    const before = classify(set, {});
    classify(set, present(['al.cod.documents', 'al.cod.violence']));
    expect(classify(set, {})).toEqual(before);
  });
});
