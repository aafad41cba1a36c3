// Pure helpers of the statistics screens (issue 11 §4): no React, no chart library, tested alone.
// Every figure they handle is a controlled cell from the server: a suppressed cell has no value
// and nothing here tries to recover one; what is derived (a share, a chart point) uses shown and
// noisy cells only, and says when a part was left out.
import type { StatisticsCell, StatisticsTable } from './types';

export type Cell = StatisticsCell;

/** The mark of a suppressed cell, in every language (as official tables print it). */
export const SUPPRESSED_MARK = 'x';

/** Whether a cell has a value that may be shown (shown, or noisy with its uncertainty). */
export const hasValue = (cell: Cell | undefined): cell is Cell & { value: number } =>
  !!cell && cell.status !== 'suppressed' && cell.value !== null;

/** A cell as a table prints it: the number, "x" when suppressed, "n ± u" when noisy. */
export function cellText(cell: Cell | undefined, number: (n: number) => string): string {
  if (!hasValue(cell)) return SUPPRESSED_MARK;
  if (cell.status === 'noisy' && cell.uncertainty !== undefined && cell.uncertainty > 0)
    return `${number(cell.value)} ± ${number(Math.round(cell.uncertainty))}`;
  return number(cell.value);
}

/** The kinds of mark the cells a table shows carry, for its legend (a one-dimension table shows no margins but its total). */
export function marksOf(table: StatisticsTable): { suppressed: boolean; noisy: boolean } {
  const all = table.rows
    ? [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total]
    : [...table.cells.flat(), table.total];
  return { suppressed: all.some((c) => c.status === 'suppressed'), noisy: all.some((c) => c.status === 'noisy') };
}

export interface ChartSeries {
  /** null: the row of a one-dimension table. */
  row: string | null;
  /** One point per column: null where the cell is suppressed (a gap, never a zero). */
  values: (number | null)[];
}
export interface ChartData {
  columns: string[];
  series: ChartSeries[];
  /** Columns with at least one suppressed point, to mark on the chart's axis. */
  suppressedColumns: string[];
}

/** What a chart draws of a table: every row's shown and noisy values; suppressed cells are gaps. */
export function chartData(table: StatisticsTable): ChartData {
  const rows = table.rows ?? [null];
  const series = table.cells.map((cells, i) => ({
    row: rows[i] ?? null,
    values: table.columns.map((_, j) => (hasValue(cells[j]) ? cells[j]!.value : null)),
  }));
  const suppressedColumns = table.columns.filter((_, j) => series.some((s) => s.values[j] === null));
  return { columns: table.columns, series, suppressedColumns };
}

/**
 * The same, with the table's rows along the axis and one series per column (e.g. months along the
 * axis, "within" and "late" as two series); a one-dimension table is returned as chartData gives it.
 */
export function chartDataByRows(table: StatisticsTable): ChartData {
  if (!table.rows) return chartData(table);
  const series = table.columns.map((column, j) => ({
    row: column,
    values: table.cells.map((cells) => (hasValue(cells[j]) ? cells[j]!.value : null)),
  }));
  const columns = table.rows;
  const suppressedColumns = columns.filter((_, i) => series.some((s) => s.values[i] === null));
  return { columns, series, suppressedColumns };
}

export interface DeadlineShare {
  /** Whole percent of decisions made within the statutory period; null when it cannot be computed from shown cells. */
  percent: number | null;
  within: number;
  considered: number;
  /** A part of the decisions was in suppressed cells and is left out of the share. */
  partial: boolean;
}

/**
 * The share of verification decisions made within the deadline, from a table whose columns are
 * `deadline` (within, late), with or without rows (e.g. by month). The columns' totals are used
 * when both are shown; otherwise the rows whose two cells are both shown; a row with a suppressed
 * cell is left out (never guessed), and `partial` says so.
 */
export function shareWithinDeadline(table: StatisticsTable): DeadlineShare {
  const w = table.columns.indexOf('within');
  const l = table.columns.indexOf('late');
  if (w < 0 || l < 0) return { percent: null, within: 0, considered: 0, partial: true };
  const pair = (cells: Cell[]) => (hasValue(cells[w]) && hasValue(cells[l]) ? [cells[w].value, cells[l].value] : null);
  let within = 0;
  let late = 0;
  let partial = false;
  const totals = pair(table.columnTotals);
  if (totals) [within, late] = totals as [number, number];
  else
    for (const cells of table.cells) {
      const p = pair(cells);
      if (p) {
        within += p[0]!;
        late += p[1]!;
      } else partial = true;
    }
  const considered = within + late;
  return {
    percent: considered > 0 ? Math.round((within * 100) / considered) : null,
    within,
    considered,
    partial,
  };
}

/** A window of whole months, as GET /statistics/tables takes it. */
export interface Window {
  from: string;
  to: string;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** The whole months from `fromMonth` to `toMonth` (YYYY-MM); null when not a window. */
export function monthsWindow(fromMonth: string, toMonth: string): Window | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(fromMonth) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(toMonth)) return null;
  if (fromMonth > toMonth) return null;
  const [y, m] = toMonth.split('-').map(Number) as [number, number];
  return { from: `${fromMonth}-01`, to: `${toMonth}-${pad(lastDay(y, m))}` };
}

/** A calendar year as a window. */
export const yearWindow = (year: number): Window => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The last twelve whole months up to and including the month of `today` (YYYY-MM-DD). */
export function lastTwelveMonths(today: string): Window {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const start = new Date(Date.UTC(y, m - 12, 1));
  return monthsWindow(`${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}`, today.slice(0, 7))!;
}

/** The address of exactly a released table again, as a file: never a new request for it. */
export function releaseUrl(releaseId: string, format: 'csv' | 'xlsx', language: string): string {
  return `/api/v1/statistics/releases/${encodeURIComponent(releaseId)}?format=${format}&language=${language}`;
}

/** The query of a table request; its string is also the key under which a released table is kept. */
export interface TableRequest extends Window {
  indicator: string;
  rows?: string;
  columns: string;
  mode: 'suppression' | 'dp';
  epsilon?: number;
}
export function tableQuery(r: TableRequest): Record<string, string> {
  const q: Record<string, string> = {
    indicator: r.indicator,
    columns: r.columns,
    from: r.from,
    to: r.to,
    mode: r.mode,
  };
  if (r.rows) q.rows = r.rows;
  if (r.mode === 'dp' && r.epsilon !== undefined) q.epsilon = String(r.epsilon);
  return q;
}
export const tableKey = (r: TableRequest): string => new URLSearchParams(tableQuery(r)).toString();

/** The ε a set of differentially private tables spends together (sequential composition), rounded for display. */
export const epsilonOf = (tables: number, epsilon: number): number => Math.round(tables * epsilon * 1000) / 1000;
