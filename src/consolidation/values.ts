// One imported row to what Lantern stores (pure, no I/O). Cells arrive as text keyed by
// canonical column (see columns.ts); each is trimmed, put in NFC, converted from a legacy
// Vietnamese encoding when its column was detected as one (unless the cell itself holds
// letters only Unicode has: a row typed anew in Unicode), then parsed. A row either gives
// a person (and, when it has case columns, the case's facts) or the reasons it cannot,
// each naming the column and echoing only the offending cell.
import {
  CASE_SOURCES,
  EXPLOITATION_TYPES,
  LABELS,
  findCountryCode,
  matchProvince,
  type CaseSource,
  type ExploitationType,
  type Sex,
} from '../contract/reference/index.js';
import { visibleTextProblem } from '../contract/text.js';
import type { CanonicalColumn } from './columns.js';
import { convertLegacy, hasUnicodeOnlyLetters, type LegacyEncoding } from './legacy-encoding.js';
import { foldText } from '../contract/names.js';

export interface ImportedPerson {
  sourceId: string;
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
  sex: Sex;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  birthYear: number | null;
  estimatedAgeYears: number | null;
  /** 2025 unit code */
  province: string | null;
  /** The former (pre-2025) province's official name, when the row named one that is not its unit's name. */
  provinceFormer: string | null;
  idNumber: string | null;
  /** +84… E.164 (or a foreign +… number) */
  phone: string | null;
  /** ISO alpha-2, 'stateless' or 'unknown' */
  citizenship: string;
  case: null | {
    exploitationTypes: ExploitationType[];
    reachedVia: CaseSource | null;
    registeredOn: string | null;
    destinationCountry: string | null;
  };
}

export type RowOutcome =
  | { ok: true; person: ImportedPerson; converted: string[] /*canonical columns converted from a legacy encoding*/ }
  | { ok: false; reasons: string[] };

/** Longest source_id (the agency's own record id) Lantern keeps. */
export const SOURCE_ID_MAX = 100;
/** Longest name part, as the registry's person schema. */
export const NAME_MAX = 100;
/** Longest identity document number, as the registry's identity document schema. */
export const ID_NUMBER_MAX = 64;

// ---- Small helpers ----

/** Lower case, no diacritics (đ -> d), words separated by single spaces. */
const fold = foldText;

/** The cell as the reason shows it: at most 60 characters. */
function shown(cell: string): string {
  return cell.length > 60 ? `${cell.slice(0, 57)}…` : cell;
}

/**
 * Remembers what a reading gave for a cell: code-like columns (sex, province, citizenship, types)
 * hold few distinct values over millions of rows. Bounded: forgets everything past 5,000 values.
 */
function memo<T>(read: (cell: string) => T): (cell: string) => T {
  const cache = new Map<string, T>();
  return (cell) => {
    if (cache.has(cell)) return cache.get(cell)!;
    const value = read(cell);
    if (cache.size >= 5000) cache.clear();
    cache.set(cell, value);
    return value;
  };
}

const provinceOf = memo((cell: string) => {
  // An address ("Mèo Vạc, Hà Giang") names its province last.
  const match =
    matchProvince(cell) ??
    matchProvince(
      cell
        .split(/[,;]| [-–] /)
        .pop()!
        .trim(),
    );
  return match ? { code: match.province.code, formerName: match.formerName } : undefined;
});
const countryOf = memo((cell: string) => findCountryCode(cell));

