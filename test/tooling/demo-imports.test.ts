// The demo spreadsheets (data/demo-imports, written by tools/make-demo-imports.ts) read by the
// import rules: every header recognised, the legacy columns detected, and exactly the rows the
// ground truth marks as rejects rejected. Keeps the demo files and the rules in step.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mappingProblems, recogniseColumns, type CanonicalColumn } from '../../src/consolidation/columns.js';
import { decodeText, detectLegacyEncoding, type LegacyEncoding } from '../../src/consolidation/legacy-encoding.js';
import { parseRow, spreadsheetCellText } from '../../src/consolidation/values.js';

const DIR = path.resolve('data/demo-imports');
const today = '2026-12-01';

interface Truth {
  file: string;
  line: string;
  agency: string;
  source_id: string;
  person: string;
  expected: 'import' | 'reject';
}
const truth: Truth[] = parse(readFileSync(path.join(DIR, 'ground-truth.csv')), { columns: true });

async function table(file: string): Promise<{ charset?: string; rows: string[][] }> {
  const bytes = readFileSync(path.join(DIR, file));
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1).map(spreadsheetCellText));
    });
    return { rows };
  }
  const { text, charset } = decodeText(bytes);
  return { charset, rows: parse(text, { relax_column_count: true, bom: true }) };
}

describe.each([
  ['police.csv', 'utf-8', {}],
  ['shelter.xlsx', undefined, {}],
  [
    'hotline-tcvn3.csv',
    'windows-1252',
    {
      full_name: 'tcvn3',
      birth_year: 'tcvn3',
      sex: 'tcvn3',
      province: 'tcvn3',
      reached_via: 'tcvn3',
      destination_country: 'tcvn3',
    },
  ],
  ['iom-htcds.csv', 'utf-8', {}],
] as const)('%s', (file, expectedCharset, expectedEncodings) => {
  it('is recognised, converted and parsed as the ground truth says', async () => {
    const { charset, rows } = await table(file);
    expect(charset).toBe(expectedCharset);
    const [headers, ...data] = rows as [string[], ...string[][]];
    const { mapping } = recogniseColumns(headers);
    expect(mappingProblems(mapping)).toEqual([]);
    const columns = headers.map((h) => mapping[h] ?? null);

    const encodings: Partial<Record<CanonicalColumn, LegacyEncoding>> = {};
    columns.forEach((column, i) => {
      const encoding = column && detectLegacyEncoding(data.slice(0, 200).map((r) => r[i] ?? ''));
      if (column && encoding) encodings[column] = encoding;
    });
    expect(encodings).toEqual(expectedEncodings);

    const expected = truth.filter((t) => t.file === file);
    expect(expected.length).toBeGreaterThanOrEqual(150);
    expect(data).toHaveLength(expected.length);
    const outcomes = data.map((row) => {
      const cells: Partial<Record<CanonicalColumn, string>> = {};
      columns.forEach((column, i) => {
        if (column) cells[column] = row[i] ?? '';
      });
      return parseRow(cells, { today, encodings });
    });
    const wrong = outcomes
      .map((o, i) => ({ line: i + 2, ok: o.ok, reasons: o.ok ? [] : o.reasons, expected: expected[i]!.expected }))
      .filter((o) => o.ok !== (o.expected === 'import'));
    expect(wrong).toEqual([]);
  });
});
