// Statistics for planning (issue 11): the indicators, their dimensions and each dimension's public
// domain, shared by the server (src/statistics), the web app's dashboards and the CLI.
//
// Every dimension's domain is a public code list (so a zero is no secret and differential privacy
// can give every cell noise), except `border_gate`, whose values are the gates found in the data:
// it is offered in suppression mode only. Values are codes; the web app translates them.
import { ageInYears } from './age.js';
import { PROVINCE_CODES } from './reference/index.js';
import {
  AGENCY_KINDS,
  CASE_SOURCES,
  EXPLOITATION_TYPES,
  FOLLOW_UP_OUTCOMES,
  RECRUITMENT_CHANNELS,
  REFERRAL_PURPOSES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  SEXES,
} from './codes.js';

export const UNKNOWN = 'unknown';

/** Age bands of issue 11, at registration. */
export const AGE_BANDS = ['0-11', '12-17', '18-24', '25-34', '35-49', '50+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(age: number | null | undefined): AgeBand | typeof UNKNOWN {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 0) return UNKNOWN;
  if (age <= 11) return '0-11';
  if (age <= 17) return '12-17';
  if (age <= 24) return '18-24';
  if (age <= 34) return '25-34';
  if (age <= 49) return '35-49';
  return '50+';
}

/** The age band on a given day from a date of birth, or from an age estimated on an earlier day. */
export function ageBandOn(
  day: string,
  person: { dateOfBirth: string | null; estimatedAgeYears: number | null; ageEstimatedOn: string | null },
): AgeBand | typeof UNKNOWN {
  return ageBandOf(ageInYears(person, day));
}

export const MINOR_VALUES = ['minor', 'adult'] as const;
export const CITIZENSHIP_KINDS = ['vietnamese', 'foreign', 'stateless'] as const;
export type CitizenshipKind = (typeof CITIZENSHIP_KINDS)[number];

/** Citizenship as statistics count it: Vietnamese, foreign, stateless (from a person's ISO code). */
export function citizenshipKindOf(citizenship: string | null | undefined): CitizenshipKind | typeof UNKNOWN {
  if (!citizenship || citizenship === 'unknown') return UNKNOWN;
  if (citizenship === 'stateless') return 'stateless';
  return citizenship === 'VN' ? 'vietnamese' : 'foreign';
}

/**
 * Destination countries shown on their own: those Vietnamese victims are most often taken to (IOM
 * and press reports); every other country counts as `other`. A fixed list keeps the domain public.
 */
export const STAT_DESTINATIONS = [
  'KH',
  'MM',
  'LA',
  'CN',
  'TH',
  'MY',
  'ID',
  'PH',
  'KR',
  'JP',
  'TW',
  'AE',
  'SA',
  'RU',
  'DE',
  'GB',
  'FR',
  'VN',
] as const;
export function destinationOf(country: string | null | undefined): string {
  if (!country) return UNKNOWN;
  return (STAT_DESTINATIONS as readonly string[]).includes(country) ? country : 'other';
}

export const DECISIONS = ['identified_victim', 'not_victim'] as const;
export const DEADLINE_VALUES = ['within', 'late'] as const;
/** Days from reception to the first verification decision. */
export const VERIFICATION_TIME_BANDS = ['0-1', '2-3', '4-7', '8-30', '31+'] as const;
export function verificationTimeBand(days: number): (typeof VERIFICATION_TIME_BANDS)[number] {
  if (days <= 1) return '0-1';
  if (days <= 3) return '2-3';
  if (days <= 7) return '4-7';
  if (days <= 30) return '8-30';
  return '31+';
}
export const REFERRAL_OUTCOMES = ['pending', 'accepted', 'declined', 'completed', 'revoked'] as const;
/** Days from a referral to the receiving agency's answer. */
export const RESPONSE_TIME_BANDS = ['same_day', '1-2', '3-7', '8+', 'no_response'] as const;
export function responseTimeBand(days: number | null): (typeof RESPONSE_TIME_BANDS)[number] {
  if (days === null) return 'no_response';
  if (days < 1) return 'same_day';
  if (days <= 2) return '1-2';
  if (days <= 7) return '3-7';
  return '8+';
}
export const SCREENING_OUTCOMES = ['presumed_victim', 'possible_victim', 'no_indicators_met'] as const;

export const PERIOD_DIMENSIONS = ['month', 'quarter', 'year'] as const;
export type PeriodDimension = (typeof PERIOD_DIMENSIONS)[number];

