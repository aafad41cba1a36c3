// Small-cell and secondary suppression of 1-D and 2-D count tables with margins (issue 11 §2).
// Pure: no I/O, no imports.
//
// Written by hand: no npm library does statistical disclosure control of a table with its margins
// correctly (the packages found either hide small cells only, which lets a reader recover them by
// differencing from the totals, or call out to τ-ARGUS / R's sdcTable). The method is the one of
// τ-ARGUS's hypercube (GHMITER) restricted to two dimensions:
//
// - The table is an extended array of (R+1) × (C+1) entries: the cells, each row's total in the last
//   column, each column's total in the last row, and the grand total in the corner. Every row and
//   every column of the extended array is an additive line: its inner entries sum to its last entry.
// - Primary suppression: an entry whose count is 1..k−1 (or, with `persons`, whose distinct persons
//   are 1..k−1) is never shown. Zero is shown: every dimension's domain is public (src/contract/statistics.ts).
// - Secondary suppression: a reader knows every shown entry, the line equations and that counts are
//   non-negative. For each primary entry p of value v the interval of values p can take under that
//   knowledge must contain [0, k]: the reader can tell neither that p is small nor that it is non-zero.
//   For each primary we choose a rectangle (4-cycle) of the extended array through p: p, an entry in
//   p's row, one in p's column and the opposite corner. Adding +d to p and ±d to the three others
//   (the signs alternate round the cycle, and flip for a total, which moves with its inner entries)
//   keeps every line equation, so if the four entries are hidden and none goes negative for every d
//   in [−v, k−v], the reader cannot exclude any value of p in [0, k]. Such a cycle is a feasible move
//   of the true table, so the protection it proves is a lower bound of the reader's real uncertainty:
//   sound. Among the rectangles that protect p we choose the one that newly hides the least (the sum
//   of the values it newly suppresses, then the fewest entries; entries already hidden cost nothing).
// - Before hiding anything new for p, p's exact protection is computed (readerInterval's max-flow: what
//   the reader knows is a flow problem on the rows and columns of the extended array): the entries
//   hidden so far often protect p already by several cycles together, and then nothing more is hidden.
// - An inner cell always has a protecting rectangle (its row total, column total and the grand total
//   all hold at least its value). A margin may have none (its line's value is spread over several
//   small cells): then its whole line is hidden with the opposite totals of the line's non-zero
//   entries and the grand total, which lets the reader empty the line or grow it without bound.
//
// Deterministic (a fixed order over the primaries, ties broken by position); a 40 × 40 table takes a few ms.
// Soundness is checked mechanically by suppression.test.ts with an exact LP attacker.

export interface CountTable {
  /** rows × columns (a 1-D table has exactly one row) */
  cells: number[][];
  /** one per row */
  rowTotals: number[];
  /** one per column */
  columnTotals: number[];
  total: number;
  /** distinct persons per cell, when a cell may hold several facts of one person (cases, events); omit when counts are persons */
  persons?: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number };
}

/** Which entries are hidden (true) and how many were hidden for being small (primary) or to protect them (secondary). */
export interface Suppression {
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
  total: boolean;
  /** primary suppressions (in a 1-D table the cells and the total; else the cells, margins and total) */
  primary: number;
  /** secondary suppressions, counted the same way */
  secondary: number;
}

/** A table that is not a count table with additive margins: a defect of the caller, never of the request. */
export class InvalidTableError extends Error {
  constructor(detail: string) {
    super(`Not a count table with additive margins: ${detail}`);
    this.name = 'InvalidTableError';
  }
}

function checkCount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidTableError(`${where} is ${String(value)}, not a non-negative integer`);
  return value;
}

/** The extended array of a table, row-major, (rows + 1) × (columns + 1). */
function extendedArray(
  t: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number },
  rows: number,
  columns: number,
  what: string,
): Float64Array {
  const width = columns + 1;
  const values = new Float64Array((rows + 1) * width);
  if (!Array.isArray(t.cells) || t.cells.length !== rows)
    throw new InvalidTableError(`${what}cells has the wrong shape`);
  if (!Array.isArray(t.rowTotals) || t.rowTotals.length !== rows)
    throw new InvalidTableError(`${what}rowTotals needs one per row`);
  if (!Array.isArray(t.columnTotals) || t.columnTotals.length !== columns)
    throw new InvalidTableError(`${what}columnTotals needs one per column`);
  for (let i = 0; i < rows; i++) {
    const row = t.cells[i];
    if (!Array.isArray(row) || row.length !== columns)
      throw new InvalidTableError(`${what}cells[${i}] needs ${columns} columns`);
    for (let j = 0; j < columns; j++) values[i * width + j] = checkCount(row[j], `${what}cells[${i}][${j}]`);
    values[i * width + columns] = checkCount(t.rowTotals[i], `${what}rowTotals[${i}]`);
  }
  for (let j = 0; j < columns; j++)
    values[rows * width + j] = checkCount(t.columnTotals[j], `${what}columnTotals[${j}]`);
  values[rows * width + columns] = checkCount(t.total, `${what}total`);
  return values;
}

