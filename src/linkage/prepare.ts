// A record turned, once, into the folded values every comparison and blocking key reads.
import { nameTokens, sexFromMiddleName, vnCanonicalTokens, vnNameTokens } from '../contract/names.js';
import type { ComparisonSpec, LinkRecord, LinkageSettings } from './types.js';

export const SEX_UNKNOWN = 0;
export const SEX_FEMALE = 1;
export const SEX_MALE = 2;
export const SEX_OTHER = 3;

export interface Prepared {
  id: string;
  source: string;
  /** Folded (vnFoldToken) family, middle and given names; '' when absent. */
  fam: string;
  mid: string;
  giv: string;
  /** The same with their marks kept (tone position ignored). */
  famC: string;
  midC: string;
  givC: string;
  /** Folded words of the whole name in written order, and sorted. */
  tokens: string[];
  sorted: string;
  sex: number;
  /** 'YYYYMMDD', or 'YYYY' when only the year is known, or ''. */
  dob: string;
  year: number;
  ids: string[];
  phone: string;
  province: string;
  /** Per comparison (same index as settings.comparisons): the normalised value of string/exact/date kinds. */
  values: (string | null)[];
  /** The record's extra fields, normalised (normaliseText), for blocking keys. */
  extra: Record<string, string | null>;
}

/** Lower case, no marks, words separated by one space. */
export function normaliseText(text: string | null | undefined): string | null {
  if (text == null) return null;
  const words = nameTokens(text);
  return words.length ? words.join(' ') : null;
}

function digits(text: string): string {
  return text.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

/** '0912345678' for '+84 912 345 678', '84912345678', '0912.345.678'. */
export function normalisePhone(phone: string | null): string {
  if (!phone) return '';
  let d = phone.replace(/[^0-9]/g, '');
  if (d.startsWith('84') && d.length >= 11) d = '0' + d.slice(2);
  if (d.length === 9 && !d.startsWith('0')) d = '0' + d;
  return d.length >= 6 ? d : '';
}

/** 'YYYYMMDD' from 'YYYY-MM-DD' (or YYYYMMDD, DD/MM/YYYY), 'YYYY' from a year; '' otherwise. */
export function normaliseDate(date: string | null | undefined, year?: number | null): string {
  if (date) {
    const t = date.trim();
    let m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(t);
    if (m) return m[1]! + m[2]! + m[3]!;
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    if (m) return m[3]! + m[2]!.padStart(2, '0') + m[1]!.padStart(2, '0');
    m = /^(\d{4})$/.exec(t);
    if (m) return m[1]!;
  }
  return year ? String(year).padStart(4, '0') : '';
}

function sourceValue(record: LinkRecord, source: string | undefined): string | null {
  if (!source) return null;
  if (source.startsWith('extra:')) return record.extra?.[source.slice(6)] ?? null;
  if (source === 'familyName' || source === 'middleName' || source === 'givenName') return record[source];
  if (source === 'province') return record.province;
  if (source === 'phone') return record.phone;
  return null;
}

function specValue(record: LinkRecord, spec: ComparisonSpec): string | null {
  if (spec.kind === 'string' || spec.kind === 'exact') return normaliseText(sourceValue(record, spec.source));
  if (spec.kind === 'date') {
    const d = spec.source
      ? normaliseDate(sourceValue(record, spec.source))
      : normaliseDate(record.dateOfBirth, record.birthYear);
    return d || null;
  }
  return null;
}

/** Family, middle, given; a whole name typed into one part is split (first word family, last given). */
function nameParts(r: LinkRecord): [string | null, string | null, string | null] {
  const present = [r.familyName, r.middleName, r.givenName].filter((x) => x && x.trim());
  if (present.length === 1) {
    const words = present[0]!.trim().split(/\s+/);
    if (words.length >= 2) return [words[0]!, words.slice(1, -1).join(' ') || null, words[words.length - 1]!];
  }
  return [r.familyName, r.middleName, r.givenName];
}

export function prepareRecord(record: LinkRecord, settings: LinkageSettings): Prepared {
  const [family, middle, given] = nameParts(record);
  const famT = vnNameTokens(family);
  const midT = vnNameTokens(middle);
  const givT = vnNameTokens(given);
  const tokens = [...famT, ...midT, ...givT];
  let sex = SEX_UNKNOWN;
  if (record.sex === 'female') sex = SEX_FEMALE;
  else if (record.sex === 'male') sex = SEX_MALE;
  else if (record.sex === 'other') sex = SEX_OTHER;
  else {
    // Thị / Văn say the sex (weakly) when nothing else does; they say nothing of identity.
    const s = sexFromMiddleName(middle);
    if (s) sex = s === 'female' ? SEX_FEMALE : SEX_MALE;
  }
  const dob = normaliseDate(record.dateOfBirth, record.birthYear);
  return {
    id: record.id,
    source: record.source ?? '',
    fam: famT.join(''),
    mid: midT.join(' '),
    giv: givT.join(''),
    famC: vnCanonicalTokens(family).join(''),
    midC: vnCanonicalTokens(middle).join(' '),
    givC: vnCanonicalTokens(given).join(''),
    tokens,
    sorted: [...tokens].sort().join(' '),
    sex,
    dob,
    year: dob ? Number(dob.slice(0, 4)) : 0,
    ids: [...new Set(record.idNumbers.map(digits).filter((x) => x.length >= 5))],
    phone: normalisePhone(record.phone),
    province: record.province ?? '',
    values: settings.comparisons.map((spec) => specValue(record, spec)),
    extra: record.extra ? Object.fromEntries(Object.entries(record.extra).map(([k, v]) => [k, normaliseText(v)])) : {},
  };
}