/** The dimensions, with their public domain (periods: the months, quarters or years of the window). */
export const DIMENSIONS = {
  month: { domain: 'period' },
  quarter: { domain: 'period' },
  year: { domain: 'period' },
  province: { domain: [...PROVINCE_CODES, UNKNOWN] },
  exploitation_type: { domain: [...EXPLOITATION_TYPES, UNKNOWN] },
  sex: { domain: [...SEXES] },
  age_band: { domain: [...AGE_BANDS, UNKNOWN] },
  minor: { domain: [...MINOR_VALUES, UNKNOWN] },
  citizenship: { domain: [...CITIZENSHIP_KINDS, UNKNOWN] },
  recruitment_channel: { domain: [...RECRUITMENT_CHANNELS, UNKNOWN] },
  destination: { domain: [...STAT_DESTINATIONS, 'other', UNKNOWN] },
  reached_via: { domain: [...CASE_SOURCES] },
  agency_kind: { domain: [...AGENCY_KINDS] },
  decision: { domain: [...DECISIONS] },
  deadline: { domain: [...DEADLINE_VALUES] },
  verification_time: { domain: [...VERIFICATION_TIME_BANDS] },
  referral_outcome: { domain: [...REFERRAL_OUTCOMES] },
  response_time: { domain: [...RESPONSE_TIME_BANDS] },
  to_agency_kind: { domain: [...AGENCY_KINDS] },
  purpose: { domain: [...REFERRAL_PURPOSES] },
  service_type: { domain: [...SERVICE_TYPES] },
  service_status: { domain: [...SERVICE_STATUSES] },
  screening_outcome: { domain: [...SCREENING_OUTCOMES] },
  border_gate: { domain: 'data' },
  follow_up_outcome: { domain: [...FOLLOW_UP_OUTCOMES] },
} as const satisfies Record<string, { domain: 'period' | 'data' | readonly string[] }>;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_IDS = Object.keys(DIMENSIONS) as Dimension[];

/** Whether differential privacy may use a dimension: its domain must not come from the data. */
export function isPublicDomain(dimension: Dimension): boolean {
  return DIMENSIONS[dimension].domain !== 'data';
}

const PERSON_DIMENSIONS = [
  'month',
  'quarter',
  'year',
  'province',
  'exploitation_type',
  'sex',
  'age_band',
  'minor',
  'citizenship',
  'recruitment_channel',
  'destination',
  'reached_via',
  'agency_kind',
] as const satisfies readonly Dimension[];
const PERIOD_AND_PERSON = ['month', 'quarter', 'year', 'sex', 'age_band', 'minor', 'province'] as const;

/**
 * What is counted. `person`: distinct persons (linkage clusters: one person known to three
 * agencies counts once); `case`: cases; `event`: referrals, services, screenings, … (a cell is
 * still shown only when at least k distinct persons are in it).
 */
export const INDICATORS = {
  persons_registered: { unit: 'person', dimensions: PERSON_DIMENSIONS },
  victims_identified: { unit: 'person', dimensions: PERSON_DIMENSIONS },
  cases_registered: { unit: 'case', dimensions: PERSON_DIMENSIONS },
  verification_decisions: {
    unit: 'case',
    dimensions: [
      'month',
      'quarter',
      'year',
      'decision',
      'deadline',
      'verification_time',
      'agency_kind',
      'province',
      'exploitation_type',
      'reached_via',
    ],
  },
  referrals: {
    unit: 'event',
    dimensions: [
      'month',
      'quarter',
      'year',
      'referral_outcome',
      'response_time',
      'agency_kind',
      'to_agency_kind',
      'purpose',
      'province',
    ],
  },
  services: {
    unit: 'event',
    dimensions: [
      'month',
      'quarter',
      'year',
      'service_type',
      'service_status',
      'agency_kind',
      'sex',
      'age_band',
      'province',
    ],
  },
  screenings: {
    unit: 'event',
    dimensions: ['month', 'quarter', 'year', 'screening_outcome', 'border_gate', 'agency_kind', 'sex', 'age_band'],
  },
  repatriations: {
    unit: 'event',
    dimensions: ['month', 'quarter', 'year', 'destination', 'border_gate', 'sex', 'age_band', 'minor', 'province'],
  },
  follow_ups: {
    unit: 'event',
    dimensions: ['follow_up_outcome', ...PERIOD_AND_PERSON, 'exploitation_type'],
  },
} as const satisfies Record<string, { unit: 'person' | 'case' | 'event'; dimensions: readonly Dimension[] }>;
export type IndicatorId = keyof typeof INDICATORS;
export const INDICATOR_IDS = Object.keys(INDICATORS) as IndicatorId[];
export type StatisticsUnit = (typeof INDICATORS)[IndicatorId]['unit'];

/** The minimum cell: counts from 1 to k−1 are never released (LANTERN_MIN_CELL). */
export const DEFAULT_MIN_CELL = 10;
/** The k of a record-level HTCDS export (CTDC publishes with k = 11). */
export const DEFAULT_EXPORT_K = 11;
/** Differential privacy: the ε one release may spend, and the default yearly budget per analyst. */
export const EPSILON_MIN = 0.05;
export const EPSILON_MAX = 2;
export const DEFAULT_DP_BUDGET = 10;

/** The labels of a period dimension over a window of whole months [from, to] (YYYY-MM-DD). */
export function periodLabels(dimension: PeriodDimension, from: string, to: string): string[] {
  const labels: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const endYear = Number(to.slice(0, 4));
  const endMonth = Number(to.slice(5, 7));
  while (year < endYear || (year === endYear && month <= endMonth)) {
    const label = periodLabel(dimension, year, month);
    if (labels[labels.length - 1] !== label) labels.push(label);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return labels;
}

/** The label of the period holding a day (YYYY-MM-DD): 2026-03, 2026-Q1 or 2026. */
export function periodOf(dimension: PeriodDimension, day: string): string {
  return periodLabel(dimension, Number(day.slice(0, 4)), Number(day.slice(5, 7)));
}

function periodLabel(dimension: PeriodDimension, year: number, month: number): string {
  if (dimension === 'year') return String(year);
  if (dimension === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Whether [from, to] is a window of whole months (from the 1st of one to the last day of another). */
export function isWholeMonthWindow(from: string, to: string): boolean {
  if (!/^\d{4}-\d{2}-01$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || from > to) return false;
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
}
