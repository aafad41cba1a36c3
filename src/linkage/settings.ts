// Linkage settings for Lantern persons: which fields are compared and how, which keys block.
import type { LinkageSettings } from './types.js';

/** Probability at or above which a pair is linked without review. */
export const DEFAULT_AUTO_THRESHOLD = 0.99;
/** Probability at or above which a pair enters the data steward's queue. */
export const DEFAULT_REVIEW_THRESHOLD = 0.5;

/**
 * Lantern persons. Blocking never uses the family name alone (a third of the country shares
 * "Nguyễn"): every key pairs it with the given name or a date. The keys are selective enough for the
 * registration check to look candidates up in an indexed table.
 */
const person: LinkageSettings = {
  name: 'lantern-person-v1',
  linkType: 'dedupe',
  comparisons: [
    { field: 'family_name', kind: 'vn_family', thresholds: [0.9], tf: true },
    { field: 'middle_name', kind: 'vn_middle', tf: true },
    { field: 'given_name', kind: 'vn_given', thresholds: [0.9, 0.8], tf: true },
    { field: 'sex', kind: 'sex' },
    { field: 'date_of_birth', kind: 'date' },
    { field: 'id_number', kind: 'id' },
    { field: 'phone', kind: 'phone' },
    { field: 'province', kind: 'province' },
  ],
  blocking: [
    { name: 'id', parts: ['id'], holdOut: ['id_number'] },
    { name: 'phone', parts: ['phone'], holdOut: ['phone'] },
    { name: 'given_dob', parts: ['given', 'dob'], holdOut: ['given_name', 'date_of_birth'] },
    { name: 'initials_dob', parts: ['initials', 'dob_unordered'], holdOut: ['date_of_birth'] },
    {
      name: 'names_dob',
      parts: ['name_pairs', 'dob_unordered'],
      holdOut: ['family_name', 'middle_name', 'given_name', 'date_of_birth'],
    },
    {
      name: 'names_year_province',
      parts: ['name_pairs', 'year', 'province'],
      holdOut: ['family_name', 'middle_name', 'given_name', 'date_of_birth', 'province'],
    },
    // a year only, an estimated age or no date at all, and no shared document or phone: the whole name
    // (any order) with the birth year, or with the province. Only in small blocks: a common name with a
    // year tells too little to compare hundreds of records (the rarer names carry the evidence)
    { name: 'name_year', parts: ['sorted_name', 'year'], holdOut: [], maxBlockSize: 10 },
    { name: 'name_province', parts: ['sorted_name', 'province'], holdOut: [], maxBlockSize: 10 },
  ],
  // The EM learns m from the pairs of these rules only: what they leave out is informative (a shared ID
  // number or phone, or given name and date of birth, leave the other fields free to agree or not). Rules
  // that hold out the names and the date leave too little to tell matches apart, and the EM drifts.
  get training() {
    return this.blocking.filter((rule) => ['id', 'phone', 'given_dob'].includes(rule.name));
  },
  deterministic: [
    { name: 'id', parts: ['id'], holdOut: [] },
    { name: 'name_dob', parts: ['family', 'middle', 'given', 'dob'], holdOut: [] },
  ],
  deterministicRecall: 0.5,
  maxBlockSize: 1000,
  uSamplePairs: 500_000,
  emMaxPairs: 300_000,
};
export const PERSON_SETTINGS: LinkageSettings = Object.freeze(person);

/**
 * Settings for the FEBRL synthetic data sets (Christen, ANU): names, address, date of birth and social
 * security number of Australian records, the names and address in `extra` (given_name, surname,
 * street_number, address_1, address_2, suburb, postcode, state). Used by the benchmark and the tests.
 */
export function febrlSettings(linkType: LinkageSettings['linkType']): LinkageSettings {
  return {
    name: `febrl-${linkType}`,
    linkType,
    comparisons: [
      { field: 'given_name', kind: 'string', source: 'extra:given_name', thresholds: [0.92, 0.8], tf: true },
      { field: 'surname', kind: 'string', source: 'extra:surname', thresholds: [0.92, 0.8], tf: true },
      { field: 'street_number', kind: 'string', source: 'extra:street_number', thresholds: [0.85] },
      { field: 'address_1', kind: 'string', source: 'extra:address_1', thresholds: [0.9, 0.75] },
      { field: 'address_2', kind: 'string', source: 'extra:address_2', thresholds: [0.9, 0.75] },
      { field: 'suburb', kind: 'string', source: 'extra:suburb', thresholds: [0.9, 0.75], tf: true },
      { field: 'postcode', kind: 'string', source: 'extra:postcode', thresholds: [0.85] },
      { field: 'state', kind: 'exact', source: 'extra:state' },
      { field: 'date_of_birth', kind: 'date' },
      { field: 'soc_sec_id', kind: 'id' },
    ],
    blocking: [
      { name: 'ssid', parts: ['id'], holdOut: ['soc_sec_id'] },
      { name: 'dob', parts: ['dob'], holdOut: ['date_of_birth'] },
      { name: 'names', parts: ['extra:given_name', 'extra:surname'], holdOut: ['given_name', 'surname'] },
      { name: 'postcode_initial', parts: ['extra:postcode', 'prefix1:extra:surname'], holdOut: ['postcode'] },
      { name: 'suburb_initial', parts: ['extra:suburb', 'prefix1:extra:given_name'], holdOut: ['suburb'] },
      { name: 'address', parts: ['extra:address_1', 'extra:street_number'], holdOut: ['address_1', 'street_number'] },
    ],
    deterministic: [
      { name: 'names_dob', parts: ['extra:given_name', 'extra:surname', 'dob'], holdOut: [] },
      { name: 'ssid', parts: ['id'], holdOut: [] },
    ],
    deterministicRecall: 0.7,
    maxBlockSize: 1000,
    uSamplePairs: 1_000_000,
    emMaxPairs: 300_000,
  };
}
