import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cursorPages, safeText, writeExport, type ExportColumn } from './writer.js';

type Row = { name: string; n: number | null };
const columns: ExportColumn<Row>[] = [
  { heading: 'Họ tên', value: (r) => r.name },
  { heading: 'Số', value: (r) => r.n },
];
async function* pages(...list: Row[][]) {
  for (const page of list) yield page;
}
const read = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

describe('the export writer', () => {
  it('puts an apostrophe before whatever a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(safeText(text)).toBe(`'${text}`);
    for (const text of ['Nguyễn', '1=1', "'x", '']) expect(safeText(text)).toBe(text);
  });

  it('writes every page of a CSV with a BOM, quoting what needs it, and counts the rows', async () => {
    let counted = -1;
    const out = await read(
      writeExport({
        format: 'csv',
        sheetName: 'x',
        columns,
        pages: pages(
          [{ name: 'A, "B"', n: 1 }],
          [],
          [
            { name: '=2', n: null },
            { name: 'Lê\nThị', n: 3 },
          ],
        ),
        onFinished: (rows) => {
          counted = rows;
        },
      }),
    );
    expect(out.toString('utf8')).toBe('\ufeffHọ tên,Số\r\n"A, ""B""",1\r\n\'=2,\r\n"Lê\nThị",3\r\n');
    expect(counted).toBe(3);
  });

  it('writes an XLSX whose texts are text cells, even one that looks like a formula', async () => {
    const out = await read(
      writeExport({ format: 'xlsx', sheetName: 'Vụ việc', columns, pages: pages([{ name: '=cmd|x', n: 7 }]) }),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(out as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Vụ việc')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Họ tên', 'Số']);
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(2).getCell(1).value).toBe("'=cmd|x");
    expect(sheet.getRow(2).getCell(2).value).toBe(7);
  });

  it('follows a list’s cursors to its last page', async () => {
    const seen: string[] = [];
    const lists: Record<string, { items: number[]; nextCursor: string | null }> = {
      b: { items: [3, 4], nextCursor: 'c' },
      c: { items: [5], nextCursor: null },
    };
    const all: number[] = [];
    for await (const page of cursorPages({ items: [1, 2], nextCursor: 'b' }, async (cursor) => {
      seen.push(cursor);
      return lists[cursor]!;
    }))
      all.push(...page);
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual(['b', 'c']);
  });
});
