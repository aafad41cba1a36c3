// The HTCDS export's columns and the generalisation hierarchies of its quasi-identifiers (pure).
//
// Columns use IOM's HTCDS v2 field names (../shared/data/reference/htcds_v2_fields.csv) with their
// picklist values; what HTCDS has no field for is in `lantern_*` extension columns (docs/htcds-export.md).
// Never a name, an id, a contact, a document number, a date or a narrative.
//
// Quasi-identifiers (generalised together until every combination holds at least k persons):
//   age (band -> minor/adult -> *), sex (-> *), citizenship (country -> UN M49 subregion -> region -> *),
//   province (2025 unit -> socio-economic region -> *), registration date (year -> five-year period -> *),
//   exploitation type (type -> broad group -> *).
import { createRequire } from 'node:module';
import type { Countries } from 'world-countries';
import { ageInYears } from '../contract/age.js';
import { ageBandOf, destinationOf, UNKNOWN } from '../contract/statistics.js';
import type { Hierarchy } from './k-anonymity.js';
import { regionOf } from './regions.js';

/** A distinct person as the export reads them (their cluster's earliest case, and its person). */
export interface ExportPerson {
  sex: string;
  dateOfBirth: string | null;
  estimatedAgeYears: number | null;
  ageEstimatedOn: string | null;
  /** Only a year of birth known (imports): the age is the difference of the years. */
  birthYear?: number | null;
  citizenship: string;
  province: string | null;
  /** The day the case was registered (YYYY-MM-DD, in LANTERN_TIMEZONE). */
  registeredOn: string;
  /** The day recruitment began, when known: the age is the age then ("age when trafficked"). */
  recruitedOn: string | null;
  exploitationTypes: readonly string[];
  recruitmentChannels: readonly string[];
  destinationCountry: string | null;
  status: string;
  /** Whether the case was ever decided an identified victim (a closed case keeps its decision). */
  identified: boolean;
}

// ---- UN M49 (via world-countries, which follows the UN geoscheme) ----

// world-countries is CommonJS (module.exports = the array), typed as an ES default export: required.
const worldCountries = createRequire(import.meta.url)('world-countries') as Countries;
const M49 = new Map<string, { subregion: string; region: string }>(
  worldCountries.map((c) => [c.cca2, { subregion: c.subregion || c.region, region: c.region }]),
);

// ---- Exploitation types: HTCDS picklist values and broad groups ----

/**
 * Lantern's exploitation types in HTCDS. HTCDS has no value for forced criminality (nor for the
 * trafficking of babies): they are exported as `Other`; the broad group one level up still
 * tells forced criminality apart (`Criminality`).
 */
export const HTCDS_EXPLOITATION: Record<string, string> = {
  forced_labour: 'ForcedLabour',
  sexual_exploitation: 'SexualExploitation',
  forced_criminality: 'Other',
  organ_removal: 'OrganRemoval',
  fetus_or_baby_trafficking: 'Other',
  forced_marriage: 'ForcedMarriage',
  domestic_servitude: 'Servitude',
  begging: 'ForcedBegging',
  child_exploitation: 'ChildLabour',
  other: 'Other',
};
/** Broad groups: labour (forced labour, servitude, begging, child labour), sexual, criminality, other. */
export const EXPLOITATION_GROUP: Record<string, string> = {
  forced_labour: 'Labour',
  domestic_servitude: 'Labour',
  begging: 'Labour',
  child_exploitation: 'Labour',
  sexual_exploitation: 'Sexual',
  forced_criminality: 'Criminality',
  organ_removal: 'Other',
  fetus_or_baby_trafficking: 'Other',
  forced_marriage: 'Other',
  other: 'Other',
};

export const HTCDS_GENDER: Record<string, string> = {
  female: 'Feminine',
  male: 'Masculine',
  other: 'NonConforming',
  unknown: 'NonSpecifiedUnknown',
};

export const HTCDS_RECRUITMENT: Record<string, string> = {
  online_job_ad: 'ThroughAnOnlineAdvertisement',
  social_media: 'ThroughOnlineSocialNetworks',
  messaging_app: 'ThroughOnlineSocialNetworks',
  acquaintance: 'ThroughFriendsOrSocialEvents',
  family_member: 'ThroughFamilyOrFamilyEvents',
  broker_or_agency: 'Other',
  other: 'Other',
};

// ---- The hierarchies (level-0 values are Lantern's codes; '*' at the top) ----