// ---- Dates ----

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel's day number (1900 date system, with its phantom 29 February 1900) as YYYY-MM-DD. */
export function excelSerialToDate(serial: number): string {
  const days = Math.floor(serial);
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

export type ParsedDate =
  | { kind: 'date'; date: string }
  | { kind: 'year'; year: number }
  | { kind: 'age'; age: number }
  | { kind: 'invalid' }
  | { kind: 'future' };

/** Earliest date of birth or registration Lantern accepts. */
const EARLIEST = '1900-01-01';

/**
 * A date as agencies write it: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO (a time part is
 * ignored), or an Excel serial number (what an XLSX cell holds). With `loose`, also a year alone
 * (1900..this year) or an age (0..120, "25 tuổi", "25 years").
 */
export function parseDate(cell: string, today: string, loose: boolean): ParsedDate {
  const text = cell.trim();
  const check = (y: number, m: number, d: number): ParsedDate => {
    if (!isRealDate(y, m, d)) return { kind: 'invalid' };
    const date = iso(y, m, d);
    if (date > today) return { kind: 'future' };
    if (date < EARLIEST) return { kind: 'invalid' };
    return { kind: 'date', date };
  };
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text); // "12/03/1990 00:00" from exports
  if (m) return check(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return check(Number(m[1]), Number(m[2]), Number(m[3]));
  const thisYear = Number(today.slice(0, 4));
  if (loose) {
    m =
      /^(?:(?:khoảng|khoang|about|approx\.?|~|c\.)\s*)?(\d{1,3})(?:\s*(?:tuoi|tuổi|t|years?(?: old)?|yrs?|y|ans?))?$/i.exec(
        text,
      );
    if (m) {
      const age = Number(m[1]);
      return age <= 120 ? { kind: 'age', age } : { kind: 'invalid' };
    }
    if (/^\d{4}$/.test(text)) {
      const year = Number(text);
      if (year > thisYear) return { kind: 'future' };
      return year >= 1900 ? { kind: 'year', year } : { kind: 'invalid' };
    }
  }
  // Excel serial numbers (1900-01-01 is 1): five digits from 1927 on; shorter ones are not dates people mean.
  m = /^(\d{5,6})(?:\.\d+)?$/.exec(text);
  if (m) {
    const date = excelSerialToDate(Number(text));
    if (date > today) return { kind: 'future' };
    return date >= EARLIEST ? { kind: 'date', date } : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/**
 * A spreadsheet cell's value as the text parseRow reads: a date cell (a JS Date at UTC midnight,
 * as XLSX readers give it) as YYYY-MM-DD, a number as written (an Excel serial stays a number
 * and parseDate reads it), rich text and hyperlinks as their text, a formula as its result,
 * an error or nothing as ''.
 */
export function spreadsheetCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return spreadsheetCellText(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return '';
}

// ---- Names ----

function cleanName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "Nguyễn Thị Hồng Nhung" -> family "Nguyễn", middle "Thị Hồng", given "Nhung" (Vietnamese order). */
export function splitFullName(full: string): {
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
} {
  const words = cleanName(full).split(' ').filter(Boolean);
  if (words.length === 0) return { familyName: null, middleName: null, givenName: null };
  if (words.length === 1) return { familyName: null, middleName: null, givenName: words[0]! };
  return {
    familyName: words[0]!,
    middleName: words.length > 2 ? words.slice(1, -1).join(' ') : null,
    givenName: words[words.length - 1]!,
  };
}

// ---- Sex ----

const SEX_WORDS: Readonly<Record<string, Sex>> = {
  nu: 'female', 'nu gioi': 'female', f: 'female', female: 'female', woman: 'female', girl: 'female', feminine: 'female',
  femme: 'female', feminin: 'female', w: 'female', gai: 'female', 'con gai': 'female',
  nam: 'male', 'nam gioi': 'male', m: 'male', male: 'male', man: 'male', boy: 'male', masculine: 'male',
  homme: 'male', masculin: 'male', trai: 'male', 'con trai': 'male',
  khac: 'other', other: 'other', x: 'other', autre: 'other', 'transgender feminine': 'other',
  'transgender masculine': 'other', 'non conforming': 'other', 'chuyen gioi': 'other',
  'khong ro': 'unknown', 'chua ro': 'unknown', 'khong xac dinh': 'unknown', kxd: 'unknown', unknown: 'unknown',
  u: 'unknown', 'non specified unknown': 'unknown', inconnu: 'unknown', 'n a': 'unknown',
}; // prettier-ignore

/** The sex a cell names (blank: unknown), or undefined when it names none. */
export const parseSex = memo((cell: string): Sex | undefined => {
  if (!cell.trim() || cell.trim() === '?') return 'unknown';
  // HTCDS writes NonSpecifiedUnknown, TransgenderFeminine.
  return SEX_WORDS[fold(cell.replace(/([a-z])([A-Z])/g, '$1 $2'))];
});

// ---- Phones ----

// Mobile prefixes renumbered in 2018 (11-digit 01xx numbers became 10-digit 0xx numbers).
const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
  '186': '56', '188': '58', '199': '59',
}; // prettier-ignore

/**
 * A phone number in E.164: Vietnamese numbers written 0…, +84…, 84…, 0084… (or a mobile
 * whose leading 0 a spreadsheet dropped) become +84…; pre-2018 11-digit mobiles take their
 * new prefix; foreign +… numbers are kept. Undefined when the cell is not a phone number.
 */
export function parsePhone(cell: string): string | undefined {
  const compact = cell.replace(/[\s.\-()/]/g, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let national: string;
  if (compact.startsWith('+84')) national = compact.slice(3);
  else if (compact.startsWith('0084')) national = compact.slice(4);
  else if (compact.startsWith('+') || compact.startsWith('00')) {
    const digits = compact.replace(/^\+|^00/, '');
    return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : undefined;
  } else if (compact.startsWith('84') && (compact.length === 11 || compact.length === 12)) national = compact.slice(2);
  else if (compact.startsWith('0')) national = compact.slice(1);
  else if (compact.length === 9 || compact.length === 10)
    national = compact; // the leading 0 lost in a spreadsheet
  else return undefined;
  national = national.replace(/^0/, '');
  const old = OLD_MOBILE_PREFIXES[national.slice(0, 3)];
  if (old !== undefined && national.length === 10) national = old + national.slice(3);
  if (/^[35789]\d{8}$/.test(national) || /^2\d{9}$/.test(national)) return `+84${national}`;
  return undefined;
}

// ---- Identity numbers ----

/**
 * An identity number as typed, spaces removed. A 9-digit CMND or 12-digit CCCD that a
 * spreadsheet stored as a number loses its leading zero (CCCDs of Hà Nội begin 001): an
 * 8- or 11-digit number gets it back. Undefined for what cannot be a document number
 * ("1.19E+11", punctuation).
 */
export function parseIdNumber(cell: string): string | undefined {
  const compact = cell.replace(/\s+/g, '');
  if (!/^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(compact) || compact.length > ID_NUMBER_MAX) return undefined;
  if (/^\d{8}$|^\d{11}$/.test(compact)) return `0${compact}`;
  return compact;
}

// ---- Code lists ----

function labelsOf<C extends string>(table: Readonly<Record<C, Readonly<Record<string, string>>>>): Map<string, C> {
  const map = new Map<string, C>();
  for (const [code, labels] of Object.entries(table) as [C, Readonly<Record<string, string>>][]) {
    map.set(fold(code), code);
    for (const label of Object.values(labels)) {
      map.set(fold(label), code);
      map.set(fold(label.replace(/\s*\(.*\)\s*/, '')), code); // "Cưỡng bức phạm tội (lừa đảo trực tuyến)"
    }
  }
  return map;
}

const EXPLOITATION_WORDS = labelsOf(LABELS.exploitationType);
for (const [word, code] of Object.entries({
  'lao dong': 'forced_labour', 'boc lot lao dong': 'forced_labour', 'forced labor': 'forced_labour',
  'tinh duc': 'sexual_exploitation', 'mai dam': 'sexual_exploitation', 'ban dam': 'sexual_exploitation',
  'boc lot tinh duc': 'sexual_exploitation', prostitution: 'sexual_exploitation',
  'lua dao truc tuyen': 'forced_criminality', 'lua dao': 'forced_criminality', scam: 'forced_criminality',
  'online scam': 'forced_criminality', 'online scams': 'forced_criminality', 'scam centre': 'forced_criminality',
  'ket hon': 'forced_marriage', 'hon nhan': 'forced_marriage', 'lay chong': 'forced_marriage',
  'ep ket hon': 'forced_marriage', 'noi tang': 'organ_removal', 'lay noi tang': 'organ_removal',
  'bo phan co the': 'organ_removal', 'an xin': 'begging', 'forced begging': 'begging', 'giup viec': 'domestic_servitude',
  servitude: 'domestic_servitude', 'domestic work': 'domestic_servitude', 'tre so sinh': 'fetus_or_baby_trafficking',
  'child labour': 'child_exploitation', 'lao dong tre em': 'child_exploitation', khac: 'other',
  // HTCDS v2 vic_TypeOfExploitation values (folded from CamelCase).
  'forced labour': 'forced_labour', 'sexual exploitation': 'sexual_exploitation', 'forced marriage': 'forced_marriage',
  'organ removal': 'organ_removal', 'forced military by non state actors': 'other', 'forced adoption': 'other',
  surrogacy: 'other',
} satisfies Record<string, ExploitationType>)) EXPLOITATION_WORDS.set(word, code); // prettier-ignore

const SOURCE_WORDS = labelsOf(LABELS.caseSource);
for (const [word, code] of Object.entries({
  'tu den': 'walk_in', 'tu trinh bao': 'walk_in', 'walk in': 'walk_in', 'duong day nong': 'hotline', '111': 'hotline',
  'cong an': 'police_operation', police: 'police_operation', 'bien phong': 'border_screening',
  'border guard': 'border_screening', border: 'border_screening', 'hoi huong': 'repatriation',
  'tiep nhan tu nuoc ngoai': 'repatriation', 'trao tra': 'repatriation', ngo: 'ngo_referral', 'to chuc phi chinh phu': 'ngo_referral',
  'nuoc ngoai': 'foreign_authority', 'foreign authority': 'foreign_authority', khac: 'other',
} satisfies Record<string, CaseSource>)) SOURCE_WORDS.set(word, code); // prettier-ignore

function camelWords(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2');
}

const exploitationTypesOf = memo((cell: string): { types: ExploitationType[]; unknown: string[] } => {
  const types = new Set<ExploitationType>();
  const unknown: string[] = [];
  for (const part of cell
    .split(/[;|]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const whole = EXPLOITATION_WORDS.get(fold(camelWords(part)));
    if (whole) {
      types.add(whole);
      continue;
    }
    for (const piece of part
      .split(/,/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const code = EXPLOITATION_WORDS.get(fold(camelWords(piece)));
      if (code) types.add(code);
      else unknown.push(piece);
    }
  }
  return { types: EXPLOITATION_TYPES.filter((t) => types.has(t)), unknown };
});

/** The exploitation types a cell names (codes or vi/en/fr labels, several separated by ; , or |). */
export function parseExploitationTypes(cell: string): { types: ExploitationType[]; unknown: string[] } {
  const { types, unknown } = exploitationTypesOf(cell);
  return { types: [...types], unknown: [...unknown] };
}

/** The case source a cell names (a code or a vi/en/fr label), or undefined. */
export const parseCaseSource = memo((cell: string): CaseSource | undefined => {
  const code = SOURCE_WORDS.get(fold(camelWords(cell)));
  return code && (CASE_SOURCES as readonly string[]).includes(code) ? code : undefined;
});

const STATELESS = new Set(['stateless', 'khong quoc tich', 'vo quoc tich', 'apatride', 'none']);
const UNKNOWN_CITIZENSHIP = new Set(['unknown', 'khong ro', 'chua ro', 'khong xac dinh', 'kxd', 'inconnu', 'n a']);

/** A citizenship cell as an alpha-2 code, 'stateless' or 'unknown' (blank); undefined when not recognised. */
export const parseCitizenship = memo((cell: string): string | undefined => {
  const folded = fold(cell);
  if (!folded || UNKNOWN_CITIZENSHIP.has(folded)) return 'unknown';
  if (STATELESS.has(folded)) return 'stateless';
  // HTCDS allows several (a multiselect): the first one is the citizenship kept.
  return findCountryCode(cell.split(/[;|]/)[0]!.trim());
});

// ---- The row ----

const CASE_COLUMNS = ['exploitation_type', 'reached_via', 'registered_on', 'destination_country'] as const;

/** One row's cells (by canonical column) as the person (and case facts) Lantern stores, or the reasons it cannot. */
export function parseRow(
  cells: Partial<Record<CanonicalColumn, string>>,
  options: { today: string; encodings?: Partial<Record<CanonicalColumn, LegacyEncoding>> },
): RowOutcome {
  const { today } = options;
  const reasons: string[] = [];
  const converted: string[] = [];
  const value: Partial<Record<CanonicalColumn, string>> = {};
  for (const [column, raw] of Object.entries(cells) as [CanonicalColumn, string | undefined][]) {
    if (raw === undefined) continue;
    let text = raw.normalize('NFC').trim();
    const encoding = options.encodings?.[column];
    if (encoding && text && !hasUnicodeOnlyLetters(text)) {
      const unicode = convertLegacy(text, encoding);
      if (unicode !== text && !converted.includes(column)) converted.push(column);
      text = unicode;
    }
    if (text) value[column] = text;
  }

  // source_id
  const sourceId = value.source_id;
  if (!sourceId) reasons.push('source_id: blank (every row needs the agency’s own record id)');
  else if (sourceId.length > SOURCE_ID_MAX) reasons.push(`source_id: longer than ${SOURCE_ID_MAX} characters`);
  else if (visibleTextProblem(sourceId)) reasons.push(`source_id: ${shown(sourceId)} ${visibleTextProblem(sourceId)}`);

  // Names: the parts when given, else the full name split the Vietnamese way.
  let names: { familyName: string | null; middleName: string | null; givenName: string | null };
  if (value.family_name || value.middle_name || value.given_name) {
    names = {
      familyName: value.family_name ? cleanName(value.family_name) : null,
      middleName: value.middle_name ? cleanName(value.middle_name) : null,
      givenName: value.given_name ? cleanName(value.given_name) : null,
    };
    // "Họ đệm" columns hold the family and middle names together.
    if (names.familyName && !names.middleName && names.givenName && names.familyName.includes(' ')) {
      const [family, ...middle] = names.familyName.split(' ');
      names = { familyName: family!, middleName: middle.join(' '), givenName: names.givenName };
    }
  } else {
    names = splitFullName(value.full_name ?? '');
  }
  if (!names.familyName && !names.givenName && !names.middleName) {
    reasons.push('name: blank (full_name, family_name and given_name are all empty)');
  }
  for (const [column, part] of [
    ['family_name', names.familyName],
    ['middle_name', names.middleName],
    ['given_name', names.givenName],
  ] as const) {
    if (!part) continue;
    const shownAs = value.full_name && !value[column] ? 'full_name' : column;
    if (part.length > NAME_MAX) reasons.push(`${shownAs}: longer than ${NAME_MAX} characters`);
    else if (visibleTextProblem(part)) reasons.push(`${shownAs}: ${shown(part)} ${visibleTextProblem(part)}`);
  }

  // Sex
  const sex = parseSex(value.sex ?? '');
  if (!sex) reasons.push(`sex: ${shown(value.sex ?? '')} is not a sex (Nam/Nữ, M/F, male/female, Khác, or blank)`);

  // Date of birth, birth year, age
  let dateOfBirth: string | null = null;
  let birthYear: number | null = null;
  let estimatedAgeYears: number | null = null;
  const thisYear = Number(today.slice(0, 4));
  const fromAge = (age: number) => {
    estimatedAgeYears = age;
    birthYear = thisYear - age;
  };
  if (value.date_of_birth) {
    const parsed = parseDate(value.date_of_birth, today, true);
    const cell = shown(value.date_of_birth);
    if (parsed.kind === 'date') dateOfBirth = parsed.date;
    else if (parsed.kind === 'year') birthYear = parsed.year;
    else if (parsed.kind === 'age') fromAge(parsed.age);
    else if (parsed.kind === 'future') reasons.push(`date_of_birth: ${cell} is in the future`);
    else reasons.push(`date_of_birth: ${cell} is not a date (dd/mm/yyyy, yyyy-mm-dd, a year or an age)`);
  }
  if (dateOfBirth) birthYear = Number(dateOfBirth.slice(0, 4));
  if (value.birth_year && !dateOfBirth && birthYear === null && estimatedAgeYears === null) {
    // A year; or an age said as one ("34 tuổi"). A bare "34" could be 1934 or an age: refused.
    const parsed = parseDate(value.birth_year, today, true);
    if (parsed.kind === 'year') birthYear = parsed.year;
    else if (parsed.kind === 'age' && !/^\d+$/.test(value.birth_year)) fromAge(parsed.age);
    else
      reasons.push(
        `birth_year: ${shown(value.birth_year)} is not a year of birth (1900 to ${thisYear}, or an age as "34 tuổi")`,
      );
  }
  if (value.age && !dateOfBirth && birthYear === null && estimatedAgeYears === null) {
    const parsed = parseDate(value.age, today, true);
    if (parsed.kind === 'age') fromAge(parsed.age);
    else reasons.push(`age: ${shown(value.age)} is not an age in years (0 to 120)`);
  }

  // Province
  let province: string | null = null;
  let provinceFormer: string | null = null;
  if (value.province) {
    const match = provinceOf(value.province);
    if (match) {
      province = match.code;
      provinceFormer = match.formerName;
    } else {
      reasons.push(
        `province: ${shown(value.province)} is not a province of Viet Nam (the 34 of 2025 or the 63 before)`,
      );
    }
  }

  // Identity number, phone, citizenship
  let idNumber: string | null = null;
  if (value.id_number) {
    idNumber = parseIdNumber(value.id_number) ?? null;
    if (!idNumber) reasons.push(`id_number: ${shown(value.id_number)} is not a document number (letters and digits)`);
  }
  let phone: string | null = null;
  if (value.phone) {
    phone = parsePhone(value.phone) ?? null;
    if (!phone) reasons.push(`phone: ${shown(value.phone)} is not a phone number (0…, +84… or +country code…)`);
  }
  const citizenship = parseCitizenship(value.citizenship ?? '');
  if (!citizenship) reasons.push(`citizenship: ${shown(value.citizenship ?? '')} is not a country`);

  // The case
  let theCase: ImportedPerson['case'] = null;
  if (CASE_COLUMNS.some((c) => value[c])) {
    let exploitationTypes: ExploitationType[] = [];
    if (value.exploitation_type) {
      const { types, unknown } = parseExploitationTypes(value.exploitation_type);
      exploitationTypes = types;
      for (const u of unknown) reasons.push(`exploitation_type: ${shown(u)} is not a type of exploitation`);
    }
    let reachedVia: CaseSource | null = null;
    if (value.reached_via) {
      reachedVia = parseCaseSource(value.reached_via) ?? null;
      if (!reachedVia) reasons.push(`reached_via: ${shown(value.reached_via)} is not a way a case is reached`);
    }
    let registeredOn: string | null = null;
    if (value.registered_on) {
      const parsed = parseDate(value.registered_on, today, false);
      if (parsed.kind === 'date') registeredOn = parsed.date;
      else if (parsed.kind === 'future') reasons.push(`registered_on: ${shown(value.registered_on)} is in the future`);
      else reasons.push(`registered_on: ${shown(value.registered_on)} is not a date (dd/mm/yyyy or yyyy-mm-dd)`);
    }
    let destinationCountry: string | null = null;
    if (value.destination_country) {
      destinationCountry = countryOf(value.destination_country) ?? null;
      if (!destinationCountry)
        reasons.push(`destination_country: ${shown(value.destination_country)} is not a country`);
    }
    theCase = { exploitationTypes, reachedVia, registeredOn, destinationCountry };
  }

  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    converted,
    person: {
      sourceId: sourceId!,
      ...names,
      sex: sex!,
      dateOfBirth,
      birthYear,
      estimatedAgeYears,
      province,
      provinceFormer,
      idNumber,
      phone,
      citizenship: citizenship!,
      case: theCase,
    },
  };
}
