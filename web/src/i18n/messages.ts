// Message catalogues and formatting for one language, without React (tested alone).
import { en } from './en';
import { fr } from './fr';
import { vi, type MessageKey as CoreKey } from './vi';
import type { ConsolidationKey } from './consolidation/vi';
import type { StatisticsKey } from './statistics/vi';
import type { NetworkKey } from './network/vi';
import type { InvestigationKey } from './investigation/vi';
import type { SitesKey } from './sites/vi';
import type { ReportingKey } from './reporting/vi';
import type { TeamsKey } from './teams/vi';
import type { DataioKey } from './dataio/vi';
import type { AccountsKey } from './accounts/vi';
import type { ProsecutionKey } from './prosecution/vi';
import { vi as caseworkVi, type CaseworkKey } from './casework/vi';
import { en as caseworkEn } from './casework/en';
import { fr as caseworkFr } from './casework/fr';
import type { Language } from '../types';
import { AUDIT_ACTION_LABELS, LABELS, type LabelList } from '../contract';

/**
 * Every message key. The first screen's catalogues (./vi, ./en, ./fr) are in the main bundle;
 * the messages of screens few people open (./consolidation, ./statistics) come with those screens, which
 * register them (`registerMessages`) when their module loads, before they render. Teams and notifications
 * (./teams) keep their own catalogues too, registered by the app shell at start.
 */
export type MessageKey =
  | CoreKey
  | ConsolidationKey
  | StatisticsKey
  | TeamsKey
  | DataioKey
  | AccountsKey
  | CaseworkKey
  | ProsecutionKey
  | NetworkKey
  | InvestigationKey
  | SitesKey
  | ReportingKey;
export const LANGUAGES: readonly Language[] = ['vi', 'en', 'fr'];

/** Code lists labelled in the shared contract (the server's report uses them too), under the app's list names. */
const CONTRACT_LISTS: Readonly<Record<string, LabelList>> = {
  purpose: 'referralPurpose',
  referralStatus: 'referralStatus',
  service: 'serviceType',
  serviceStatus: 'serviceStatus',
  'screening.outcome': 'screeningOutcome',
  followUpOutcome: 'followUpOutcome',
};
export function contractLabels(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [list, table] of Object.entries(CONTRACT_LISTS)) {
    for (const [code, labels] of Object.entries(LABELS[table])) out[`${list}.${code}`] = labels[lang];
  }
  // Audit actions in words (`code('auditAction', 'case.read')`): the access log and the audit view.
  for (const [code, labels] of Object.entries(AUDIT_ACTION_LABELS)) out[`auditAction.${code}`] = labels[lang];
  return out;
}

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = {
  // Issue 12's casework screens (./casework) are part of the case file: in the main bundle.
  vi: { ...contractLabels('vi'), ...vi, ...caseworkVi } as Record<MessageKey, string>,
  en: { ...contractLabels('en'), ...en, ...caseworkEn } as Record<MessageKey, string>,
  fr: { ...contractLabels('fr'), ...fr, ...caseworkFr } as Record<MessageKey, string>,
};

/** Adds the messages of a part of the app loaded on demand (each language has the same keys). */
export function registerMessages<K extends MessageKey>(part: Record<Language, Record<K, string>>): void {
  for (const lang of LANGUAGES) Object.assign(CATALOGUES[lang], part[lang]);
}
const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB', fr: 'fr-FR' };

export const isLanguage = (v: unknown): v is Language => v === 'vi' || v === 'en' || v === 'fr';

export type Params = Record<string, string | number>;

/** The message `key` in `lang` with {placeholders} filled. */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const text = CATALOGUES[lang][key] ?? CATALOGUES.vi[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export interface I18n {
  lang: Language;
  t(key: MessageKey, params?: Params): string;
  /** The label of a code from a list the app names itself (e.g. 'purpose', 'shelter'); the code when unknown. */
  code(list: string, code: string): string;
  /** dd/mm/yyyy in vi (and en-GB, fr): a calendar date (YYYY-MM-DD) or an instant. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
  number(value: number): string;
}

export function makeI18n(lang: Language): I18n {
  const locale = LOCALES[lang];
  const dateFmt = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const dayFmtUtc = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const numberFmt = new Intl.NumberFormat(locale);
  const catalogue = CATALOGUES[lang] as Record<string, string>;
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    code: (list, code) => catalogue[`${list}.${code}`] ?? code,
    date(value) {
      if (!value) return '—';
      // A calendar date has no time zone: format it as written.
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayFmtUtc.format(new Date(`${value}T00:00:00Z`));
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateFmt.format(d);
    },
    dateTime(value) {
      if (!value) return '—';
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateTimeFmt.format(d);
    },
    number: (value) => numberFmt.format(value),
  };
}
