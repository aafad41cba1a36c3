import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blockingKeys,
  clusterRecords,
  comparisonLevels,
  estimateParameters,
  febrlSettings,
  linkRecords,
  PERSON_SETTINGS,
  scorePair,
  type LinkRecord,
  type LinkageSettings,
  type ScoredPair,
} from './index.js';
import { mulberry32 } from '../platform/seeded-random.js';

function person(fields: Partial<LinkRecord> & { id: string }): LinkRecord {
  return {
    familyName: null,
    middleName: null,
    givenName: null,
    sex: null,
    dateOfBirth: null,
    birthYear: null,
    province: null,
    idNumbers: [],
    phone: null,
    ...fields,
  };
}

const lan = person({
  id: 'a',
  familyName: 'Nguyễn',
  middleName: 'Thị',
  givenName: 'Lan',
  sex: 'female',
  dateOfBirth: '1998-03-12',
  birthYear: 1998,
  province: 'ha-noi',
  idNumbers: ['001198012345'],
  phone: '0912345678',
});

function levelOf(a: LinkRecord, b: LinkRecord, field: string): string {
  return comparisonLevels(a, b, PERSON_SETTINGS).find((f) => f.field === field)!.level;
}

describe('comparison levels of Lantern persons', () => {
  it('tells an exact name from one typed without diacritics, in capitals or with Telex/VNI keys', () => {
    expect(levelOf(lan, { ...lan, id: 'b' }, 'family_name')).toBe('exact');
    expect(levelOf(lan, { ...lan, id: 'b', familyName: 'NGUYEN' }, 'family_name')).toBe('folded');
    expect(levelOf(lan, { ...lan, id: 'b', familyName: 'Nguyeenx' }, 'family_name')).toBe('folded');
    expect(levelOf(lan, { ...lan, id: 'b', familyName: 'Nguye64n' }, 'family_name')).toBe('folded');
    expect(levelOf(lan, { ...lan, id: 'b', familyName: 'Trần' }, 'family_name')).toBe('different');
  });

  it('takes old and new tone placement as the same exact name', () => {
    const hoa = person({ id: 'x', familyName: 'Lê', givenName: 'Hoà' });
    expect(levelOf(hoa, { ...hoa, id: 'y', givenName: 'Hòa' }, 'given_name')).toBe('exact');
    const thuy = person({ id: 'x', familyName: 'Lê', givenName: 'Thuý' });
    expect(levelOf(thuy, { ...thuy, id: 'y', givenName: 'Thúy' }, 'given_name')).toBe('exact');
    expect(levelOf(thuy, { ...thuy, id: 'y', givenName: 'Thủy' }, 'given_name')).toBe('folded');
  });

  it('recognises a name written given-name-first in one field, and a dropped middle name', () => {
    const foreign = person({ id: 'b', givenName: 'Lan Nguyen Thi' });
    // the given name carries the reordering (an agreement of both names at once); the family name, lined
    // up, is folded, so that the joint agreement is not counted twice
    expect(levelOf(lan, foreign, 'family_name')).toBe('folded');
    expect(levelOf(lan, foreign, 'given_name')).toBe('reordered');
    expect(levelOf(lan, foreign, 'middle_name')).toBe('folded');
    const noMiddle = { ...lan, id: 'c', middleName: null };
    expect(levelOf(lan, noMiddle, 'middle_name')).toBe('middle_dropped');
    expect(levelOf(lan, noMiddle, 'given_name')).toBe('exact');
  });

  it('does not call two different given names reordered because they share the family name', () => {
    // "Lan Nguyen Phuong" read either way is never Nguyễn Phương: Lan is not Phương's given name
    const oneField = person({ id: 'b', givenName: 'Lan Nguyen Phuong' });
    const phuong = person({ id: 'c', familyName: 'Nguyễn', givenName: 'Phương' });
    expect(levelOf(oneField, phuong, 'family_name')).not.toBe('reordered');
    expect(levelOf(oneField, phuong, 'given_name')).not.toBe('reordered');
  });

  it('grades dates of birth: exact, day/month swapped, one digit off, year only, a year apart', () => {
    const at = (dateOfBirth: string | null, birthYear: number | null) => ({ ...lan, id: 'b', dateOfBirth, birthYear });
    expect(levelOf(lan, at('1998-03-12', 1998), 'date_of_birth')).toBe('exact');
    expect(levelOf(lan, at('1998-12-03', 1998), 'date_of_birth')).toBe('dmy_swap');
    expect(levelOf(lan, at('1998-03-13', 1998), 'date_of_birth')).toBe('one_digit_off');
    expect(levelOf(lan, at(null, 1998), 'date_of_birth')).toBe('year_only');
    expect(levelOf(lan, at(null, 1997), 'date_of_birth')).toBe('year_pm1');
    expect(levelOf(lan, at('1998-07-25', 1998), 'date_of_birth')).toBe('same_year');
    expect(levelOf(lan, at('1975-07-25', 1975), 'date_of_birth')).toBe('different');
    expect(levelOf(lan, at(null, null), 'date_of_birth')).toBe('missing');
  });

  it('grades ID numbers and phones, normalising the phone', () => {
    expect(levelOf(lan, { ...lan, id: 'b', idNumbers: ['001198012345'] }, 'id_number')).toBe('exact');
    expect(levelOf(lan, { ...lan, id: 'b', idNumbers: ['001198012346'] }, 'id_number')).toBe('one_digit_off');
    expect(levelOf(lan, { ...lan, id: 'b', idNumbers: ['001198012354'] }, 'id_number')).toBe('one_digit_off');
    expect(levelOf(lan, { ...lan, id: 'b', idNumbers: ['079301999999'] }, 'id_number')).toBe('different');
    // a 9-digit CMND against a 12-digit CCCD: different documents, no evidence either way
    expect(levelOf(lan, { ...lan, id: 'b', idNumbers: ['123456789'] }, 'id_number')).toBe('missing');
    expect(levelOf(lan, { ...lan, id: 'b', phone: '+84 912 345 678' }, 'phone')).toBe('exact');
    expect(levelOf(lan, { ...lan, id: 'b', phone: '0912345679' }, 'phone')).toBe('one_digit_off');
  });

  it('reads Thị and Văn as the sex when none is recorded, and never as identity', () => {
    const van = person({ id: 'b', familyName: 'Nguyễn', middleName: 'Văn', givenName: 'Lan' });
    const noSex = { ...lan, id: 'c', sex: null };
    expect(levelOf(noSex, van, 'sex')).toBe('different');
    expect(levelOf(noSex, { ...noSex, id: 'd', middleName: null }, 'sex')).toBe('missing');
    // Thị on both sides is a middle name agreeing, but weighs little: most women carry it (see TF test)
  });
});

