// The one writer of Lantern's list exports: rows and translated column headings in,
// a CSV (UTF-8 with a byte-order mark, so that Excel reads Vietnamese) or an XLSX out,
// streamed page by page so that a national agency's 100,000 cases never sit in memory.
// Spreadsheets are protected against formula injection: in a CSV a text that a
// spreadsheet would read as a formula (= + - @, a tab or a carriage return first)
// gets a leading apostrophe; in an XLSX every text is written as a text cell, never
// a formula, and the same apostrophe is put before it so that a copy to CSV stays safe.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportFormat } from '../contract/schemas/dataio.js';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A value of one cell: text, a number, or nothing. */
export type ExportValue = string | number | null | undefined;

/** One column: its heading in the reader's language and how a row gives its value. */
export interface ExportColumn<T> {
  heading: string;
  value: (row: T) => ExportValue;
}

/** A text a spreadsheet would read as a formula gets a leading apostrophe (CSV/formula injection). */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const csvField = (value: ExportValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = safeText(value);
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const xlsxCell = (value: ExportValue): string | number | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return safeText(value);
};

export interface ExportSpec<T> {
  format: ExportFormat;
  /** The sheet's name in an XLSX (at most 31 characters are kept). */
  sheetName: string;
  columns: readonly ExportColumn<T>[];
  /** The rows, page by page (each page is read only when the previous one is written). */
  pages: AsyncIterable<readonly T[]>;
  /** Told the number of rows written once the whole file is out (e.g. to audit the export). */
  onFinished?: (rows: number) => Promise<void> | void;
}

/**
 * Writes the rows as a CSV or XLSX stream. The file is produced as the pages arrive; a page that
 * fails ends the stream with that error (the caller reads the first page before answering, so that
 * a refused request is still a clean 4xx).
 */
export function writeExport<T>(spec: ExportSpec<T>): Readable {
  return spec.format === 'csv' ? csvStream(spec) : xlsxStream(spec);
}

function csvStream<T>(spec: ExportSpec<T>): Readable {
  async function* lines() {
    yield '\ufeff' + spec.columns.map((c) => csvField(c.heading)).join(',') + '\r\n';
    let rows = 0;
    for await (const page of spec.pages) {
      if (page.length === 0) continue;
      yield page.map((row) => spec.columns.map((c) => csvField(c.value(row))).join(',') + '\r\n').join('');
      rows += page.length;
    }
    await spec.onFinished?.(rows);
  }
  return Readable.from(lines(), { objectMode: false });
}

function xlsxStream<T>(spec: ExportSpec<T>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  void (async () => {
    const sheet = workbook.addWorksheet(spec.sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Lantern', {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    const heading = sheet.addRow(spec.columns.map((c) => c.heading));
    heading.font = { bold: true };
    heading.commit();
    let rows = 0;
    for await (const page of spec.pages) {
      for (const row of page) sheet.addRow(spec.columns.map((c) => xlsxCell(c.value(row)))).commit();
      rows += page.length;
    }
    sheet.commit();
    // Told before the last bytes go out, so that whoever reads the file finds the export already recorded.
    await spec.onFinished?.(rows);
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** Pages from a cursor-paginated list function: calls `page(cursor)` until it gives no next cursor. */
export async function* cursorPages<T>(
  first: { items: readonly T[]; nextCursor: string | null },
  page: (cursor: string) => Promise<{ items: readonly T[]; nextCursor: string | null }>,
): AsyncGenerator<readonly T[]> {
  let current = first;
  for (;;) {
    yield current.items;
    if (!current.nextCursor) return;
    current = await page(current.nextCursor);
  }
}

/** A file name for an export: what it is and the day, ASCII only. */
export function exportFileName(what: string, day: string, format: ExportFormat): string {
  return `lantern-${what.replace(/[^a-z0-9-]+/gi, '-')}-${day}.${format}`;
}
