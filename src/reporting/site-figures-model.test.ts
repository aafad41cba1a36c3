import { describe, expect, it } from 'vitest';
import { addMonths, monthsBetween, releaseSiteTable } from './site-figures-model.js';

describe('figures per campaign site and month', () => {
  it('lists the months of a window, across a year', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-03')).toEqual(['2025-03']);
    expect(monthsBetween('2025-04', '2025-03')).toEqual([]);
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-06', -11)).toBe('2024-07');
  });

  it('hides a small count and what would give it away, and shows zeros and large counts', () => {
    const months = ['2025-01', '2025-02'];
    const counts = [
      { site: 'A', month: '2025-01', reports: 40, escalations: 12 },
      { site: 'A', month: '2025-02', reports: 30, escalations: 0 },
      { site: 'B', month: '2025-01', reports: 3, escalations: 0 },
      { site: 'OTHER', month: '2025-01', reports: 99, escalations: 99 }, // not a site of the table: ignored
    ];
    const { table, hidden } = releaseSiteTable(['A', 'B'], months, counts, 'reports', 10);
    expect(table.cells[1]![0]).toEqual({ value: null, status: 'suppressed' });
    expect(table.cells[1]![1]).toEqual({ value: 0, status: 'shown' });
    // B's row and January's column each hide a second entry besides B's January.
    expect([...table.cells[1]!, table.rowTotals[1]!].filter((c) => c.status === 'suppressed').length).toBe(2);
    expect(
      [table.cells[0]![0]!, table.cells[1]![0]!, table.columnTotals[0]!].filter((c) => c.value === null).length,
    ).toBeGreaterThanOrEqual(2);
    expect(hidden).toBeGreaterThanOrEqual(4);
    const escalations = releaseSiteTable(['A', 'B'], months, counts, 'escalations', 10);
    expect(escalations.table.cells[0]![0]).toEqual({ value: 12, status: 'shown' });
    expect(escalations.hidden).toBe(0);
  });

  it('answers an empty register with empty rows and zero totals', () => {
    const { table, hidden } = releaseSiteTable([], ['2025-01'], [], 'reports', 10);
    expect(table).toEqual({
      cells: [],
      rowTotals: [],
      columnTotals: [{ value: 0, status: 'shown' }],
      total: { value: 0, status: 'shown' },
    });
    expect(hidden).toBe(0);
  });
});
