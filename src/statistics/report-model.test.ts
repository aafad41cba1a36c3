// The national report's content as a pure function of the released tables, and its PDF's text layer.
import { describe, expect, it } from 'vitest';
import type { Cell, StatisticsTable } from '../contract/schemas/statistics.js';
import { DIMENSIONS, periodLabels, type Dimension } from '../contract/statistics.js';
import { pdfText } from '../../test/support/pdf-text.js';
import { REPORT_SECTIONS, reportModel } from './report-model.js';
import { renderReportPdf } from './report-pdf.js';

const K = 10;
const FROM = '2025-01-01';
const TO = '2025-12-31';

function domain(d: Dimension): string[] {
  const x = DIMENSIONS[d].domain;
  if (x === 'period') return periodLabels(d as 'month', FROM, TO);
  if (x === 'data') return ['Móng Cái'];
  return [...x];
}

/** Released tables as releaseTable gives them: every third cell suppressed, the others ≥ k or 0. */
function released(value: (i: number) => Cell): StatisticsTable[] {
  return REPORT_SECTIONS.map((s) => {
    const columns = domain(s.columns);
    const rows = s.rows ? domain(s.rows) : undefined;
    return {
      releaseId: '6f1c1d1e-0000-4000-8000-000000000000',
      indicator: s.indicator,
      unit: 'person',
      mode: 'suppression',
      from: FROM,
      to: TO,
      asOf: '2026-01-05T02:00:00.000Z',
      minCell: K,
      ...(s.rows ? { rowDimension: s.rows, rows } : {}),
      columnDimension: s.columns,
      columns,
      cells: (rows ?? [null]).map((_, r) => columns.map((_c, c) => value(r * 7 + c))),
      rowTotals: (rows ?? [null]).map((_, r) => value(r + 1)),
      columnTotals: columns.map((_c, c) => value(c + 2)),
      total: { value: 1234, status: 'shown' },
      notes: [],
    };
  });
}

const cellOf = (i: number): Cell =>
  i % 3 === 0
    ? { value: null, status: 'suppressed' }
    : i % 5 === 0
      ? { value: 0, status: 'shown' }
      : { value: K + i, status: 'shown' };

describe('the national report', () => {
  it('prints a suppressed cell as "x" and states the rule under its table, never a count from 1 to k−1', () => {
    const model = reportModel(released(cellOf), { from: FROM, to: TO, language: 'en', minCell: K });
    expect(model.tables.map((t) => t.id)).toEqual(REPORT_SECTIONS.map((s) => s.id));
    for (const table of model.tables) {
      const cells = [...table.body.flatMap((b) => b.cells), ...table.totals.cells];
      for (const cell of cells) {
        if (cell.text === 'x') expect(cell.value).toBeNull();
        else {
          const n = Number(cell.text.replace(/[,.\s]/g, ''));
          expect(n === 0 || n >= K, `${table.id}: ${cell.text}`).toBe(true);
        }
      }
      expect(table.hasSuppressed).toBe(cells.some((c) => c.text === 'x'));
    }
    expect(model.rule).toBe(
      'x: fewer than 10 persons, or hidden so that no small count can be derived from the other cells and totals.',
    );
  });

  it('prints exactly the released values, whatever a suppressed cell may have held', () => {
    // A table whose suppressed cells still carry a value must not leak it (the status decides).
    const leaky = released((i) => (i % 2 ? { value: 3, status: 'suppressed' } : { value: 40, status: 'shown' }));
    const model = reportModel(leaky, { from: FROM, to: TO, language: 'vi', minCell: K });
    const printed = model.tables.flatMap((t) => [...t.body.flatMap((b) => b.cells), ...t.totals.cells]);
    expect(new Set(printed.map((c) => c.text))).toEqual(new Set(['x', '40', '1.234']));
  });

  it('labels rows in the chosen language and computes the share within the deadline from shown cells only', () => {
    const tables = released(() => ({ value: 30, status: 'shown' }));
    const fr = reportModel(tables, { from: FROM, to: TO, language: 'fr', minCell: K });
    const byExploitation = fr.tables.find((t) => t.id === 'victims-by-exploitation')!;
    expect(byExploitation.heading).toBe("Victimes identifiées par forme d'exploitation");
    expect(byExploitation.body.map((b) => b.label)).toContain('Criminalité forcée (escroqueries en ligne)');
    const deadline = fr.tables.find((t) => t.id === 'verification-deadline')!;
    expect(deadline.notes).toHaveLength(1);
    expect(deadline.notes[0]).toMatch(/^Part des décisions rendues dans le délai : 50\s%$/);
    const vi = reportModel(tables, { from: FROM, to: TO, language: 'vi', minCell: K });
    expect(vi.tables.find((t) => t.id === 'victims-by-month')!.body[2]!.label).toBe('Tháng 3/2025');
    expect(vi.tables.find((t) => t.id === 'victims-by-age-and-sex')!.header).toEqual([
      'Nhóm tuổi',
      'Nữ',
      'Nam',
      'Khác',
      'Không rõ',
      'Tổng số',
    ]);

    const hidden = released((i) => (i === 1 ? { value: null, status: 'suppressed' } : { value: 30, status: 'shown' }));
    const none = reportModel(hidden, { from: FROM, to: TO, language: 'en', minCell: K });
    expect(none.tables.find((t) => t.id === 'verification-deadline')!.notes).toEqual([]);
  });

  it.each(['vi', 'en', 'fr'] as const)(
    'renders a PDF in %s whose text layer carries the translated headings',
    async (language) => {
      const model = reportModel(released(cellOf), { from: FROM, to: TO, language, minCell: K });
      const pdf = await renderReportPdf(model);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = pdfText(pdf);
      const text = pages.join('\n');
      expect(pages.length).toBeGreaterThan(REPORT_SECTIONS.length);
      expect(text).toContain(model.title.split(' ').slice(0, 3).join(' '));
      for (const table of model.tables) expect(text.replace(/\s+/g, ' ')).toContain(table.heading);
      expect(text).toContain(model.pageLabel(pages.length, pages.length));
      expect(text).toContain('x');
    },
  );
});
