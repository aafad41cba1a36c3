// What the engine compares of a Lantern person (server side: reads rows and decrypts). A person's
// LinkRecord holds names, sex, birth (date, year, or a year estimated from an age), province, identity
// document numbers and phone; it lives in memory only (the worker of a run, a registration check).
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import type { Keys } from '../platform/keys.js';
import type { LinkRecord } from './types.js';

export const PERSON_FEATURE_COLUMNS = [
  'id',
  'owner_agency_id',
  'family_name',
  'middle_name',
  'given_name',
  'sex',
  'date_of_birth',
  'birth_year',
  'estimated_age_years',
  'age_estimated_on',
  'province',
  'contact',
] as const;

export interface PersonFeatureRow {
  id: string;
  owner_agency_id: string;
  family_name: string | null;
  middle_name: string | null;
  given_name: string | null;
  sex: string;
  date_of_birth: string | null;
  birth_year: number | null;
  estimated_age_years: number | null;
  age_estimated_on: string | null;
  province: string | null;
  contact: string | null;
}

const SEXES = new Set(['female', 'male', 'other', 'unknown']);

/** The year of birth from a date, a year, or an age estimated on a day. */
export function birthYearOf(row: {
  date_of_birth: string | null;
  birth_year: number | null;
  estimated_age_years: number | null;
  age_estimated_on: string | null;
}): number | null {
  if (row.date_of_birth) return Number(String(row.date_of_birth).slice(0, 4));
  if (row.birth_year != null) return Number(row.birth_year);
  if (row.estimated_age_years != null && row.age_estimated_on)
    return Number(String(row.age_estimated_on).slice(0, 4)) - Number(row.estimated_age_years);
  return null;
}

/** The phone of an encrypted contact (JSON with `phone`), or null. */
export function phoneOf(keys: Keys, contact: string | null): string | null {
  if (!contact) return null;
  try {
    const parsed = JSON.parse(keys.decrypt(contact)) as { phone?: unknown };
    return typeof parsed.phone === 'string' && parsed.phone.trim() ? parsed.phone.trim() : null;
  } catch {
    return null;
  }
}

export function linkRecordOf(keys: Keys, row: PersonFeatureRow, documentNumbers: readonly string[]): LinkRecord {
  return {
    id: row.id,
    source: row.owner_agency_id,
    familyName: row.family_name,
    middleName: row.middle_name,
    givenName: row.given_name,
    sex: SEXES.has(row.sex) ? (row.sex as LinkRecord['sex']) : null,
    dateOfBirth: row.date_of_birth ? String(row.date_of_birth).slice(0, 10) : null,
    birthYear: birthYearOf(row),
    province: row.province,
    idNumbers: documentNumbers,
    phone: phoneOf(keys, row.contact),
  };
}

/** The identity document numbers (decrypted) of some persons, by person id. */
export async function documentNumbersOf(
  db: Kysely<DB>,
  keys: Keys,
  personIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('identity_document')
    .select(['person_id', 'number'])
    .where('person_id', 'in', personIds)
    .execute();
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push(keys.decrypt(r.number));
    out.set(r.person_id, list);
  }
  return out;
}

/** LinkRecords of persons not merged into another, in the order of `rows`. */
export async function linkRecordsOf(
  db: Kysely<DB>,
  keys: Keys,
  rows: readonly PersonFeatureRow[],
): Promise<LinkRecord[]> {
  const docs = await documentNumbersOf(
    db,
    keys,
    rows.map((r) => r.id),
  );
  return rows.map((r) => linkRecordOf(keys, r, docs.get(r.id) ?? []));
}
