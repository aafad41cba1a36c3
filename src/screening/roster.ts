// Roster rows from a form, a CSV or an XLSX file, checked all together so that an
// upload is all-or-nothing with a report of every bad row. Header names and sex
// values are accepted in Vietnamese, English and French, with or without accents.
// A file is measured before it is parsed: a roster has at most `maxRows` rows, and
// an XLSX (a zip) is refused if it would expand past `maxUnzippedBytes` or expands
// like a zip bomb, before exceljs ever sees it.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { MAX_ZIP_ENTRIES, measureZip } from '../platform/zip-size.js';
import { Problem } from '../platform/problems.js';
import { nameTokens } from '../contract/names.js';
import { returneeSchema, type Returnee } from '../contract/schemas/screening.js';

/** What a roster file may hold (from the configuration: LANTERN_ROSTER_*). */
export interface RosterLimits {
  maxRows: number;
  maxBytes: number;
  maxUnzippedBytes: number;
  maxZipRatio: number;
}

/** Why a roster was refused as too large, for clients to say it in their language. */
export type RosterTooLarge = 'too-many-rows' | 'file-too-large' | 'unzipped-too-large' | 'zip-ratio';

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
const thousands = (n: number) => n.toLocaleString('en-US');

/** A 413 that says why and what to do; nothing was read further and nothing registered. */
export function rosterTooLarge(reason: RosterTooLarge, limits: RosterLimits): Problem {
  const split = `Split the roster into files of at most ${thousands(limits.maxRows)} rows and upload each one.`;
  const detail = {
    'too-many-rows': `The roster has more than ${thousands(limits.maxRows)} rows; nothing was registered. ${split}`,
    'file-too-large': `The roster file is larger than ${megabytes(limits.maxBytes)}; nothing was read. ${split} Saving it as CSV also makes it smaller.`,
    'unzipped-too-large': `The XLSX file would expand to more than ${megabytes(limits.maxUnzippedBytes)} when opened; nothing was read. Keep only the roster sheet (no pictures or empty formatted rows), or save the roster as CSV.`,
    'zip-ratio': `A part of the XLSX file expands more than ${limits.maxZipRatio}-fold, as a damaged or malicious file does; nothing was read. Copy the rows into a new workbook, or save the roster as CSV.`,
  }[reason];
  const max = {
    'too-many-rows': limits.maxRows,
    'file-too-large': limits.maxBytes,
    'unzipped-too-large': limits.maxUnzippedBytes,
    'zip-ratio': limits.maxZipRatio,
  }[reason];
  return new Problem('payload-too-large', detail, { reason, max, errors: [{ field: 'body', message: reason }] });
}

/** A 400 for a file that is not a readable roster. */
export function rosterUnreadable(why: string): Problem {
  return new Problem(
    'validation',
    `The roster file could not be read: ${why.slice(0, 200)}. Save it as CSV (UTF-8) or XLSX with a header row.`,
    { errors: [{ field: 'body', message: 'unreadable file' }] },
  );
}

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

/** The rows of a CSV roster; parsing stops one row past the cap (413). */
export function rowsFromCsv(text: string, limits: RosterLimits): Record<string, unknown>[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      delimiter: [',', ';', '\t'],
      to: limits.maxRows + 1,
    }) as Record<string, string>[];
  } catch (error) {
    throw rosterUnreadable((error as Error).message);
  }
  if (records.length > limits.maxRows) throw rosterTooLarge('too-many-rows', limits);
  return records.map(candidate);
}

/**
 * Measures an XLSX before it is parsed (src/platform/zip-size.ts): declared and real
 * sizes, per-part expansion ratio; nothing is kept in memory.
 */
export async function checkXlsxSize(data: Buffer, limits: RosterLimits): Promise<void> {
  const refusal = await measureZip(data, limits);
  if (refusal === null) return;
  if (refusal === 'unzipped-too-large' || refusal === 'zip-ratio') throw rosterTooLarge(refusal, limits);
  throw rosterUnreadable(
    {
      'not-zip': 'it is not an XLSX file (not a zip archive)',
      'too-many-parts': `it has more than ${MAX_ZIP_ENTRIES} parts`,
      encrypted: 'it is protected by a password',
      damaged: 'the zip archive is damaged',
    }[refusal],
  );
}

/** The rows of the first sheet of an XLSX roster, once its size is known to be safe. */
export async function rowsFromXlsx(data: Buffer, limits: RosterLimits): Promise<Record<string, unknown>[]> {
  await checkXlsxSize(data, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw rosterUnreadable((error as Error).message);
  }
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
  if (rows.length > limits.maxRows) throw rosterTooLarge('too-many-rows', limits);
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
