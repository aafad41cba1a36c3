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
  /** The whole name came in one field ("Lan Nguyen Thi"): its word order is unknown. */
  oneField: boolean;
  /** For a name in one field, its reading in a foreign partner's order: given name, family, middle. */
  alt: { fam: string; mid: string; giv: string } | null;
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

const NO_IDS: string[] = [];

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

const NO_EXTRA: Record<string, string | null> = Object.freeze({});

function normaliseExtra(extra: Readonly<Record<string, string | null>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k in extra) out[k] = normaliseText(extra[k]);
  return out;
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
  if (spec.kind === 'string' || spec.kind === 'exact' || spec.kind === 'words')
    return normaliseText(sourceValue(record, spec.source));
  if (spec.kind === 'date') {
    const d = spec.source
      ? normaliseDate(sourceValue(record, spec.source))
      : normaliseDate(record.dateOfBirth, record.birthYear);
    return d || null;
  }
  return null;
}

/** Family, middle, given; a whole name typed into one part is split (first word family, last given). */
function nameParts(r: LinkRecord): [string | null, string | null, string | null, boolean] {
  const present = [r.familyName, r.middleName, r.givenName].filter((x) => x && x.trim());
  if (present.length === 1) {
    const words = present[0]!.trim().split(/\s+/);
    if (words.length >= 2) return [words[0]!, words.slice(1, -1).join(' ') || null, words[words.length - 1]!, true];
  }
  return [r.familyName, r.middleName, r.givenName, false];
}

// Names repeat (a third of the country is Nguyễn): fold each distinct text once.
const foldedCache = new Map<string, { folded: string[]; canonical: string }>();
const NO_WORDS = { folded: [] as string[], canonical: '' };

function words(text: string | null, joiner: string): { folded: string[]; canonical: string } {
  if (!text) return NO_WORDS;
  let hit = foldedCache.get(text);
  if (!hit) {
    if (foldedCache.size > 200_000) foldedCache.clear();
    hit = { folded: vnNameTokens(text), canonical: vnCanonicalTokens(text).join(joiner) };
    foldedCache.set(text, hit);
  }
  return hit;
}

export function prepareRecord(record: LinkRecord, settings: LinkageSettings): Prepared {
  const [family, middle, given, oneField] = nameParts(record);
  const famW = words(family, '');
  const midW = words(middle, ' ');
  const givW = words(given, '');
  const famT = famW.folded;
  const midT = midW.folded;
  const givT = givW.folded;
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
    famC: famW.canonical,
    midC: midW.canonical,
    givC: givW.canonical,
    oneField,
    alt: oneField && tokens.length >= 2 ? { giv: tokens[0]!, fam: tokens[1]!, mid: tokens.slice(2).join(' ') } : null,
    tokens,
    sorted: [...tokens].sort().join(' '),
    sex,
    dob,
    year: dob ? Number(dob.slice(0, 4)) : 0,
    ids: record.idNumbers.length ? [...new Set(record.idNumbers.map(digits).filter((x) => x.length >= 5))] : NO_IDS,
    phone: normalisePhone(record.phone),
    province: record.province ?? '',
    values: settings.comparisons.map((spec) => specValue(record, spec)),
    extra: record.extra ? normaliseExtra(record.extra) : NO_EXTRA,
  };
}
