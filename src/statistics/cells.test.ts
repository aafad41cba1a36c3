import { describe, it, expect } from 'vitest';
import { noisyCells, suppressedCells } from './cells.js';
import { noisyTable } from './dp.js';
import { suppressTable } from './suppression.js';

describe('released cells', () => {
  it('give a suppressed entry no value, and show the others', () => {
    const table = {
      cells: [
        [3, 40],
        [25, 30],
      ],
      rowTotals: [43, 55],
      columnTotals: [28, 70],
      total: 98,
    };
    const released = suppressedCells(table, suppressTable(table, 10));
    expect(released.cells[0]![0]).toEqual({ value: null, status: 'suppressed' });
    expect(released.total).toEqual({ value: 98, status: 'shown' });
    const values = [...released.cells.flat(), ...released.rowTotals, ...released.columnTotals, released.total];
    for (const cell of values) {
      if (cell.status === 'suppressed') expect(cell.value).toBeNull();
      else expect(cell.value === 0 || cell.value! >= 10).toBe(true);
    }
    expect(values.filter((c) => c.status === 'suppressed')).toHaveLength(4);
  });

  it('mark every noisy figure with its uncertainty', () => {
    const released = noisyCells(noisyTable([[5, 0, 12]], 1));
    const values = [...released.cells.flat(), ...released.rowTotals, ...released.columnTotals, released.total];
    for (const cell of values) {
      expect(cell.status).toBe('noisy');
      expect(Number.isSafeInteger(cell.value) && cell.value! >= 0).toBe(true);
      expect(cell.uncertainty).toBeGreaterThan(0);
    }
    expect(released.cells[0]![0]!.uncertainty).toBe(3);
  });
});