// ---- Estimation on data whose m and u are known ---------------------------------------------

const EXACT_FIELDS = ['f1', 'f2', 'f3', 'f4'];
const TRUE_M = [0.9, 0.8, 0.95, 0.7];
const VALUES = 20; // each field uniform over 20 values: u(exact) = 1/20

function knownData(entities: number, seed: number): LinkRecord[] {
  const random = mulberry32(seed);
  const records: LinkRecord[] = [];
  for (let e = 0; e < entities; e++) {
    const truth = EXACT_FIELDS.map(() => Math.floor(random() * VALUES));
    const copy = truth.map((v, f) =>
      random() < TRUE_M[f]! ? v : (v + 1 + Math.floor(random() * (VALUES - 1))) % VALUES,
    );
    for (const [k, values] of [truth, copy].entries())
      records.push(
        person({ id: `${e}-${k}`, extra: Object.fromEntries(EXACT_FIELDS.map((f, i) => [f, `v${values[i]}`])) }),
      );
  }
  return records;
}

const KNOWN_SETTINGS: LinkageSettings = {
  name: 'known',
  linkType: 'dedupe',
  comparisons: EXACT_FIELDS.map((f) => ({ field: f, kind: 'exact' as const, source: `extra:${f}` })),
  blocking: [
    { name: 'f1_f2', parts: ['extra:f1', 'extra:f2'], holdOut: ['f1', 'f2'] },
    { name: 'f3_f4', parts: ['extra:f3', 'extra:f4'], holdOut: ['f3', 'f4'] },
  ],
  deterministic: [{ name: 'all', parts: EXACT_FIELDS.map((f) => `extra:${f}`), holdOut: [] }],
  deterministicRecall: 0.5,
  maxBlockSize: 1000,
  uSamplePairs: 200_000,
  emMaxPairs: 100_000,
};

