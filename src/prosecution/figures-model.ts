// Prosecution figures (issue 13 §4) from the rows of the prosecution files, and their disclosure control
// with the statistics capability's own suppression (src/statistics/suppression.ts, the same k). Pure.
//
// Counted per measure, each a 1-D table released under small-cell and secondary suppression:
// - cases_initiated: cases with a decision to initiate the criminal case;
// - accused: accused (a suspect charged in a case; one person in two cases counts twice);
// - indicted: accused with a charge indicted (or tried: a verdict is recorded);
// - convicted: accused whose last verdict (appeal over first instance) convicts.
// By article an accused counts under each article charged, so an article table's total is the sum over
// articles, not the number of accused. By province (the person's province, else the case's origin
// province, else 'unknown') each case counts once. A cell is also hidden when it holds 1..k−1 cases.
// The median days from initiation to the first verdict is released only over at least k cases.
import { suppressTable } from '../statistics/suppression.js';

export const FIGURE_MEASURES = ['cases_initiated', 'accused', 'indicted', 'convicted'] as const;
export type FigureMeasure = (typeof FIGURE_MEASURES)[number];

export interface FigureRows {
  /** case id -> date of its (first) case_initiated step */
  initiated: Map<string, string>;
  charges: { caseId: string; suspectId: string; article: string; outcome: string }[];
  verdicts: { caseId: string; suspectId: string; instance: string; outcome: string; date: string }[];
  /** case id -> province code or 'unknown' */
  province: Map<string, string>;
}

export interface FigureCell {
  value: number | null;
  status: 'shown' | 'suppressed';
}
export interface FigureTable {
  cells: FigureCell[][];
  rowTotals: FigureCell[];
}

/** One 1-D line of counts with, per entry, the distinct cases behind it, released with suppression at k. */
export function releaseLine(values: number[], cases: number[], total: number, totalCases: number, k: number) {
  const result = suppressTable(
    {
      cells: [values],
      rowTotals: [],
      columnTotals: [],
      total,
      persons: { cells: [cases], rowTotals: [], columnTotals: [], total: totalCases },
    },
    k,
    { oneDimension: true },
  );
  const cell = (value: number, hidden: boolean): FigureCell =>
    hidden ? { value: null, status: 'suppressed' } : { value, status: 'shown' };
  return { cells: values.map((v, j) => cell(v, result.cells[0]![j]!)), total: cell(total, result.total) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The released figures by article and by province, and the median days from initiation to the first verdict. */
export function prosecutionFigureTables(
  rows: FigureRows,
  articles: readonly string[],
  provinces: readonly string[],
  k: number,
) {
  const pair = (c: { caseId: string; suspectId: string }) => `${c.caseId}:${c.suspectId}`;
  const lastVerdict = new Map<string, { instance: string; outcome: string }>();
  const firstVerdictDate = new Map<string, string>();
  for (const v of rows.verdicts) {
    const key = pair(v);
    const known = lastVerdict.get(key);
    if (!known || v.instance === 'appeal') lastVerdict.set(key, v);
    const first = firstVerdictDate.get(v.caseId);
    if (!first || v.date < first) firstVerdictDate.set(v.caseId, v.date);
  }
  const indictedPairs = new Set<string>();
  for (const c of rows.charges)
    if (['indicted', 'convicted', 'acquitted'].includes(c.outcome) || lastVerdict.has(pair(c)))
      indictedPairs.add(pair(c));
  const convictedPairs = new Set([...lastVerdict].filter(([, v]) => v.outcome === 'convicted').map(([key]) => key));

  // measure -> column -> the units counted (case ids or case:suspect pairs) and the cases behind them
  const tableOf = (
    columns: readonly string[],
    chargeColumn: (c: FigureRows['charges'][number]) => string,
    caseColumn: ((caseId: string) => string) | null,
  ): FigureTable => {
    const units = FIGURE_MEASURES.map(() => columns.map(() => new Set<string>()));
    const cases = FIGURE_MEASURES.map(() => columns.map(() => new Set<string>()));
    const put = (m: number, column: string, unit: string, caseId: string) => {
      const j = columns.indexOf(column);
      if (j < 0) return;
      units[m]![j]!.add(unit);
      cases[m]![j]!.add(caseId);
    };
    if (caseColumn) for (const caseId of rows.initiated.keys()) put(0, caseColumn(caseId), caseId, caseId);
    for (const c of rows.charges) {
      const column = chargeColumn(c);
      if (!caseColumn && rows.initiated.has(c.caseId)) put(0, column, c.caseId, c.caseId);
      put(1, column, pair(c), c.caseId);
      if (indictedPairs.has(pair(c))) put(2, column, pair(c), c.caseId);
      if (convictedPairs.has(pair(c))) put(3, column, pair(c), c.caseId);
    }
    const cells: FigureCell[][] = [];
    const rowTotals: FigureCell[] = [];
    FIGURE_MEASURES.forEach((_, m) => {
      const values = units[m]!.map((set) => set.size);
      const casesPer = cases[m]!.map((set) => set.size);
      const allCases = new Set(cases[m]!.flatMap((set) => [...set]));
      // the total released is the sum over the columns (by article, an accused counts under each article)
      const line = releaseLine(
        values,
        casesPer,
        values.reduce((x, y) => x + y, 0),
        allCases.size,
        k,
      );
      cells.push(line.cells);
      rowTotals.push(line.total);
    });
    return { cells, rowTotals };
  };
  const provinceOf = (caseId: string) => rows.province.get(caseId) ?? 'unknown';
  const byArticle = tableOf(articles, (c) => c.article, null);
  const byProvince = tableOf(provinces, (c) => provinceOf(c.caseId), provinceOf);
  const durations = [...rows.initiated].flatMap(([caseId, from]) => {
    const to = firstVerdictDate.get(caseId);
    return to && to >= from ? [days(from, to)] : [];
  });
  const medianDays: FigureCell =
    durations.length >= k ? { value: median(durations), status: 'shown' } : { value: null, status: 'suppressed' };
  return { byArticle, byProvince, medianDays, durations: durations.length };
}
