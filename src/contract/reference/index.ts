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
import { foldText } from '../names.js';

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
  return foldText(name).replace(/^(tinh|thanh pho|tp) /, ''); // "Tỉnh Hà Giang", "TP. Hồ Chí Minh"
}

// Old names first, then current names (only "Huế" differs from its old name).
const provinceByName = new Map<string, Readonly<Province>>();
for (const p of PROVINCES) for (const old of p.absorbed) provinceByName.set(foldName(old), p);
for (const p of PROVINCES) if (!provinceByName.has(foldName(p.name))) provinceByName.set(foldName(p.name), p);

/** The current unit for a pre-reform (or current) province name; accent- and case-insensitive. */
export function findProvinceByOldName(name: string): Readonly<Province> | undefined {
  return provinceByName.get(foldName(name));
}

// Other ways agencies write a province (folded as by foldName).
const PROVINCE_ALIASES: Readonly<Record<string, string>> = {
  hcm: 'ho-chi-minh',
  tphcm: 'ho-chi-minh',
  'tp hcm': 'ho-chi-minh',
  'sai gon': 'ho-chi-minh',
  'ho chi minh city': 'ho-chi-minh',
  'ha noi city': 'ha-noi',
  hanoi: 'ha-noi',
  daklak: 'dak-lak',
  'dac lac': 'dak-lak',
  'ba ria vung tau': 'ho-chi-minh',
  'hue city': 'hue',
};
const formerNameByFolded = new Map<string, string>();
for (const p of PROVINCES) for (const old of p.absorbed) if (old !== p.name) formerNameByFolded.set(foldName(old), old);

/**
 * A province as an agency typed it: one of the 34 units of 2025 or the 63 before, with or without
 * diacritics, "Tỉnh"/"Thành phố"/"TP." prefixes, and a few common short forms ("TP.HCM").
 * `formerName` is the pre-reform province's official name when the text named one that is not
 * the unit's current name ("Hà Giang" -> tuyen-quang, formerName "Hà Giang").
 */
export function matchProvince(name: string): { province: Readonly<Province>; formerName: string | null } | undefined {
  const folded = foldName(name);
  const province = provinceByName.get(folded) ?? provinceByName.get(folded.replace(/^(tinh|thanh pho|tp) /, ''));
  if (province) return { province, formerName: formerNameByFolded.get(folded) ?? null };
  const alias = PROVINCE_ALIASES[folded] ?? PROVINCE_ALIASES[folded.replace(/ /g, '')];
  const aliased = alias === undefined ? undefined : PROVINCES.find((p) => p.code === alias);
  return aliased && { province: aliased, formerName: folded === 'ba ria vung tau' ? 'Bà Rịa–Vũng Tàu' : null };
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

// Names as people say them: the short common names of the Unicode CLDR (through Intl.DisplayNames:
// "Lào", "Nga", "Hoa Kỳ", "Ả Rập Xê-út"), where the package gives official or untranslated ones
// ("Cộng hòa Dân chủ nhân dân Lào", "Saudi Arabia"). CLDR's own alternatives in brackets are
// dropped where usage settles on one name, and a few long forms are shortened.
const COUNTRY_NAME_FIXES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  vi: {
    MM: 'Myanmar',
    HK: 'Hồng Kông (Trung Quốc)',
    MO: 'Ma Cao (Trung Quốc)',
    CD: 'Cộng hòa Dân chủ Congo',
    CG: 'Cộng hòa Congo',
    AE: 'Các Tiểu vương quốc Ả Rập Thống nhất',
  },
  en: { MM: 'Myanmar', HK: 'Hong Kong (China)', MO: 'Macao (China)', CD: 'DR Congo', CG: 'Congo' },
  fr: { MM: 'Myanmar', HK: 'Hong Kong (Chine)', MO: 'Macao (Chine)', CD: 'RD Congo', CG: 'Congo' },
};

const displayNames = new Map<Language, Intl.DisplayNames>();
function cldrName(code: string, lang: Language): string | undefined {
  let names = displayNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    displayNames.set(lang, names);
  }
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}

// Names and adjectives agencies write that the package does not list (folded: no diacritics, lower case).
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  'viet nam': 'VN', vietnamese: 'VN', 'nguoi viet nam': 'VN', 'nguoi viet': 'VN', viet: 'VN',
  lao: 'LA', laos: 'LA', laotian: 'LA', 'nuoc lao': 'LA',
  malaysia: 'MY', malaysian: 'MY', 'ma lai': 'MY', 'ma lai xi a': 'MY',
  cambodian: 'KH', 'cam pu chia': 'KH', 'cam bot': 'KH', khmer: 'KH',
  chinese: 'CN', 'trung hoa': 'CN', tq: 'CN',
  thai: 'TH', korean: 'KR', 'south korea': 'KR', han: 'KR', 'nam han': 'KR',
  japanese: 'JP', nhat: 'JP', 'nhat ban': 'JP', taiwanese: 'TW', burmese: 'MM', burma: 'MM', 'mien dien': 'MM',
  my: 'US', 'hoa ky': 'US', american: 'US', anh: 'GB', british: 'GB', uc: 'AU', australian: 'AU',
  duc: 'DE', german: 'DE', phap: 'FR', french: 'FR', nga: 'RU', russian: 'RU', singaporean: 'SG',
  indonesian: 'ID', filipino: 'PH', 'a rap xe ut': 'SA', 'a rap saudi': 'SA', 'arap xeut': 'SA',
  dubai: 'AE', uae: 'AE', angola: 'AO',
}; // prettier-ignore

const foldCountry = foldText;

let countryByName: Map<string, string> | undefined;

/**
 * The alpha-2 code of a country as people write it: an alpha-2 or alpha-3 code, its name in
 * Vietnamese, English or French (any case, with or without diacritics), or a common adjective
 * ("Vietnamese", "Campuchia", "Hàn Quốc", "Lào"). Undefined when not recognised.
 */
export function findCountryCode(text: string): string | undefined {
  const trimmed = text.trim();
  // Codes in capitals first ("MY" is Malaysia), names next ("My", typed for Mỹ, is the United States).
  if (countryCodeSet.has(trimmed)) return trimmed;
  if (/^[A-Z]{3}$/.test(trimmed)) {
    const code = countries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (code && isCountryCode(code)) return code;
  }
  if (!countryByName) {
    countryByName = new Map();
    for (const lang of ['vi', 'en', 'fr'] as const) {
      for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
        for (const name of names) if (!countryByName.has(foldCountry(name))) countryByName.set(foldCountry(name), code);
      }
    }
    for (const lang of ['vi', 'en', 'fr'] as const) {
      for (const code of COUNTRY_CODES) {
        const name = countryName(code, lang);
        if (name && !countryByName.has(foldCountry(name))) countryByName.set(foldCountry(name), code);
      }
    }
    for (const [name, code] of Object.entries(COUNTRY_ALIASES)) countryByName.set(name, code);
  }
  const code = countryByName.get(foldCountry(trimmed)) ?? trimmed.toUpperCase();
  return countryCodeSet.has(code) ? code : undefined;
}

/** The country's name in `lang`; undefined unless `code` is an upper-case alpha-2 code. */
export function countryName(code: string, lang: Language): string | undefined {
  if (!isCountryCode(code)) return undefined;
  return COUNTRY_NAME_FIXES[lang][code] ?? cldrName(code, lang) ?? countries.getName(code, lang);
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
