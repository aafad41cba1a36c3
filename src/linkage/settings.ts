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
    { field: 'middle_name', kind: 'vn_middle' },
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
    { name: 'family_dob', parts: ['family', 'dob_unordered'], holdOut: ['family_name', 'date_of_birth'] },
    {
      name: 'name_year',
      parts: ['family', 'given', 'year'],
      holdOut: ['family_name', 'given_name', 'date_of_birth'],
    },
    {
      name: 'words_year',
      parts: ['sorted_name', 'year'],
      holdOut: ['family_name', 'middle_name', 'given_name', 'date_of_birth'],
    },
  ],
  deterministic: [
    { name: 'id', parts: ['id'], holdOut: [] },
    { name: 'name_dob', parts: ['family', 'middle', 'given', 'dob'], holdOut: [] },
  ],
  deterministicRecall: 0.7,
  maxBlockSize: 1000,
  uSamplePairs: 1_000_000,
  emMaxPairs: 300_000,
};
export const PERSON_SETTINGS: LinkageSettings = Object.freeze(person);
