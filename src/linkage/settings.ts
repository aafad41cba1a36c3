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
