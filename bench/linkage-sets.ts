// Benchmark data sets for the record linkage with their settings: FEBRL (Christen, ANU) and
// Splink's historical figures, read from ../shared/data/linkage beside the repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { LinkRecord, LinkageSettings } from '../src/linkage/index.ts';
export { febrlSettings } from '../src/linkage/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = path.resolve(ROOT, '../shared/data/linkage');

export function readCsv(file: string): Record<string, string>[] {
  const full = path.join(DATA, file);
  if (!existsSync(full)) {
    console.error(
      `Missing benchmark data: ${full}\nThe linkage data sets live in ../shared/data/linkage beside the repository (see its README).`,
    );
    process.exit(2);
  }
  return parse(readFileSync(full), { columns: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

// ---- FEBRL ----------------------------------------------------------------------------------

export function febrlRecords(file: string, source: string): { records: LinkRecord[]; truth: Map<string, string> } {
  const truth = new Map<string, string>();
  const records = readCsv(file).map((row): LinkRecord => {
    const id = `${source}:${row.rec_id}`;
    truth.set(id, /^rec-(\d+)-/.exec(row.rec_id!)![1]!);
    const dob = blank(row.date_of_birth);
    return {
      id,
      source,
      familyName: blank(row.surname),
      middleName: null,
      givenName: blank(row.given_name),
      sex: null,
      dateOfBirth: dob && /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : null,
      birthYear: null,
      province: null,
      idNumbers: row.soc_sec_id ? [row.soc_sec_id] : [],
      phone: null,
      extra: {
        given_name: blank(row.given_name),
        surname: blank(row.surname),
        street_number: blank(row.street_number),
        address_1: blank(row.address_1),
        address_2: blank(row.address_2),
        suburb: blank(row.suburb),
        postcode: blank(row.postcode),
        state: blank(row.state),
        dob: dob,
      },
    };
  });
  return { records, truth };
}

// ---- Splink's historical figures -------------------------------------------------------------

export function historicalRecords(): { records: LinkRecord[]; truth: Map<string, string> } {
  const truth = new Map<string, string>();
  const records = readCsv('splink/historical_figures_with_errors_50k.csv').map((row): LinkRecord => {
    truth.set(row.unique_id!, row.cluster!);
    // the words of the full name other than the first name and surname (titles, middle names, places):
    // compared on their own, so that agreeing on the surname does not count twice
    const named = new Set([blank(row.first_name), blank(row.surname)]);
    const others = (blank(row.full_name) ?? '').split(/[\s,]+/).filter((w) => w && !named.has(w));
    return {
      id: row.unique_id!,
      familyName: blank(row.surname),
      middleName: null,
      givenName: blank(row.first_name),
      sex: null,
      dateOfBirth: null,
      birthYear: null,
      province: null,
      idNumbers: [],
      phone: null,
      extra: {
        full_name: blank(row.full_name),
        other_names: others.length ? others.join(' ') : null,
        first_name: blank(row.first_name),
        surname: blank(row.surname),
        dob: blank(row.dob),
        birth_place: blank(row.birth_place),
        postcode: blank(row.postcode_fake),
        postcode_district: blank(row.postcode_fake)?.split(' ')[0] ?? null,
        gender: blank(row.gender),
        occupation: blank(row.occupation),
      },
    };
  });
  return { records, truth };
}

export const HISTORICAL: LinkageSettings = {
  name: 'historical-figures',
  linkType: 'dedupe',
  comparisons: [
    // not the full name as a whole: it holds the first name and surname, compared below (the model assumes
    // the fields independent, and counting a shared surname three times made "sir … baronet" pairs match)
    { field: 'other_names', kind: 'words', source: 'extra:other_names', thresholds: [14, 7], tf: true },
    { field: 'first_name', kind: 'string', source: 'extra:first_name', thresholds: [0.92, 0.8], tf: true },
    { field: 'surname', kind: 'string', source: 'extra:surname', thresholds: [0.92, 0.8], tf: true },
    { field: 'dob', kind: 'date', source: 'extra:dob' },
    { field: 'birth_place', kind: 'string', source: 'extra:birth_place', thresholds: [0.9], tf: true },
    { field: 'postcode', kind: 'string', source: 'extra:postcode', thresholds: [0.9, 0.75] },
    { field: 'gender', kind: 'exact', source: 'extra:gender' },
    { field: 'occupation', kind: 'exact', source: 'extra:occupation', tf: true },
  ],
  blocking: [
    { name: 'names', parts: ['extra:first_name', 'extra:surname'], holdOut: ['first_name', 'surname'] },
    { name: 'surname_dob', parts: ['extra:surname', 'extra:dob'], holdOut: ['surname', 'dob'] },
    { name: 'first_dob', parts: ['extra:first_name', 'extra:dob'], holdOut: ['first_name', 'dob'] },
    { name: 'postcode', parts: ['extra:postcode'], holdOut: ['postcode'] },
    { name: 'district_surname', parts: ['extra:postcode_district', 'prefix2:extra:surname'], holdOut: [] },
    { name: 'place_dob', parts: ['extra:birth_place', 'extra:dob'], holdOut: ['birth_place', 'dob'] },
    { name: 'dob', parts: ['extra:dob'], holdOut: ['dob'], maxBlockSize: 100 },
    { name: 'surname_place', parts: ['extra:surname', 'extra:birth_place'], holdOut: ['surname', 'birth_place'] },
    { name: 'surname_occupation', parts: ['extra:surname', 'extra:occupation'], holdOut: ['surname', 'occupation'] },
    { name: 'name_word', parts: ['words:extra:full_name'], holdOut: [], maxBlockSize: 60 },
    { name: 'name_word_year', parts: ['words:extra:full_name', 'prefix4:extra:dob'], holdOut: [], maxBlockSize: 200 },
    // misspelt names: a date with an initial, a place with a first name, a birth year with a name's start
    { name: 'dob_first1', parts: ['extra:dob', 'prefix1:extra:first_name'], holdOut: ['dob'] },
    { name: 'dob_sur1', parts: ['extra:dob', 'prefix1:extra:surname'], holdOut: ['dob'] },
    { name: 'place_first', parts: ['extra:birth_place', 'extra:first_name'], holdOut: ['birth_place', 'first_name'] },
    { name: 'year_sur3', parts: ['prefix4:extra:dob', 'prefix3:extra:surname'], holdOut: [] },
    { name: 'year_first3', parts: ['prefix4:extra:dob', 'prefix3:extra:first_name'], holdOut: [] },
    {
      name: 'place_occupation',
      parts: ['extra:birth_place', 'extra:occupation'],
      holdOut: ['birth_place', 'occupation'],
    },
  ],
  deterministic: [{ name: 'names_dob', parts: ['extra:first_name', 'extra:surname', 'extra:dob'], holdOut: [] }],
  deterministicRecall: 0.6,
  // every field carries errors, so exact agreement on names and date is rare among matches and its recall
  // unknown: the prior is the share of pairs the fitted model expects to match
  prior: 'candidates',
  get training() {
    return this.blocking.slice(0, 6);
  },
  maxBlockSize: 2000,
  uSamplePairs: 1_000_000,
  emMaxPairs: 300_000,
};
