// The statistics screens' pure helpers: what a chart draws of a controlled table, the share within
// the verification deadline from shown cells only, the windows of months, and the release links.
import { describe, expect, it } from 'vitest';
import {
  cellText,
  chartData,
  chartDataByRows,
  epsilonOf,
  lastTwelveMonths,
  marksOf,
  monthsWindow,
  releaseUrl,
  shareWithinDeadline,
  tableKey,
  tableQuery,
  yearWindow,
  type Cell,
} from './statistics';
import type { StatisticsTable } from './types';

const shown = (value: number): Cell => ({ value, status: 'shown' });
const x: Cell = { value: null, status: 'suppressed' };
const noisy = (value: number, uncertainty: number): Cell => ({ value, status: 'noisy', uncertainty });

function table(t: Partial<StatisticsTable> & Pick<StatisticsTable, 'columns' | 'cells'>): StatisticsTable {
  return {
    releaseId: '00000000-0000-4000-8000-000000000001',
    indicator: 'verification_decisions',
    unit: 'case',
    mode: 'suppression',
    from: '2026-01-01',
    to: '2026-03-31',
    asOf: '2026-04-01T00:00:00Z',
    minCell: 10,
    columnDimension: 'deadline',
    rowTotals: t.cells.map(() => x),
    columnTotals: t.columns.map(() => x),
    total: x,
    notes: [],
    ...t,
  };
}

const plain = (n: number) => String(n);

describe('cells as tables print them', () => {
  it('prints a suppressed cell as x, never a number, and a noisy one with its uncertainty', () => {
    expect(cellText(shown(12), plain)).toBe('12');
    expect(cellText(shown(0), plain)).toBe('0');
    expect(cellText(x, plain)).toBe('x');
    // A suppressed cell that (wrongly) carried a value still prints x.
    expect(cellText({ value: 3, status: 'suppressed' }, plain)).toBe('x');
    expect(cellText(noisy(40, 6.4), plain)).toBe('40 ± 6');
  });

  it('says which marks a table carries, for its legend', () => {
    expect(
      marksOf(table({ columns: ['a'], cells: [[shown(20)]], columnTotals: [shown(20)], total: shown(20) })),
    ).toEqual({ suppressed: false, noisy: false });
    expect(marksOf(table({ columns: ['a', 'b'], cells: [[shown(20), x]] }))).toEqual({
      suppressed: true,
      noisy: false,
    });
    expect(
      marksOf(table({ columns: ['a'], cells: [[noisy(5, 3)]], columnTotals: [noisy(5, 3)], total: noisy(5, 3) })),
    ).toEqual({ suppressed: false, noisy: true });
  });
});

describe('chart data from a table with suppressed cells', () => {
  it('leaves a gap (null) for a suppressed cell instead of drawing a zero, and marks its column', () => {
    const t = table({
      columns: ['2026-01', '2026-02', '2026-03'],
      cells: [[shown(14), x, shown(0)]],
    });
    const data = chartData(t);
    expect(data.series).toEqual([{ row: null, values: [14, null, 0] }]);
    expect(data.suppressedColumns).toEqual(['2026-02']);
  });

  it('draws one series per row of a two-dimension table, with noisy values as released', () => {
    const t = table({
      rows: ['2026-01', '2026-02'],
      columns: ['within', 'late'],
      cells: [
        [shown(30), x],
        [noisy(25, 4), noisy(11, 4)],
      ],
    });
    const data = chartData(t);
    expect(data.series).toEqual([
      { row: '2026-01', values: [30, null] },
      { row: '2026-02', values: [25, 11] },
    ]);
    expect(data.suppressedColumns).toEqual(['late']);
    // Months along the axis, "within" and "late" as the series: January is marked, February is not.
    const byRows = chartDataByRows(t);
    expect(byRows.columns).toEqual(['2026-01', '2026-02']);
    expect(byRows.series).toEqual([
      { row: 'within', values: [30, 25] },
      { row: 'late', values: [null, 11] },
    ]);
    expect(byRows.suppressedColumns).toEqual(['2026-01']);
  });
});