/** Whether a's lines add up: each row and column of the extended array sums to its last entry. */
function checkAdditive(a: Float64Array, rows: number, columns: number): void {
  const width = columns + 1;
  for (let i = 0; i <= rows; i++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) sum += a[i * width + j]!;
    if (sum !== a[i * width + columns])
      throw new InvalidTableError(
        i < rows ? `row ${i} sums to ${sum}, not its total` : 'the column totals do not sum to the total',
      );
  }
  for (let j = 0; j <= columns; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += a[i * width + j]!;
    if (sum !== a[rows * width + j])
      throw new InvalidTableError(
        j < columns ? `column ${j} sums to ${sum}, not its total` : 'the row totals do not sum to the total',
      );
  }
}

/**
 * The reader's exact knowledge, as a flow problem. A change δ of the extended array that keeps every line
 * equation is, once each entry's δ is multiplied by its sign (+1 for an inner cell or the grand total, −1
 * for a margin), a circulation on the bipartite graph of the array's rows and columns: entry (x, y) is an
 * edge between row x and column y. Only hidden entries may change, and none may fall below zero: an entry
 * of sign +1 can carry any flow from its row to its column and up to its value back; one of sign −1 the
 * reverse. So p can grow by as much flow as can return from p's column to p's row through the other hidden
 * entries (sign +1; the reverse for a margin), and shrink by as much as can go the other way.
 * This is what an LP over the hidden entries computes (the tests check one against the other).
 */
/** The buffers of maxFlow for one table shape: suppressTable asks many times. */
interface Workspace {
  forward: Float64Array;
  backward: Float64Array;
  via: Int32Array;
  queue: Int32Array;
}

function workspaceFor(rows: number, columns: number): Workspace {
  const size = (rows + 1) * (columns + 1);
  const nodes = rows + columns + 2;
  return {
    forward: new Float64Array(size),
    backward: new Float64Array(size),
    via: new Int32Array(nodes),
    queue: new Int32Array(nodes),
  };
}

function maxFlow(
  values: Float64Array,
  hidden: Uint8Array,
  rows: number,
  columns: number,
  skip: number,
  fromRow: boolean,
  row: number,
  column: number,
  limit: number,
  workspace: Workspace,
): number {
  const width = columns + 1;
  const size = (rows + 1) * width;
  // Residual capacities, row → column and column → row, of each hidden entry other than `skip`.
  const { forward, backward, via, queue } = workspace;
  for (let e = 0; e < size; e++) {
    if (!hidden[e] || e === skip) {
      forward[e] = backward[e] = 0;
      continue;
    }
    const inner = Math.floor(e / width) < rows === e % width < columns; // sign +1
    forward[e] = inner ? Infinity : values[e]!;
    backward[e] = inner ? values[e]! : Infinity;
  }
  // Nodes: rows 0..rows, then columns as rows + 1 + y; `via` is the entry a node was reached through.
  const source = fromRow ? row : rows + 1 + column;
  const sink = fromRow ? rows + 1 + column : row;
  let flow = 0;
  while (flow < limit) {
    via.fill(-1);
    via[source] = size;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    while (head < tail && via[sink] === -1) {
      const n = queue[head++]!;
      if (n <= rows) {
        for (let y = 0; y <= columns; y++) {
          const e = n * width + y;
          if (forward[e]! > 0 && via[rows + 1 + y] === -1) {
            via[rows + 1 + y] = e;
            queue[tail++] = rows + 1 + y;
          }
        }
      } else {
        const y = n - rows - 1;
        for (let x = 0; x <= rows; x++) {
          const e = x * width + y;
          if (backward[e]! > 0 && via[x] === -1) {
            via[x] = e;
            queue[tail++] = x;
          }
        }
      }
    }
    if (via[sink] === -1) break;
    // The bottleneck along the path, walking back from the sink.
    let push = limit - flow;
    for (let n = sink; n !== source;) {
      const e = via[n]!;
      if (n > rows) {
        push = Math.min(push, forward[e]!);
        n = Math.floor(e / width);
      } else {
        push = Math.min(push, backward[e]!);
        n = rows + 1 + (e % width);
      }
    }
    for (let n = sink; n !== source;) {
      const e = via[n]!;
      if (n > rows) {
        forward[e] = forward[e]! - push;
        backward[e] = backward[e]! + push;
        n = Math.floor(e / width);
      } else {
        backward[e] = backward[e]! - push;
        forward[e] = forward[e]! + push;
        n = rows + 1 + (e % width);
      }
    }
    flow += push;
  }
  return flow;
}

