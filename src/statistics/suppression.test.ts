import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import lp from 'javascript-lp-solver';
import {
  InvalidTableError,
  readerInterval,
  suppressTable,
  type CountTable,
  type HiddenPattern,
  type Suppression,
} from './suppression.js';

// ---------------------------------------------------------------------------------------------------------
// An exact attacker, independent of the method: given everything the release shows (the shown entries, the
// line equations of the table with its margins, counts ≥ 0), the least and greatest value each hidden entry can
// take, by linear programming over the hidden entries. The constraint matrix of a 2-D table with margins is
// totally unimodular, so these LP bounds are the integer bounds too.
// ---------------------------------------------------------------------------------------------------------

type Entry = { i: number; j: number };
// The package's types are CommonJS-flavoured (the solver under `default`); vitest loads its ES module.
type Solver = typeof lp.default;
const solver: Solver = 'Solve' in lp ? (lp as unknown as Solver) : lp.default;

function extended<T>(t: { cells: T[][]; rowTotals: T[]; columnTotals: T[]; total: T }): T[][] {
  return [...t.cells.map((row, i) => [...row, t.rowTotals[i]!]), [...t.columnTotals, t.total]];
}

function hiddenArray(s: HiddenPattern): boolean[][] {
  return extended(s);
}

/** The attacker's interval for each hidden entry. */
function attackerBounds(table: CountTable, s: HiddenPattern): Map<string, { min: number; max: number }> {
  const values = extended(table);
  const hidden = hiddenArray(s);
  const rows = values.length - 1;
  const columns = values[0]!.length - 1;
  const name = (i: number, j: number) => `x${i}_${j}`;
  const constraints: Record<string, { equal: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const lines: { id: string; entries: Entry[] }[] = [];
  for (let i = 0; i <= rows; i++)
    lines.push({ id: `r${i}`, entries: Array.from({ length: columns + 1 }, (_, j) => ({ i, j })) });
  for (let j = 0; j <= columns; j++)
    lines.push({ id: `c${j}`, entries: Array.from({ length: rows + 1 }, (_, i) => ({ i, j })) });
  for (const line of lines) {
    // Σ inner − last = 0, with the shown entries moved to the right-hand side.
    let rhs = 0;
    let anyHidden = false;
    line.entries.forEach((e, n) => {
      const coefficient = n === line.entries.length - 1 ? -1 : 1;
      if (hidden[e.i]![e.j]) {
        anyHidden = true;
        const v = (variables[name(e.i, e.j)] ??= {});
        v[line.id] = coefficient;
      } else rhs -= coefficient * values[e.i]![e.j]!;
    });
    if (anyHidden) constraints[line.id] = { equal: rhs };
  }
  const bounds = new Map<string, { min: number; max: number }>();
  for (const target of Object.keys(variables)) {
    const solve = (opType: 'max' | 'min'): number => {
      const vars: Record<string, Record<string, number>> = {};
      for (const [id, coefficients] of Object.entries(variables))
        vars[id] = { ...coefficients, goal: id === target ? 1 : 0 };
      // (Presolve off: javascript-lp-solver 1.0.3's presolve misreports the optimum of some models with
      // several equalities. The objective is the target itself, so its value is read back and compared.)
      const result = solver.Solve({
        optimize: 'goal',
        opType,
        constraints,
        variables: vars,
        options: { presolve: false },
      }) as { feasible: boolean; bounded?: boolean; result: number } & Record<string, number | undefined>;
      expect(result.feasible).toBe(true); // the true table is a solution
      if (result.bounded === false) return opType === 'max' ? Infinity : -Infinity;
      const value = result[target] ?? 0;
      expect(result.result).toBeCloseTo(value, 6);
      return value;
    };
    bounds.set(target, { min: solve('min'), max: solve('max') });
  }
  return bounds;
}

/** Asserts the release is safe: nothing shown is 1..k−1 and every primary's interval contains [0, k]. */
function assertProtected(table: CountTable, k: number, s: Suppression): void {
  const values = extended(table);
  const persons = table.persons ? extended(table.persons) : null;
  const hidden = hiddenArray(s);
  const bounds = attackerBounds(table, s);
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      const small = (v >= 1 && v < k) || (persons !== null && persons[i]![j]! >= 1 && persons[i]![j]! < k);
      if (!hidden[i]![j]) {
        expect(small, `shown entry (${i}, ${j}) = ${v} is small`).toBe(false);
        return;
      }
      if (!small) return;
      const b = bounds.get(`x${i}_${j}`)!;
      expect(b.min, `entry (${i}, ${j}) = ${v} is known to be non-zero`).toBeLessThanOrEqual(1e-6);
      expect(b.max, `entry (${i}, ${j}) = ${v} is known to be small`).toBeGreaterThanOrEqual(k - 1e-6);
    }),
  );
}

