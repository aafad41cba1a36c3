// Roster rows from a form, a CSV or an XLSX file, checked all together so that an
// upload is all-or-nothing with a report of every bad row. Header names and sex
// values are accepted in Vietnamese, English and French, with or without accents.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { nameTokens } from '../contract/names.js';
import { returneeSchema, type Returnee } from '../contract/schemas/screening.js';

export interface RowError {
  row: number;
  field: string;
  message: string;
}

const HEADER_ALIASES: Record<keyof Returnee, string[]> = {
  name: ['name', 'full name', 'ho ten', 'ho va ten', 'ten', 'nom'],
  sex: ['sex', 'gender', 'gioi tinh', 'sexe'],
  estimatedAgeYears: ['age', 'estimated age', 'estimatedageyears', 'tuoi', 'tuoi uoc tinh', 'age estime'],
  citizenship: ['citizenship', 'nationality', 'quoc tich', 'nationalite'],
  phone: ['phone', 'telephone', 'dien thoai', 'so dien thoai', 'sdt'],
};
const SEX_ALIASES: Record<string, Returnee['sex']> = {
  female: 'female',
  f: 'female',
  nu: 'female',
  femme: 'female',
  male: 'male',
  m: 'male',
  nam: 'male',
  homme: 'male',
  h: 'male',
  other: 'other',
  khac: 'other',
  autre: 'other',
  unknown: 'unknown',
  'khong ro': 'unknown',
  inconnu: 'unknown',
};

const fold = (text: string) => nameTokens(text).join(' ');

function fieldOfHeader(header: string): keyof Returnee | undefined {
  const key = fold(header);
  return (Object.keys(HEADER_ALIASES) as (keyof Returnee)[]).find((f) => HEADER_ALIASES[f].includes(key));
}

/** Maps raw cells (by header) to a returnee candidate, normalising what people type. */
function candidate(raw: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [header, value] of Object.entries(raw)) {
    const field = fieldOfHeader(header);
    const text = String(value ?? '').trim();
    if (!field || text === '') continue;
    if (field === 'sex') out.sex = SEX_ALIASES[fold(text)] ?? text;
    else if (field === 'estimatedAgeYears') out.estimatedAgeYears = /^\d{1,3}$/.test(text) ? Number(text) : text;
    else if (field === 'citizenship')
      out.citizenship = /^[a-z]{2}$/i.test(text)
        ? text.toUpperCase()
        : fold(text) === 'khong quoc tich'
          ? 'stateless'
          : text.toLowerCase();
    else out[field] = text;
  }
  if (out.sex === undefined) out.sex = 'unknown';
  return out;
}

/** Validates every row; returns the returnees, or every error with its 1-based row number. */
export function checkRoster(rows: readonly unknown[]): { returnees: Returnee[]; errors: RowError[] } {
  const returnees: Returnee[] = [];
  const errors: RowError[] = [];
  rows.forEach((row, index) => {
    const parsed = returneeSchema.safeParse(row);
    if (parsed.success) returnees.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        errors.push({ row: index + 1, field: issue.path.join('.') || 'row', message: issue.message });
  });
  return { returnees, errors };
}

export function rowsFromCsv(text: string): Record<string, unknown>[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    delimiter: [',', ';', '\t'],
  }) as Record<string, string>[];
  return records.map(candidate);
}

export async function rowsFromXlsx(data: Buffer): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => {
    headers[col] = String(cell.text ?? '');
  });
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const raw: Record<string, string> = {};
    row.eachCell((cell, col) => {
      if (headers[col]) raw[headers[col]!] = String(cell.text ?? '');
    });
    if (Object.values(raw).some((v) => v.trim() !== '')) rows.push(candidate(raw));
  });
  return rows;
}

/** Splits a name as given into family, middle and given names (Vietnamese order); one word is a given name. */
export function splitName(name: string): { familyName: string | null; middleName: string | null; givenName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length === 1) return { familyName: null, middleName: null, givenName: words[0]! };
  return {
    familyName: words[0]!,
    middleName: words.length > 2 ? words.slice(1, -1).join(' ') : null,
    givenName: words[words.length - 1]!,
  };
}