describe('share of verification decisions within the deadline', () => {
  it('uses the column totals when both are shown, even if cells inside are suppressed', () => {
    const t = table({
      rows: ['2026-01', '2026-02'],
      columns: ['within', 'late'],
      cells: [
        [shown(40), x],
        [x, shown(12)],
      ],
      columnTotals: [shown(75), shown(25)],
    });
    expect(shareWithinDeadline(t)).toEqual({ percent: 75, within: 75, considered: 100, partial: false });
  });

  it('falls back to the rows whose two cells are shown, and says a part was left out', () => {
    const t = table({
      rows: ['2026-01', '2026-02', '2026-03'],
      columns: ['within', 'late'],
      cells: [
        [shown(30), shown(10)],
        [shown(20), x],
        [shown(18), shown(22)],
      ],
      columnTotals: [shown(68), x],
    });
    // Only January and March: 48 of 80; February's shown "within" is not used without its "late".
    expect(shareWithinDeadline(t)).toEqual({ percent: 60, within: 48, considered: 80, partial: true });
  });

  it('gives no share when nothing usable is shown, rather than 0 % or 100 %', () => {
    const t = table({ columns: ['within', 'late'], cells: [[x, x]] });
    expect(shareWithinDeadline(t)).toEqual({ percent: null, within: 0, considered: 0, partial: true });
    const other = table({ columns: ['identified_victim', 'not_victim'], cells: [[shown(20), shown(20)]] });
    expect(shareWithinDeadline(other).percent).toBeNull();
  });

  it('counts zero decisions as no share', () => {
    const t = table({ columns: ['within', 'late'], cells: [[shown(0), shown(0)]], columnTotals: [shown(0), shown(0)] });
    expect(shareWithinDeadline(t)).toEqual({ percent: null, within: 0, considered: 0, partial: false });
  });
});

describe('windows of whole months', () => {
  it('runs from the first day of the first month to the last day of the last', () => {
    expect(monthsWindow('2024-01', '2024-02')).toEqual({ from: '2024-01-01', to: '2024-02-29' });
    expect(monthsWindow('2025-11', '2026-04')).toEqual({ from: '2025-11-01', to: '2026-04-30' });
    expect(yearWindow(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('refuses a window that ends before it starts or is not made of months', () => {
    expect(monthsWindow('2026-05', '2026-04')).toBeNull();
    expect(monthsWindow('2026-13', '2026-12')).toBeNull();
    expect(monthsWindow('', '2026-04')).toBeNull();
  });

  it('takes the last twelve months up to the month of today', () => {
    expect(lastTwelveMonths('2026-12-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(lastTwelveMonths('2026-03-15')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });
});

describe('requests and releases', () => {
  it('sends ε only in differential privacy, and keys a table by everything that changes it', () => {
    const base = { indicator: 'victims_identified', columns: 'province', from: '2026-01-01', to: '2026-12-31' };
    expect(tableQuery({ ...base, mode: 'suppression', epsilon: 0.5 })).toEqual({ ...base, mode: 'suppression' });
    expect(tableQuery({ ...base, rows: 'sex', mode: 'dp', epsilon: 0.5 })).toEqual({
      ...base,
      rows: 'sex',
      mode: 'dp',
      epsilon: '0.5',
    });
    expect(tableKey({ ...base, mode: 'dp', epsilon: 0.5 })).not.toBe(tableKey({ ...base, mode: 'dp', epsilon: 0.2 }));
    expect(tableKey({ ...base, mode: 'suppression' })).toBe(tableKey({ ...base, mode: 'suppression' }));
  });

  it('downloads a release by its id, in the chosen format and language', () => {
    expect(releaseUrl('abc', 'csv', 'vi')).toBe('/api/v1/statistics/releases/abc?format=csv&language=vi');
    expect(releaseUrl('abc', 'xlsx', 'fr')).toBe('/api/v1/statistics/releases/abc?format=xlsx&language=fr');
  });

  it('adds up the ε of several tables without floating-point noise', () => {
    expect(epsilonOf(9, 0.1)).toBe(0.9);
    expect(epsilonOf(3, 0.05)).toBe(0.15);
  });
});