function tableOf(cells: number[][]): CountTable {
  const columns = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: columns }, (_, j) => cells.reduce((a, row) => a + row[j]!, 0));
  return { cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

function withPersons(table: CountTable, persons: number[][]): CountTable {
  // (Here a person is in one cell only, so the persons' margins are sums too.)
  return { ...table, persons: tableOf(persons) };
}

const hiddenCount = (s: Suppression) =>
  s.cells.flat().filter(Boolean).length +
  s.rowTotals.filter(Boolean).length +
  s.columnTotals.filter(Boolean).length +
  (s.total ? 1 : 0);

describe('the exact attacker', () => {
  it('recovers a small cell hidden alone, and one hidden with too small a rectangle', () => {
    const table = tableOf([
      [4, 30],
      [25, 30],
    ]);
    const alone: Suppression = {
      cells: [
        [true, false],
        [false, false],
      ],
      rowTotals: [false, false],
      columnTotals: [false, false],
      total: false,
      primary: 1,
      secondary: 0,
    };
    expect(attackerBounds(table, alone).get('x0_0')).toEqual({ min: 4, max: 4 });
    expect(() => assertProtected(table, 10, alone)).toThrow(/known to be non-zero/);
    // Hiding its row partner too: the shown column total still gives 29 − 25 = 4.
    const rowOnly = {
      ...alone,
      cells: [
        [true, true],
        [false, false],
      ],
    };
    expect(attackerBounds(table, rowOnly).get('x0_0')).toEqual({ min: 4, max: 4 });
    // A rectangle whose partners cannot fall far enough: the cell can grow by 2 only.
    const tight = tableOf([
      [4, 2],
      [2, 30],
    ]);
    const all = {
      ...alone,
      cells: [
        [true, true],
        [true, true],
      ],
    };
    expect(attackerBounds(tight, all).get('x0_0')).toEqual({ min: 0, max: 6 });
    expect(() => assertProtected(tight, 10, all)).toThrow(/known to be small/);
  });
});

describe('suppressTable: worked examples', () => {
  it('hides one small cell with the cheapest rectangle that lets it reach 0 and k', () => {
    const table = tableOf([
      [3, 40, 25],
      [30, 50, 12],
      [20, 60, 70],
    ]);
    const s = suppressTable(table, 10);
    // The cheapest rectangle: 25 in its row, 30 in its column, 12 opposite (cost 67; 25 + 20 + 70 = 115 and
    // 40 + 30 + 50 = 120 cost more). The 12 need only be able to fall by 3; the 25 and the 30 by 7.
    expect(s.cells).toEqual([
      [true, false, true],
      [true, false, true],
      [false, false, false],
    ]);
    expect(s.rowTotals.some(Boolean) || s.columnTotals.some(Boolean) || s.total).toBe(false);
    expect(s.primary).toBe(1);
    expect(s.secondary).toBe(3);
    assertProtected(table, 10, s);
  });

  it('does not let a hidden cell be recovered from its row total (the differencing attack)', () => {
    const table = tableOf([
      [4, 30],
      [25, 30],
    ]);
    const s = suppressTable(table, 10);
    // Hiding the 4 alone: 34 − 30 = 4. With a 2 × 2 table every cell must go.
    expect(s.cells).toEqual([
      [true, true],
      [true, true],
    ]);
    assertProtected(table, 10, s);
  });

  it('protects a partner that is only just large enough: the 4 must be able to reach k', () => {
    // Partner 6 in the row could only absorb a move of 6 from the 4 (up to 10): enough at k = 10, not at k = 11.
    const table = tableOf([
      [4, 6, 50],
      [20, 30, 40],
    ]);
    assertProtected(table, 10, suppressTable(table, 10));
    assertProtected(table, 11, suppressTable(table, 11));
  });

  it('hides a row total of many facts but few persons, spread over its cells, with its line', () => {
    // Row 0: 12 facts of 3 persons over three cells; no rectangle can take 12 out of the row.
    const table = withPersons(
      tableOf([
        [10, 1, 1],
        [41, 10, 0],
      ]),
      [
        [1, 1, 1],
        [8, 3, 0],
      ],
    );
    const s = suppressTable(table, 11);
    expect(s.rowTotals[0]).toBe(true);
    expect(s.total).toBe(true);
    assertProtected(table, 11, s);
  });

  it('protects a small row total spread over small cells', () => {
    // Row 0 totals 5 over three cells: no single rectangle can empty it.
    const table = tableOf([
      [1, 2, 2, 0],
      [30, 40, 50, 60],
      [25, 35, 45, 55],
    ]);
    const s = suppressTable(table, 10);
    expect(s.rowTotals[0]).toBe(true);
    expect(s.cells[0]).toEqual([true, true, true, false]); // the zero stays shown
    assertProtected(table, 10, s);
  });

  it('hides a small column total as well as a small row total', () => {
    const table = tableOf([
      [1, 20, 30],
      [2, 25, 35],
      [3, 15, 40],
    ]);
    const s = suppressTable(table, 10);
    expect(s.columnTotals[0]).toBe(true);
    assertProtected(table, 10, s);
  });

  it('shows everything when nothing is small, and zeros are shown', () => {
    const table = tableOf([
      [0, 12],
      [15, 0],
    ]);
    const s = suppressTable(table, 10);
    expect(hiddenCount(s)).toBe(0);
    expect(s).toMatchObject({ primary: 0, secondary: 0 });
  });

  it('shows an all-zero table', () => {
    const s = suppressTable(
      tableOf([
        [0, 0, 0],
        [0, 0, 0],
      ]),
      10,
    );
    expect(hiddenCount(s)).toBe(0);
  });

  it('hides every non-zero entry when the total itself is small', () => {
    const table = tableOf([
      [1, 0, 2],
      [0, 3, 0],
    ]);
    const s = suppressTable(table, 10);
    expect(s.total).toBe(true);
    expect(s.cells).toEqual([
      [true, false, true],
      [false, true, false],
    ]);
    assertProtected(table, 10, s);
  });

  it('protects when everything is small', () => {
    const table = tableOf([
      [1, 2],
      [3, 1],
    ]);
    const s = suppressTable(table, 10);
    expect(hiddenCount(s)).toBe(9);
    assertProtected(table, 10, s);
  });

  it('protects a one-dimension table: a small cell and a partner large enough, and the mirror of the line', () => {
    const table = tableOf([[3, 12, 40, 0]]);
    const s = suppressTable(table, 10, { oneDimension: true });
    // The 3 with the 12 (12 ≥ 10 − 3, the cheapest partner); the total stays shown.
    expect(s.cells).toEqual([[true, true, false, false]]);
    expect(s.columnTotals).toEqual(s.cells[0]);
    expect(s.rowTotals).toEqual([s.total]);
    expect(s.total).toBe(false);
    expect(s).toMatchObject({ primary: 1, secondary: 1 });
    assertProtected(table, 10, s);
  });

  it('takes a one-dimension table without its margins (they are its cells and its total)', () => {
    const line = { cells: [[3, 12, 40, 0]], rowTotals: [], columnTotals: [], total: 55 };
    expect(suppressTable(line, 10, { oneDimension: true })).toEqual(
      suppressTable(tableOf([[3, 12, 40, 0]]), 10, { oneDimension: true }),
    );
    expect(() => suppressTable({ ...line, total: 54 }, 10, { oneDimension: true })).toThrow(InvalidTableError);
  });

  it('protects a one-dimension table whose only partner is too small: the total goes', () => {
    const table = tableOf([[3, 5, 0]]);
    const s = suppressTable(table, 10, { oneDimension: true });
    expect(s.total).toBe(true);
    assertProtected(table, 10, s);
  });

  it('protects a one-dimension table with one small cell among large ones: the partner need not be small', () => {
    const table = tableOf([[2, 100, 250]]);
    const s = suppressTable(table, 10, { oneDimension: true });
    expect(s.cells).toEqual([[true, true, false]]);
    assertProtected(table, 10, s);
  });

  it('protects a 2-D table whose row domain has one value (its column totals are its cells)', () => {
    const table = tableOf([[3, 12, 40]]);
    const s = suppressTable(table, 10);
    expect(s.columnTotals).toEqual(s.cells[0]);
    assertProtected(table, 10, s);
  });

  it('protects a one-column table', () => {
    const table = tableOf([[3], [12], [40], [0]]);
    const s = suppressTable(table, 10);
    expect(s.rowTotals).toEqual(s.cells.map((row) => row[0]));
    assertProtected(table, 10, s);
  });

  it('protects a one-cell table', () => {
    const small = tableOf([[4]]);
    const s = suppressTable(small, 10);
    expect(hiddenCount(s)).toBe(4);
    assertProtected(small, 10, s);
    expect(hiddenCount(suppressTable(tableOf([[40]]), 10))).toBe(0);
  });

  it('hides a cell of many facts but few persons, as far down as zero', () => {
    // 14 cases of 2 persons: the count is not small, its persons are.
    const table = withPersons(
      tableOf([
        [14, 30, 22],
        [20, 40, 35],
      ]),
      [
        [2, 30, 20],
        [18, 40, 30],
      ],
    );
    const s = suppressTable(table, 10);
    expect(s.cells[0]![0]).toBe(true);
    expect(s.primary).toBe(1);
    assertProtected(table, 10, s);
  });

  it('is deterministic', () => {
    const table = tableOf([
      [3, 40, 40, 3],
      [40, 3, 40, 40],
      [40, 40, 3, 40],
    ]);
    expect(suppressTable(table, 10)).toEqual(suppressTable(structuredClone(table), 10));
  });

  it('takes a table with no rows (an empty domain)', () => {
    const s = suppressTable({ cells: [], rowTotals: [], columnTotals: [0, 0], total: 0 }, 10);
    expect(s).toEqual({
      cells: [],
      rowTotals: [],
      columnTotals: [false, false],
      total: false,
      primary: 0,
      secondary: 0,
    });
  });

  it('hides nothing with k = 1 (no count is from 1 to 0)', () => {
    expect(hiddenCount(suppressTable(tableOf([[1, 2]]), 1))).toBe(0);
  });

  it('refuses a table whose margins do not add up, or that is not counts', () => {
    const table = tableOf([[3, 12]]);
    expect(() => suppressTable({ ...table, total: 16 }, 10)).toThrow(InvalidTableError);
    expect(() => suppressTable({ ...table, rowTotals: [14] }, 10)).toThrow(InvalidTableError);
    expect(() => suppressTable(tableOf([[3, -1]]), 10)).toThrow(InvalidTableError);
    expect(() => suppressTable(tableOf([[3, 1.5]]), 10)).toThrow(InvalidTableError);
    expect(() => suppressTable(tableOf([[3], [4]]), 10, { oneDimension: true })).toThrow(InvalidTableError);
    expect(() => suppressTable(withPersons(table, [[4, 12]]), 10)).toThrow(InvalidTableError);
    expect(() => suppressTable(table, 0)).toThrow(RangeError);
  });
});

// Values skewed to small: zeros, small counts and a few large ones.
const count = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 9 }), weight: 4 },
  { arbitrary: fc.integer({ min: 10, max: 40 }), weight: 3 },
  { arbitrary: fc.integer({ min: 41, max: 500 }), weight: 1 },
);
const matrix = (maxRows: number, maxColumns: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxColumns }))
    .chain(([r, c]) => fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
const minCell = fc.constantFrom(3, 5, 10, 11);

describe('suppressTable: protection checked by an exact attacker over random tables', () => {
  it('2-D tables up to 8 × 8', () => {
    fc.assert(
      fc.property(matrix(8, 8), minCell, (cells, k) => {
        const table = tableOf(cells);
        assertProtected(table, k, suppressTable(table, k));
      }),
      { numRuns: 150 },
    );
  });

  it('one-dimension tables', () => {
    fc.assert(
      fc.property(matrix(1, 12), minCell, (cells, k) => {
        const table = tableOf(cells);
        const s = suppressTable(table, k, { oneDimension: true });
        expect(s.columnTotals).toEqual(s.cells[0]);
        expect(s.rowTotals).toEqual([s.total]);
        assertProtected(table, k, s);
      }),
      { numRuns: 150 },
    );
  });

  it('tables of facts with distinct persons per cell', () => {
    const table = matrix(6, 6).chain((cells) =>
      fc.tuple(
        fc.constant(cells),
        fc.tuple(...cells.map((row) => fc.tuple(...row.map((v) => fc.integer({ min: v > 0 ? 1 : 0, max: v }))))),
      ),
    );
    fc.assert(
      fc.property(table, minCell, ([cells, persons], k) => {
        const t = withPersons(tableOf(cells), persons as number[][]);
        assertProtected(t, k, suppressTable(t, k));
      }),
      { numRuns: 100 },
    );
  });

  it('mostly small tables (the hard case)', () => {
    const small = fc.oneof(
      { arbitrary: fc.constant(0), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 12 }), weight: 4 },
    );
    const cells = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
      .chain(([r, c]) => fc.array(fc.array(small, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
    fc.assert(
      fc.property(cells, (c) => {
        const table = tableOf(c);
        assertProtected(table, 10, suppressTable(table, 10));
      }),
      { numRuns: 150 },
    );
  });
});

describe('readerInterval (the exact reader inside suppressTable) agrees with the LP attacker', () => {
  it('on random tables with random hidden entries', () => {
    const case_ = matrix(5, 5).chain((cells) =>
      fc.tuple(
        fc.constant(cells),
        fc.array(fc.array(fc.boolean(), { minLength: cells[0]!.length + 1, maxLength: cells[0]!.length + 1 }), {
          minLength: cells.length + 1,
          maxLength: cells.length + 1,
        }),
      ),
    );
    fc.assert(
      fc.property(case_, ([cells, mask]) => {
        const table = tableOf(cells);
        const rows = cells.length;
        const columns = cells[0]!.length;
        const pattern: HiddenPattern = {
          cells: mask.slice(0, rows).map((row) => row.slice(0, columns)),
          rowTotals: mask.slice(0, rows).map((row) => row[columns]!),
          columnTotals: mask[rows]!.slice(0, columns),
          total: mask[rows]![columns]!,
        };
        const lp = attackerBounds(table, pattern);
        const values = extended(table);
        for (let i = 0; i <= rows; i++)
          for (let j = 0; j <= columns; j++) {
            const exact = readerInterval(table, pattern, i, j);
            const bound = lp.get(`x${i}_${j}`) ?? { min: values[i]![j]!, max: values[i]![j]! };
            expect(exact.min).toBeCloseTo(bound.min, 6);
            if (bound.max === Infinity) expect(exact.max).toBe(Infinity);
            else expect(exact.max).toBeCloseTo(bound.max, 6);
          }
      }),
      { numRuns: 150 },
    );
  });
});

describe('suppressTable: larger tables against the LP attacker', () => {
  it('15 × 15 tables of mixed counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(count, { minLength: 15, maxLength: 15 }), { minLength: 15, maxLength: 15 }),
        (cells) => {
          const table = tableOf(cells);
          assertProtected(table, 10, suppressTable(table, 10));
        },
      ),
      { numRuns: 5 },
    );
  });
});