/** How far hidden entry p can grow (up to `up`) and shrink (up to `down`) for a reader of the release. */
function room(
  values: Float64Array,
  hidden: Uint8Array,
  rows: number,
  columns: number,
  p: number,
  up: number,
  down: number,
  workspace: Workspace = workspaceFor(rows, columns),
): { up: number; down: number } {
  const width = columns + 1;
  const row = Math.floor(p / width);
  const column = p % width;
  const inner = row < rows === column < columns;
  return {
    up: up > 0 ? maxFlow(values, hidden, rows, columns, p, !inner, row, column, up, workspace) : 0,
    down: down > 0 ? maxFlow(values, hidden, rows, columns, p, inner, row, column, down, workspace) : 0,
  };
}

/** Which entries a release hides, in the shape of the table. */
export interface HiddenPattern {
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
  total: boolean;
}

/**
 * The exact interval a reader can narrow an entry to, knowing the shown entries of `table` under
 * `pattern`, the line equations and that counts are non-negative. The entry is (row, column) of the
 * extended array: row = the number of rows for the column totals, column = the number of columns for the
 * row totals (both for the grand total). A shown entry's interval is its value.
 */
export function readerInterval(
  table: CountTable,
  pattern: HiddenPattern,
  row: number,
  column: number,
): { min: number; max: number } {
  const rows = table.cells.length;
  const columns = table.columnTotals.length;
  const values = extendedArray(table, rows, columns, '');
  checkAdditive(values, rows, columns);
  const width = columns + 1;
  const hidden = new Uint8Array((rows + 1) * width);
  for (let i = 0; i <= rows; i++)
    for (let j = 0; j <= columns; j++) {
      const h =
        i < rows
          ? j < columns
            ? pattern.cells[i]![j]
            : pattern.rowTotals[i]
          : j < columns
            ? pattern.columnTotals[j]
            : pattern.total;
      hidden[i * width + j] = h ? 1 : 0;
    }
  if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || row > rows || column < 0 || column > columns)
    throw new RangeError(`No entry (${row}, ${column}) in the table`);
  const p = row * width + column;
  const v = values[p]!;
  if (!hidden[p]) return { min: v, max: v };
  const r = room(values, hidden, rows, columns, p, Infinity, v);
  return { min: v - r.down, max: v + r.up };
}

/** A one-row table with the margins of a line: column totals = cells, row total = total. */
function asLine(table: CountTable): CountTable {
  if (!Array.isArray(table.cells) || table.cells.length !== 1 || !Array.isArray(table.cells[0]))
    throw new InvalidTableError('a one-dimension table has exactly one row');
  const line = <T extends { cells: number[][]; total: number }>(t: T) => ({
    cells: t.cells,
    rowTotals: [t.total],
    columnTotals: Array.isArray(t.cells[0]) ? [...t.cells[0]] : [],
    total: t.total,
  });
  return { ...line(table), ...(table.persons ? { persons: line(table.persons) } : {}) };
}

/**
 * Suppresses a count table for release with minimum cell size k (k = LANTERN_MIN_CELL): every count
 * from 1 to k−1 is hidden (primary), and enough other entries (secondary) that no hidden small count
 * can be narrowed below [0, k] from what is shown. `oneDimension`: the table is a single line (exactly
 * one row): its column totals are its cells and its row total is its total (the given ones are not read,
 * and may be empty), and the pattern returned mirrors them.
 * Throws InvalidTableError when the table is malformed or its margins do not add up.
 */
