import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../contract/statistics.js';
import { QUASI_IDENTIFIERS } from './htcds-fields.js';
import { chooseGeneralisation, CombinationCounter, equivalenceClasses, type Hierarchy } from './k-anonymity.js';

// The mechanical checker: every equivalence class of the released rows holds at least k rows.
function releasedRows(hierarchies: readonly Hierarchy[], records: string[][], k: number, share = 0.05) {
  const counter = new CombinationCounter(hierarchies.length);
  for (const r of records) counter.add(r);
  const g = chooseGeneralisation(hierarchies, counter.entries(), { k, maxSuppressedShare: share });
  const rows = records.map((r) => g.apply(r)).filter((r): r is string[] => r !== null);
  return { g, rows };
}
function assertKAnonymous(rows: string[][], width: number, k: number) {
  const classes = equivalenceClasses(
    rows,
    Array.from({ length: width }, (_, i) => i),
  );
  for (const n of classes.values()) expect(n).toBeGreaterThanOrEqual(k);
}

const age: Hierarchy = {
  name: 'age',
  levels: ['band', 'minor_adult', '*'],
  generalise: (v) => (v === '0-11' || v === '12-17' ? 'minor' : 'adult'),
};
const sex: Hierarchy = { name: 'sex', levels: ['sex', '*'], generalise: (v) => v };

describe('k-anonymity by full-domain generalisation', () => {
  it('keeps the data as it is when every combination already holds k records', () => {
    const records = [...Array(11).fill(['18-24', 'female']), ...Array(12).fill(['25-34', 'male'])] as string[][];
    const { g, rows } = releasedRows([age, sex], records, 11);
    expect(g.levels).toEqual([0, 0]);
    expect(g.suppressed).toBe(0);
    expect(rows).toHaveLength(23);
  });

  it('generalises age bands to minor/adult when bands are too small, rather than suppressing', () => {
    // 6 + 6 adults in two bands, 11 minors: no band of adults reaches 11; together they do.
    const records = [
      ...Array(6).fill(['18-24', 'female']),
      ...Array(6).fill(['25-34', 'female']),
      ...Array(11).fill(['12-17', 'female']),
    ] as string[][];
    const { g, rows } = releasedRows([age, sex], records, 11);
    expect(g.levelNames).toEqual({ age: 'minor_adult', sex: 'sex' });
    expect(g.suppressed).toBe(0);
    expect(rows.filter((r) => r[0] === 'adult')).toHaveLength(12);
    assertKAnonymous(rows, 2, 11);
  });

  it('suppresses a small outlier when that costs less than the bound, instead of generalising everyone', () => {
    // 100 records in two big classes and 1 outlier: suppressing 1 % beats generalising.
    const records = [
      ...Array(50).fill(['18-24', 'female']),
      ...Array(50).fill(['25-34', 'male']),
      ['50+', 'male'],
    ] as string[][];
    const { g, rows } = releasedRows([age, sex], records, 11);
    expect(g.levels).toEqual([0, 0]);
    expect(g.suppressed).toBe(1);
    expect(rows).toHaveLength(100);
  });

  it('with a bound of 0, generalises until nothing needs suppressing', () => {
    const records = [...Array(50).fill(['18-24', 'female']), ...Array(50).fill(['25-34', 'female'])] as string[][];
    records.push(['50+', 'male']);
    const { g, rows } = releasedRows([age, sex], records, 11, 0);
    expect(g.suppressed).toBe(0);
    expect(rows).toHaveLength(101);
    assertKAnonymous(rows, 2, 11);
  });

  it('releases nothing when there are fewer than k records in all', () => {
    const records = Array(10).fill(['18-24', 'female']) as string[][];
    const { g, rows } = releasedRows([age, sex], records, 11);
    expect(rows).toHaveLength(0);
    expect(g.suppressed).toBe(10);
  });

  it('refuses a hierarchy that is not a tree', () => {
    const broken: Hierarchy = { name: 'x', levels: ['a', 'b', 'c', '*'], generalise: (v, l) => (l === 1 ? 'same' : v) };
    const counter = new CombinationCounter(1);
    counter.add(['p']);
    counter.add(['q']);
    expect(() => chooseGeneralisation([broken], counter.entries(), { k: 2 })).toThrow(/not a tree/);
  });

  it('property: the output is k-anonymous, within the suppression bound, on random populations', () => {
    const bands = [...AGE_BANDS, 'unknown'];
    const person = fc.tuple(
      fc.constantFrom(...bands),
      fc.constantFrom('female', 'male', 'other', 'unknown'),
      fc.constantFrom('VN', 'KH', 'LA', 'CN', 'TH', 'FR', 'US', 'NG', 'stateless', 'unknown'),
      fc.constantFrom('ha-noi', 'lao-cai', 'nghe-an', 'ho-chi-minh', 'an-giang', 'gia-lai', 'unknown'),
      fc.constantFrom('2018', '2019', '2021', '2024', '2025'),
      fc.constantFrom(
        'forced_labour',
        'sexual_exploitation',
        'forced_criminality',
        'begging',
        'forced_labour|sexual_exploitation',
        'unknown',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 0, maxLength: 400 }),
        fc.integer({ min: 2, max: 15 }),
        fc.constantFrom(0, 0.01, 0.05, 0.2),
        (people, k, share) => {
          const records = people.map((p) => [...p]);
          const { g, rows } = releasedRows(QUASI_IDENTIFIERS, records, k, share);
          assertKAnonymous(rows, QUASI_IDENTIFIERS.length, k);
          expect(rows.length + g.suppressed).toBe(records.length);
          // Within the bound, unless even the top node cannot keep within it (fewer than k records).
          if (records.length >= k) expect(g.suppressed).toBeLessThanOrEqual(share * records.length);
          // Minimality: no node one step below the chosen one is acceptable.
          for (let i = 0; i < g.levels.length; i++) {
            if (g.levels[i] === 0) continue;
            const lower = g.levels.slice();
            lower[i]! -= 1;
            const classes = equivalenceClasses(
              records.map((r) => r.map((v, j) => generaliseAt(QUASI_IDENTIFIERS[j]!, v, lower[j]!))),
              QUASI_IDENTIFIERS.map((_, j) => j),
            );
            let suppressed = 0;
            for (const n of classes.values()) if (n < k) suppressed += n;
            expect(suppressed).toBeGreaterThan(share * records.length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

function generaliseAt(h: Hierarchy, value: string, level: number): string {
  if (level === 0) return value;
  if (level === h.levels.length - 1) return '*';
  return h.generalise(value, level);
}