describe('estimateParameters', () => {
  const params = estimateParameters(knownData(3000, 7), KNOWN_SETTINGS, { seed: 3 });

  it('recovers u by random sampling and m by EM with the blocking fields held out', () => {
    for (const [i, f] of EXACT_FIELDS.entries()) {
      const fp = params.fields.find((x) => x.field === f)!;
      expect(fp.estimated).toBe(true);
      expect(fp.levels).toEqual(['exact', 'different']);
      expect(fp.u[0]).toBeCloseTo(1 / VALUES, 1);
      expect(Math.abs(fp.m[0]! - TRUE_M[i]!)).toBeLessThan(0.05);
    }
  });

  it('is JSON-serialisable and scores the same once stored and read back', () => {
    const stored = JSON.parse(JSON.stringify(params)) as typeof params;
    const records = knownData(5, 9);
    expect(scorePair(records[0]!, records[1]!, KNOWN_SETTINGS, stored)).toEqual(
      scorePair(records[0]!, records[1]!, KNOWN_SETTINGS, params),
    );
    expect(stored.trainedOn).toBe(6000);
  });

  it('explains every pair: each field with its level and weight, the weights adding up', () => {
    const records = knownData(5, 9);
    const pair = scorePair(records[0]!, records[1]!, KNOWN_SETTINGS, params);
    expect(pair.fields.map((f) => f.field)).toEqual(EXACT_FIELDS);
    const prior = Math.log2(params.lambda / (1 - params.lambda));
    const sum = pair.fields.reduce((s, f) => s + f.weight, prior);
    expect(pair.weight).toBeCloseTo(sum, 2);
    expect(pair.probability).toBeCloseTo(1 / (1 + 2 ** -pair.weight), 3);
  });

  it('keeps two records that agree on nothing out of the review queue, even when trained on a handful', () => {
    const empty = person({ id: 'x' });
    const few = estimateParameters([empty, { ...empty, id: 'y' }], PERSON_SETTINGS);
    expect(scorePair(empty, { ...empty, id: 'y' }, PERSON_SETTINGS, few).probability).toBeLessThan(0.01);
  });

  it("with prior 'candidates', finds the share of matching pairs even when the deterministic recall is wrong", () => {
    const records = knownData(3000, 7);
    const share = 3000 / ((6000 * 5999) / 2); // one match per entity among all pairs
    // the rule "all four fields agree" finds about half the matches (0.9 × 0.8 × 0.95 × 0.7), not 5 %
    const wrong = { ...KNOWN_SETTINGS, deterministicRecall: 0.05 };
    const guessed = estimateParameters(records, wrong, { seed: 3 });
    expect(guessed.lambda / share).toBeGreaterThan(5);
    const fitted = estimateParameters(records, { ...wrong, prior: 'candidates' }, { seed: 3 });
    // the blocking rules propose about 90 % of the matches; pairs they miss count as non-matches
    expect(fitted.lambda / share).toBeGreaterThan(0.75);
    expect(fitted.lambda / share).toBeLessThan(1.05);
  });

  it('refuses a model estimated with other fields', () => {
    expect(() => scorePair(lan, lan, PERSON_SETTINGS, params)).toThrow(/no parameters for field/);
  });
});

// ---- Term frequencies -----------------------------------------------------------------------