export function suppressTable(table: CountTable, k: number, options: { oneDimension?: boolean } = {}): Suppression {
  if (options.oneDimension) table = asLine(table);
  if (!Number.isSafeInteger(k) || k < 1)
    throw new RangeError(`The minimum cell size must be a positive integer, not ${k}`);
  const rows = Array.isArray(table.cells) ? table.cells.length : 0;
  const columns = rows > 0 && Array.isArray(table.cells[0]) ? table.cells[0].length : (table.columnTotals?.length ?? 0);
  const width = columns + 1;
  const size = (rows + 1) * width;
  const values = extendedArray(table, rows, columns, '');
  checkAdditive(values, rows, columns);
  const persons = table.persons ? extendedArray(table.persons, rows, columns, 'persons.') : null;
  if (persons) {
    for (let e = 0; e < size; e++)
      if (persons[e]! > values[e]!) throw new InvalidTableError('a count of persons exceeds its count of facts');
  }

  // Primary suppression.
  const hidden = new Uint8Array(size);
  const isPrimary = new Uint8Array(size);
  const primaries: number[] = [];
  for (let e = 0; e < size; e++) {
    const v = values[e]!;
    const small = (v >= 1 && v < k) || (persons !== null && persons[e]! >= 1 && persons[e]! < k);
    if (small) {
      hidden[e] = 1;
      isPrimary[e] = 1;
    }
  }
  // Inner cells first (each has a protecting rectangle through the totals), then the row totals, the
  // column totals and the grand total: by then the hidden cells often protect the margins already.
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) if (isPrimary[i * width + j]) primaries.push(i * width + j);
  for (let i = 0; i < rows; i++) if (isPrimary[i * width + columns]) primaries.push(i * width + columns);
  for (let j = 0; j <= columns; j++) if (isPrimary[rows * width + j]) primaries.push(rows * width + j);

  // Cost of newly hiding an entry: its value first, then one per entry.
  const perEntry = 1;
  const perUnit = size + 1;
  const cost = (e: number): number => (hidden[e] ? 0 : values[e]! * perUnit + perEntry);
  // The sign of an entry in its lines: +1 for an inner cell or the grand total, −1 for a margin.
  const sign = (i: number, j: number): number => (i < rows ? 1 : -1) * (j < columns ? 1 : -1);

  const costA = new Float64Array(width);
  const workspace = workspaceFor(rows, columns);
  for (const p of primaries) {
    const a = Math.floor(p / width);
    const b = p % width;
    const v = values[p]!;
    const up = Math.max(0, k - v); // how far p must be able to grow
    const down = v; // how far p must be able to shrink
    const sp = sign(a, b);
    // Whether an entry of relative sign `rel` in the cycle allows the moves: rel −1 shrinks when p grows.
    const allows = (e: number, rel: number): boolean => values[e]! >= (rel < 0 ? up : down);

    // The entry in p's row, per column j' (relative sign −sign(a,j')·sp).
    for (let j = 0; j <= columns; j++) {
      const e = a * width + j;
      costA[j] = j === b || !allows(e, -sign(a, j) * sp) ? Infinity : cost(e);
    }
    let best = Infinity;
    let bestI = -1;
    let bestJ = -1;
    for (let i = 0; i <= rows && best > 0; i++) {
      if (i === a) continue;
      const eB = i * width + b;
      if (!allows(eB, -sign(i, b) * sp)) continue;
      const cB = cost(eB);
      if (cB >= best) continue;
      for (let j = 0; j <= columns; j++) {
        const cA = costA[j]!;
        if (cA + cB >= best) continue;
        const eD = i * width + j;
        if (!allows(eD, sign(i, j) * sp)) continue;
        const c = cA + cB + cost(eD);
        if (c < best) {
          best = c;
          bestI = i;
          bestJ = j;
          if (c === 0) break;
        }
      }
    }
    if (best === 0) continue; // protected by a rectangle hidden already
    // Protected already by several cycles together (often a margin whose cells were hidden for themselves)?
    const r = room(values, hidden, rows, columns, p, up, down, workspace);
    if (r.up >= up && r.down >= down) continue;
    if (bestI >= 0) {
      hidden[a * width + bestJ] = 1;
      hidden[bestI * width + b] = 1;
      hidden[bestI * width + bestJ] = 1;
      continue;
    }
    // No rectangle protects p (a margin whose value is spread over several cells of its line).
    if (a < rows) {
      // A row total: hide its row's non-zero cells, their column totals and the grand total.
      for (let j = 0; j < columns; j++)
        if (values[a * width + j]! > 0) hidden[a * width + j] = hidden[rows * width + j] = 1;
      hidden[rows * width + columns] = 1;
    } else if (b < columns) {
      // A column total: hide its column's non-zero cells, their row totals and the grand total.
      for (let i = 0; i < rows; i++)
        if (values[i * width + b]! > 0) hidden[i * width + b] = hidden[i * width + columns] = 1;
      hidden[rows * width + columns] = 1;
    } else {
      // The grand total: hide every non-zero entry.
      for (let e = 0; e < size; e++) if (values[e]! > 0) hidden[e] = 1;
    }
  }

  const result: Suppression = {
    cells: Array.from({ length: rows }, (_, i) =>
      Array.from({ length: columns }, (_, j) => hidden[i * width + j] === 1),
    ),
    rowTotals: Array.from({ length: rows }, (_, i) => hidden[i * width + columns] === 1),
    columnTotals: Array.from({ length: columns }, (_, j) => hidden[rows * width + j] === 1),
    total: hidden[rows * width + columns] === 1,
    primary: 0,
    secondary: 0,
  };
  // Count once what is published once: a one-dimension table publishes its cells and its total.
  const counted = (e: number) => {
    if (!options.oneDimension) return true;
    const i = Math.floor(e / width);
    return i === 0;
  };
  for (let e = 0; e < size; e++) {
    if (!hidden[e] || !counted(e)) continue;
    if (isPrimary[e]) result.primary++;
    else result.secondary++;
  }
  return result;
}
