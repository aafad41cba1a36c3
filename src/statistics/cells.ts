// The released cells of the fixed table response ({ value, status, uncertainty? }), from a count table
// and its suppression pattern, or from a noisy table. Pure: the one place a hidden count becomes null.
import type { Cell } from '../contract/schemas/statistics.js';
import type { NoisyTable } from './dp.js';
import type { CountTable, Suppression } from './suppression.js';

export interface ReleasedCells {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
}

const shownOrHidden = (value: number, hidden: boolean): Cell =>
  hidden ? { value: null, status: 'suppressed' } : { value, status: 'shown' };

/** The cells of a suppressed table: a hidden entry has no value at all (null), never its count. */
export function suppressedCells(table: CountTable, suppression: Suppression): ReleasedCells {
  return {
    cells: table.cells.map((row, i) => row.map((v, j) => shownOrHidden(v, suppression.cells[i]![j]!))),
    rowTotals: table.rowTotals.map((v, i) => shownOrHidden(v, suppression.rowTotals[i]!)),
    columnTotals: table.columnTotals.map((v, j) => shownOrHidden(v, suppression.columnTotals[j]!)),
    total: shownOrHidden(table.total, suppression.total),
  };
}

const noisy = (value: number, uncertainty: number): Cell => ({ value, status: 'noisy', uncertainty });

/** The cells of a noisy table, each with the half-width of its 95 % interval. */
export function noisyCells(table: NoisyTable): ReleasedCells {
  const u = table.uncertainty;
  return {
    cells: table.cells.map((row, i) => row.map((v, j) => noisy(v, u.cells[i]![j]!))),
    rowTotals: table.rowTotals.map((v, i) => noisy(v, u.rowTotals[i]!)),
    columnTotals: table.columnTotals.map((v, j) => noisy(v, u.columnTotals[j]!)),
    total: noisy(table.total, u.total),
  };
}
