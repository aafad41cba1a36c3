// Reports and escalations per campaign site and month (issue 14 §3), released under the statistics
// capability's disclosure control (src/statistics/suppression.ts, the same k as every statistics table). Pure.
//
// Each measure is a 2-D table, sites × months, with its margins (per site, per month, and the total); a count
// from 1 to k−1 is hidden, and enough other entries that it cannot be recovered from the margins. A small count
// matters here: a site with one report in a month can point at the one person who scanned its poster. The
// sites (the register) and the months are public, so zeros are shown.
import type { Cell } from '../contract/schemas/statistics.js';
import { suppressedCells, type ReleasedCells } from '../statistics/cells.js';
import { suppressTable } from '../statistics/suppression.js';

export const SITE_MEASURES = ['reports', 'escalations'] as const;
export type SiteMeasure = (typeof SITE_MEASURES)[number];

export interface SiteMonthCount {
  site: string;
  month: string;
  reports: number;
  escalations: number;
}

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month `n` months after `month` (YYYY-MM; negative goes back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const shown = (value: number): Cell => ({ value, status: 'shown' });

/** One measure's table over `sites` × `months`, suppressed at k, and how many entries it hides. */
export function releaseSiteTable(
  sites: readonly string[],
  months: readonly string[],
  counts: readonly SiteMonthCount[],
  measure: SiteMeasure,
  k: number,
): { table: ReleasedCells; hidden: number } {
  const siteIndex = new Map(sites.map((s, i) => [s, i]));
  const monthIndex = new Map(months.map((m, j) => [m, j]));
  const cells = sites.map(() => months.map(() => 0));
  for (const c of counts) {
    const i = siteIndex.get(c.site);
    const j = monthIndex.get(c.month);
    if (i !== undefined && j !== undefined) cells[i]![j]! += c[measure];
  }
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = months.map((_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  if (sites.length === 0)
    return {
      table: { cells: [], rowTotals: [], columnTotals: months.map(() => shown(0)), total: shown(0) },
      hidden: 0,
    };
  const table = { cells, rowTotals, columnTotals, total };
  const suppression = suppressTable(table, k);
  return { table: suppressedCells(table, suppression), hidden: suppression.primary + suppression.secondary };
}