describe('term-frequency adjustment', () => {
  it('makes a shared rare family name stronger evidence than a shared Nguyễn', () => {
    const random = mulberry32(11);
    const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
    const givens = ['Lan', 'Hoa', 'Mai', 'Hùng', 'Dũng', 'Tuấn', 'Linh', 'Trang', 'Nam', 'Hải', 'Sơn', 'Hương'];
    const records: LinkRecord[] = [];
    for (let i = 0; i < 4000; i++) {
      const familyName = random() < 0.4 ? 'Nguyễn' : families[Math.floor(random() * families.length)]!;
      const r = person({
        id: `p${i}`,
        familyName,
        givenName: givens[Math.floor(random() * givens.length)]!,
        dateOfBirth: `19${50 + Math.floor(random() * 50)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        idNumbers: [String(100000000 + i)],
      });
      records.push(r);
      if (i % 3 === 0) records.push({ ...r, id: `p${i}-dup` });
    }
    records.push(person({ id: 'rare', familyName: 'Khổng', givenName: 'Lan' }));
    const settings = { ...PERSON_SETTINGS, uSamplePairs: 100_000 };
    const params = estimateParameters(records, settings, { seed: 1 });
    const pair = (family: string) =>
      scorePair(
        person({ id: 'x', familyName: family, givenName: 'Lan', dateOfBirth: '1980-01-11' }),
        person({ id: 'y', familyName: family, givenName: 'Lan', dateOfBirth: '1980-01-11' }),
        settings,
        params,
      );
    const weightOf = (p: ScoredPair) => p.fields.find((f) => f.field === 'family_name')!.weight;
    expect(weightOf(pair('Khổng'))).toBeGreaterThan(weightOf(pair('Nguyễn')) + 3);
    expect(pair('Khổng').probability).toBeGreaterThan(pair('Nguyễn').probability);
  });
});

// ---- Blocking -------------------------------------------------------------------------------

describe('blocking', () => {
  it('never blocks on the family name alone', () => {
    for (const rule of PERSON_SETTINGS.blocking) {
      expect(rule.parts).not.toEqual(['family']);
      // a key of one part is a document or a phone number, never a name
      if (rule.parts.length === 1) expect(['id', 'phone']).toContain(rule.parts[0]);
    }
    const a = person({ id: 'a', familyName: 'Nguyễn', givenName: 'Lan', dateOfBirth: '1990-01-02', birthYear: 1990 });
    const b = person({ id: 'b', familyName: 'Nguyễn', givenName: 'Hùng', dateOfBirth: '1971-05-06', birthYear: 1971 });
    const shared = blockingKeys(a, PERSON_SETTINGS).filter((k) => blockingKeys(b, PERSON_SETTINGS).includes(k));
    expect(shared).toEqual([]);
  });

  it('gives records of one person typed differently a common key', () => {
    const keys = (r: LinkRecord) => new Set(blockingKeys(r, PERSON_SETTINGS));
    const shares = (x: LinkRecord, y: LinkRecord) => [...keys(x)].some((k) => keys(y).has(k));
    const plain = {
      ...lan,
      id: 'b',
      familyName: 'NGUYEN',
      middleName: null,
      givenName: 'LAN',
      idNumbers: [],
      phone: null,
    };
    expect(shares(lan, plain)).toBe(true);
    const foreign = person({ id: 'c', givenName: 'Lan Nguyen Thi', dateOfBirth: '1998-12-03', birthYear: 1998 });
    expect(shares(lan, foreign)).toBe(true);
  });

  it('compares a name with only a year, or only a province, when no document, phone or date is shared', () => {
    const keys = (r: LinkRecord) => new Set(blockingKeys(r, PERSON_SETTINGS));
    const shared = (x: LinkRecord, y: LinkRecord) => [...keys(x)].filter((k) => keys(y).has(k));
    const yearOnly = person({ id: 'y', familyName: 'Nguyen', middleName: 'Thi', givenName: 'Lan', birthYear: 1998 });
    const noProvince = { ...lan, id: 'n', province: null, idNumbers: [], phone: null };
    expect(shared(yearOnly, noProvince)).toEqual(['name_year:lan nguyen thi\u00011998']);
    const noDate = person({ id: 'd', givenName: 'Lan Nguyễn Thị', province: 'ha-noi' });
    expect(shared(noDate, { ...lan, id: 'e', idNumbers: [], phone: null })).toEqual([
      'name_province:lan nguyen thi\u0001ha-noi',
    ]);
    // only in small blocks: a common name with a year is not compared across hundreds of records
    for (const name of ['name_year', 'name_province'])
      expect(PERSON_SETTINGS.blocking.find((r) => r.name === name)?.maxBlockSize).toBeLessThanOrEqual(10);
  });

  it('produces each candidate pair once, whatever the number of rules it meets', () => {
    const params = estimateParameters(
      [lan, { ...lan, id: 'b' }, { ...lan, id: 'c', givenName: 'Hoa' }],
      PERSON_SETTINGS,
    );
    const progress: [number, number][] = [];
    const pairs = linkRecords([lan, { ...lan, id: 'b' }], PERSON_SETTINGS, params, {
      minProbability: 0,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(pairs.map((p) => [p.a, p.b])).toEqual([['a', 'b']]);
    // the pair meets every rule: looked at once per rule, produced once, progress ending at its total
    expect(progress.at(-1)).toEqual([PERSON_SETTINGS.blocking.length, PERSON_SETTINGS.blocking.length]);
  });
});

// ---- Clustering -----------------------------------------------------------------------------

const link = (a: string, b: string, probability: number): ScoredPair => ({
  a,
  b,
  probability,
  weight: Math.log2(probability / (1 - probability)),
  fields: [],
});

describe('clusterRecords', () => {
  it('joins pairs at or above the threshold, named by their smallest id', () => {
    const clusters = clusterRecords(
      ['c', 'b', 'a', 'd'],
      [link('c', 'b', 0.995), link('b', 'a', 0.99), link('c', 'd', 0.5)],
      {
        threshold: 0.99,
      },
    );
    expect(Object.fromEntries(clusters)).toEqual({ a: 'a', b: 'a', c: 'a', d: 'd' });
  });

  it('joins what a reviewer confirmed, whatever the model says', () => {
    const clusters = clusterRecords(['a', 'b'], [link('a', 'b', 0.1)], { threshold: 0.99, confirmed: [['a', 'b']] });
    expect(clusters.get('b')).toBe('a');
  });

  it('never puts records a reviewer separated in one cluster, cutting the weakest link between them', () => {
    const pairs = [link('a', 'b', 0.9999), link('b', 'c', 0.995), link('c', 'd', 0.9999)];
    const clusters = clusterRecords(['a', 'b', 'c', 'd'], pairs, { threshold: 0.99, separated: [['a', 'd']] });
    expect(clusters.get('a')).not.toBe(clusters.get('d'));
    expect(clusters.get('b')).toBe('a');
    expect(clusters.get('d')).toBe('c');
    // a confirmed join does not override a separation either
    const both = clusterRecords(['a', 'b'], [], { threshold: 0.99, confirmed: [['a', 'b']], separated: [['a', 'b']] });
    expect(both.get('a')).not.toBe(both.get('b'));
  });
});

// ---- Accuracy floor on FEBRL1 ---------------------------------------------------------------

describe('accuracy on FEBRL1 (1,000 records, fixtures/febrl1.csv)', () => {
  it('finds the duplicates with pairwise F1 of at least 0.95', () => {
    const text = readFileSync(new URL('./fixtures/febrl1.csv', import.meta.url), 'utf8');
    const [header, ...lines] = text.trim().split('\n');
    const columns = header!.split(',').map((c) => c.trim());
    const records = lines.map((line): LinkRecord => {
      const v = Object.fromEntries(line.split(',').map((x, i) => [columns[i]!, x.trim() || null]));
      const dob = v.date_of_birth && /^\d{8}$/.test(v.date_of_birth) ? v.date_of_birth : null;
      return person({
        id: v.rec_id!,
        familyName: v.surname ?? null,
        givenName: v.given_name ?? null,
        dateOfBirth: dob && `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}`,
        idNumbers: v.soc_sec_id ? [v.soc_sec_id] : [],
        extra: { ...v, dob: v.date_of_birth ?? null },
      });
    });
    const settings = { ...febrlSettings('dedupe'), uSamplePairs: 50_000 };
    const params = estimateParameters(records, settings, { seed: 1 });
    const pairs = linkRecords(records, settings, params, { minProbability: 0.5 });
    const person_ = (id: string) => /^rec-(\d+)-/.exec(id)![1];
    const truePositives = pairs.filter((p) => person_(p.a) === person_(p.b)).length;
    const precision = truePositives / pairs.length;
    const recall = truePositives / 500;
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.95);
  });
});