const sameIfUnknown = (value: string, f: (v: string) => string) => (value === UNKNOWN ? UNKNOWN : f(value));

export const QUASI_IDENTIFIERS: readonly Hierarchy[] = [
  {
    name: 'age',
    levels: ['band', 'minor_adult', '*'],
    generalise: (v) => sameIfUnknown(v, (band) => (band === '0-11' || band === '12-17' ? 'minor' : 'adult')),
  },
  { name: 'sex', levels: ['sex', '*'], generalise: (v) => v },
  {
    name: 'citizenship',
    levels: ['country', 'subregion', 'region', '*'],
    generalise: (v, level) => {
      if (v === UNKNOWN || v === 'stateless') return v;
      const m49 = M49.get(v);
      if (!m49) return 'other';
      return level === 1 ? m49.subregion : m49.region;
    },
  },
  {
    name: 'province',
    levels: ['province', 'region', '*'],
    generalise: (v) => sameIfUnknown(v, (p) => regionOf(p) ?? UNKNOWN),
  },
  {
    name: 'registration',
    levels: ['year', 'five_years', '*'],
    generalise: (v) =>
      sameIfUnknown(v, (year) => {
        const start = Number(year) - (Number(year) % 5);
        return `${start}-${start + 4}`;
      }),
  },
  {
    name: 'exploitation',
    levels: ['type', 'group', '*'],
    generalise: (v) =>
      sameIfUnknown(v, (types) => {
        const groups = [...new Set(types.split('|').map((t) => EXPLOITATION_GROUP[t] ?? 'Other'))];
        return groups.length === 1 ? groups[0]! : 'Multiple';
      }),
  },
];

/** A person's quasi-identifiers at level 0, in the order of QUASI_IDENTIFIERS. */
export function quasiIdentifiers(p: ExportPerson): string[] {
  const types = [...new Set(p.exploitationTypes)].sort();
  const day = p.recruitedOn && p.recruitedOn < p.registeredOn ? p.recruitedOn : p.registeredOn;
  const age = ageInYears(p, day) ?? (p.birthYear ? Number(day.slice(0, 4)) - p.birthYear : null);
  return [
    ageBandOf(age),
    p.sex || UNKNOWN,
    p.citizenship || UNKNOWN,
    p.province && regionOf(p.province) ? p.province : UNKNOWN,
    p.registeredOn.slice(0, 4),
    types.length ? types.join('|') : UNKNOWN,
  ];
}

// ---- The file's columns ----

export const HTCDS_COLUMNS = [
  'prs_Gender',
  'prs_Citizenship',
  'vic_AgeWhenTrafficked',
  'vic_TypeOfExploitation',
  'vic_TraffickingStatus',
  'vic_MethodOfRecruitment',
  'lantern_RegistrationYear',
  'lantern_Province',
  'lantern_DestinationCountry',
] as const;
/** The columns holding quasi-identifiers (the k-anonymity check groups by them). */
export const QUASI_IDENTIFIER_COLUMNS = [0, 1, 2, 3, 6, 7] as const;

const shown = (v: string) => (v === UNKNOWN ? '' : v);

/**
 * The row of a person, from their quasi-identifiers as generalised (same order as
 * QUASI_IDENTIFIERS). Picklist values are HTCDS's; multiselect values are joined with ';'.
 */
export function htcdsRow(p: ExportPerson, generalised: readonly string[], levels: readonly number[]): string[] {
  const [age, sex, citizenship, province, year, exploitation] = generalised as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const exploitationCell =
    levels[5] === 0 && exploitation !== UNKNOWN
      ? [...new Set(exploitation.split('|').map((t) => HTCDS_EXPLOITATION[t] ?? 'Other'))].join(';')
      : shown(exploitation);
  const status = p.identified
    ? 'ActualVictimOfTrafficking'
    : p.status === 'not_victim'
      ? 'NotAVictimOfTrafficking'
      : 'PossibleVictimOfTrafficking';
  const recruitment = [...new Set(p.recruitmentChannels.map((c) => HTCDS_RECRUITMENT[c] ?? 'Other'))].sort().join(';');
  const destination = destinationOf(p.destinationCountry);
  return [
    levels[1] === 0 ? (HTCDS_GENDER[sex] ?? 'NonSpecifiedUnknown') : sex,
    citizenship === 'stateless' ? 'Stateless' : shown(citizenship),
    shown(age),
    exploitationCell,
    status,
    recruitment,
    shown(year),
    shown(province),
    shown(destination),
  ];
}
