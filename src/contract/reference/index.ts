// The registry's reference data: fixed code lists, their labels, Viet Nam's
// provinces (2025 reform) and ISO 3166-1 countries, in one place for the API.

import countries, { type LocaleData } from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import vi from 'i18n-iso-countries/langs/vi.json' with { type: 'json' };
import provinces from './provinces.json' with { type: 'json' };
import {
  AGENCY_KINDS,
  CASE_SOURCES,
  CASE_STATUSES,
  EXPLOITATION_TYPES,
  IDENTITY_DOCUMENT_TYPES,
  RECRUITMENT_CHANNELS,
  ROLES,
  SEXES,
  type Language,
} from '../codes.js';
import { label, type CodeOf, type LabelList } from './labels.js';

export * from '../codes.js';
export { LABELS, label, type Labels, type LabelList, type LabelTables, type CodeOf } from './labels.js';

// ---- Provinces ----

export interface Province {
  /** Lantern slug (no official code for the new units), e.g. "ho-chi-minh". */
  code: string;
  /** Vietnamese name with diacritics. */
  name: string;
  type: 'city' | 'province';
  /** The pre-reform provinces it now covers (itself included; one entry when unchanged). */
  absorbed: readonly string[];
  confidence: 'high' | 'medium-high';
  note?: string;
}

interface ProvinceFile {
  source: string;
  version: string;
  provinces: Province[];
}

const provinceFile = provinces as ProvinceFile;

export const PROVINCES_SOURCE: string = provinceFile.source;
export const PROVINCES_VERSION: string = provinceFile.version;
export const PROVINCES: readonly Readonly<Province>[] = Object.freeze(
  provinceFile.provinces.map((p) => Object.freeze(p)),
);
export const PROVINCE_CODES: readonly string[] = Object.freeze(PROVINCES.map((p) => p.code));
const provinceCodeSet = new Set(PROVINCE_CODES);

export function isProvinceCode(code: unknown): code is string {
  return typeof code === 'string' && provinceCodeSet.has(code);
}

/** Lower-case, no diacritics, punctuation as single spaces: "Bà Rịa–Vũng Tàu" -> "ba ria vung tau". */
function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(tinh|thanh pho|tp) /, ''); // "Tỉnh Hà Giang", "TP. Hồ Chí Minh"
}

// Old names first, then current names (only "Huế" differs from its old name).
const provinceByName = new Map<string, Readonly<Province>>();
for (const p of PROVINCES) for (const old of p.absorbed) provinceByName.set(foldName(old), p);
for (const p of PROVINCES) if (!provinceByName.has(foldName(p.name))) provinceByName.set(foldName(p.name), p);

/** The current unit for a pre-reform (or current) province name; accent- and case-insensitive. */
export function findProvinceByOldName(name: string): Readonly<Province> | undefined {
  return provinceByName.get(foldName(name));
}

// ---- Countries ----

// The Node entry registers every locale already; register ours explicitly so
// the three UI languages never depend on that side effect.
for (const locale of [vi, en, fr]) countries.registerLocale(locale as LocaleData);

/** ISO 3166-1 alpha-2 codes as shipped by i18n-iso-countries (includes the user-assigned XK, Kosovo). */
export const COUNTRY_CODES: readonly string[] = Object.freeze(Object.keys(countries.getAlpha2Codes()).sort());
const countryCodeSet = new Set(COUNTRY_CODES);

/** Citizenship values that are not a country. */
export const CITIZENSHIP_SPECIAL = ['stateless', 'unknown'] as const;

export function isCountryCode(v: unknown): v is string {
  return typeof v === 'string' && countryCodeSet.has(v);
}

/** A citizenship value: an upper-case alpha-2 code, 'stateless' or 'unknown'. */
export function isCitizenship(v: unknown): v is string {
  return isCountryCode(v) || v === 'stateless' || v === 'unknown';
}

// Package names that are wrong, not just untranslated: vi MY is "Bán đảo Mã Lai"
// (the Malay Peninsula), and Malaysia is a common destination in our cases.
const COUNTRY_NAME_FIXES: Partial<Record<Language, Readonly<Record<string, string>>>> = {
  vi: { MY: 'Malaysia' },
};

/** The country's name in `lang`; undefined unless `code` is an upper-case alpha-2 code. */
export function countryName(code: string, lang: Language): string | undefined {
  if (!isCountryCode(code)) return undefined;
  return COUNTRY_NAME_FIXES[lang]?.[code] ?? countries.getName(code, lang);
}

// ---- Everything, labelled, for the API ----

export interface CodeLabel {
  code: string;
  label: string;
}

export interface ReferenceData {
  exploitationTypes: CodeLabel[];
  recruitmentChannels: CodeLabel[];
  caseSources: CodeLabel[];
  agencyKinds: CodeLabel[];
  roles: CodeLabel[];
  sexes: CodeLabel[];
  identityDocumentTypes: CodeLabel[];
  caseStatuses: CodeLabel[];
  provinces: { code: string; name: string; absorbed: string[] }[];
  countries: { code: string; name: string }[];
}

function labelled<L extends LabelList>(list: L, codes: readonly CodeOf<L>[], lang: Language): CodeLabel[] {
  return codes.map((code) => ({ code, label: label(list, code, lang) }));
}

export function referenceData(lang: Language): ReferenceData {
  const collator = new Intl.Collator(lang);
  return {
    exploitationTypes: labelled('exploitationType', EXPLOITATION_TYPES, lang),
    recruitmentChannels: labelled('recruitmentChannel', RECRUITMENT_CHANNELS, lang),
    caseSources: labelled('caseSource', CASE_SOURCES, lang),
    agencyKinds: labelled('agencyKind', AGENCY_KINDS, lang),
    roles: labelled('role', ROLES, lang),
    sexes: labelled('sex', SEXES, lang),
    identityDocumentTypes: labelled('identityDocumentType', IDENTITY_DOCUMENT_TYPES, lang),
    caseStatuses: labelled('caseStatus', CASE_STATUSES, lang),
    provinces: PROVINCES.map((p) => ({ code: p.code, name: p.name, absorbed: [...p.absorbed] })),
    // Sorted by name in the reader's language, for pick lists.
    countries: COUNTRY_CODES.map((code) => ({ code, name: countryName(code, lang) ?? code })).sort((a, b) =>
      collator.compare(a.name, b.name),
    ),
  };
}
