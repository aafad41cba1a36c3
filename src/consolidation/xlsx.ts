// An XLSX import is converted once to CSV (its first sheet), stored as the import's
// second part, so that the dry run and the import read every file the same way, from a
// byte offset. An XLSX is a zip: it cannot be read row by row from an arbitrary point,
// so it is read whole here — which is why its size is bounded (LANTERN_IMPORT_MAX_XLSX_BYTES,
// measured against zip bombs at upload) — but its rows are streamed out by exceljs's
// streaming reader, not built into a workbook in memory.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { JobFailure } from '../platform/jobs.js';
import { ChunkWriter, csvLine } from './file-store.js';

/** A cell as text: dates as YYYY-MM-DD (Excel keeps them as days; exceljs gives UTC midnight), numbers as typed. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** Writes the first sheet as CSV (part 1); returns its data rows (rows under the header). */
export async function xlsxToCsv(
  ctx: AppContext,
  trx: Kysely<DB>,
  importId: string,
  chunkBytes: number,
): Promise<number> {
  const stored = await trx
    .selectFrom('data_import_chunk')
    .select('bytes')
    .where('import_id', '=', importId)
    .where('part', '=', 0)
    .orderBy('seq')
    .execute();
  const data = Buffer.concat(stored.map((c) => ctx.keys.decryptBytes(c.bytes)));
  const writer = new ChunkWriter(trx, ctx.keys, importId, 1, chunkBytes);
  let rows = 0;
  let width = 0;
  let text = '';
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (rows === 0) width = values.length;
        if (values.every((v) => v.trim() === '')) continue;
        while (values.length < width) values.push('');
        text += csvLine(values);
        rows++;
        if (text.length > 64 * 1024) {
          await writer.write(Buffer.from(text, 'utf8'));
          text = '';
        }
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof JobFailure) throw error;
    throw new JobFailure('unreadable-file', 'The XLSX file could not be read. Save the sheet as CSV and import that.');
  }
  if (text) await writer.write(Buffer.from(text, 'utf8'));
  await writer.end();
  return Math.max(0, rows - 1);
}
