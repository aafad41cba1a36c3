// Persons: the people met by agencies. Names are kept exactly as entered; contact
// details and identity document numbers are encrypted by the application, and
// document numbers stay findable by exact match through a keyed hash.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { listReadEvent, recordAudit } from '../access/audit.js';
import { personAccessFor } from '../access/case-gate.js';
import {
  canCreatePersons,
  canEditPerson,
  personCapabilities,
  PERSON_PARTS,
  type PersonPart,
  type PersonRelation,
} from '../access/policy.js';
import { visiblePersonCondition } from '../access/policy-sql.js';
import { today } from '../contract/calendar.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction, jsonb } from '../platform/database.js';
import type { DB, PersonTable } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { ageInYears, isMinor } from '../contract/age.js';
import { displayName, personNameKey } from '../contract/names.js';
import { normaliseDocumentNumber } from '../contract/text.js';
import type { PersonCreate, PersonPatch, PersonView } from '../contract/schemas/registry.js';

type PersonRow = Selectable<PersonTable>;

/** Document numbers are compared without spaces, dashes or case. */

/** The person columns (alias `p`) a summary is made from, for queries that join cases to persons. */
export const PERSON_SUMMARY_COLUMNS = [
  'p.family_name',
  'p.middle_name',
  'p.given_name',
  'p.aliases',
  'p.sex',
  'p.date_of_birth',
  'p.estimated_age_years',
  'p.age_estimated_on',
  'p.citizenship',
] as const;

/** What a person summary needs: the id and the PERSON_SUMMARY_COLUMNS. */
export type PersonSummaryRow = Pick<
  PersonRow,
  | 'id'
  | 'family_name'
  | 'middle_name'
  | 'given_name'
  | 'aliases'
  | 'sex'
  | 'date_of_birth'
  | 'estimated_age_years'
  | 'age_estimated_on'
  | 'citizenship'
>;

export function personSummary(row: PersonSummaryRow) {
  const age = ageInYears({
    dateOfBirth: row.date_of_birth,
    estimatedAgeYears: row.estimated_age_years,
    ageEstimatedOn: row.age_estimated_on,
  });
  return {
    id: row.id,
    displayName: displayName({
      familyName: row.family_name,
      middleName: row.middle_name,
      givenName: row.given_name,
      aliases: row.aliases,
    }),
    sex: row.sex,
    ageYears: age,
    isMinor: isMinor(age),
    citizenship: row.citizenship,
  };
}

async function personView(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  row: PersonRow,
  relation: PersonRelation,
  parts: ReadonlySet<PersonPart>,
): Promise<PersonView> {
  const summary = personSummary(row);
  const view: PersonView = {
    id: row.id,
    ownerAgencyId: row.owner_agency_id,
    familyName: row.family_name,
    middleName: row.middle_name,
    givenName: row.given_name,
    displayName: summary.displayName,
    aliases: row.aliases,
    sex: row.sex,
    dateOfBirth: row.date_of_birth,
    estimatedAgeYears: row.estimated_age_years,
    ageEstimatedOn: row.age_estimated_on,
    birthYear: row.birth_year,
    province: row.province,
    provinceFormer: row.province_former,
    ageYears: summary.ageYears,
    isMinor: summary.isMinor,
    citizenship: row.citizenship,
    languages: row.languages,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    visibleParts: [...parts].sort(),
    can: personCapabilities(actor, relation, parts),
  };
  if (parts.has('contact')) view.contact = row.contact ? JSON.parse(ctx.keys.decrypt(row.contact)) : null;
  if (parts.has('identity_documents')) {
    const docs = await db
      .selectFrom('identity_document')
      .select(['type', 'number', 'issuing_country'])
      .where('person_id', '=', row.id)
      .orderBy('id')
      .execute();
    view.identityDocuments = docs.map((d) => ({
      type: d.type,
      number: ctx.keys.decrypt(d.number),
      issuingCountry: d.issuing_country,
    }));
  }
  return view;
}

function columnsOf(input: PersonCreate | PersonPatch, ctx: AppContext) {
  return {
    ...(input.familyName !== undefined ? { family_name: input.familyName } : {}),
    ...(input.middleName !== undefined ? { middle_name: input.middleName } : {}),
    ...(input.givenName !== undefined ? { given_name: input.givenName } : {}),
    ...(input.aliases !== undefined ? { aliases: jsonb(input.aliases) } : {}),
    ...(input.sex !== undefined ? { sex: input.sex } : {}),
    ...(input.dateOfBirth !== undefined ? { date_of_birth: input.dateOfBirth } : {}),
    ...(input.estimatedAgeYears !== undefined ? { estimated_age_years: input.estimatedAgeYears } : {}),
    ...(input.ageEstimatedOn !== undefined ? { age_estimated_on: input.ageEstimatedOn } : {}),
    ...(input.birthYear !== undefined ? { birth_year: input.birthYear } : {}),
    ...(input.province !== undefined ? { province: input.province, province_former: null } : {}),
    ...(input.citizenship !== undefined ? { citizenship: input.citizenship } : {}),
    ...(input.languages !== undefined ? { languages: input.languages } : {}),
    ...(input.contact !== undefined
      ? { contact: input.contact === null ? null : ctx.keys.encrypt(JSON.stringify(input.contact)) }
      : {}),
  };
}

async function replaceDocuments(
  ctx: AppContext,
  db: Kysely<DB>,
  personId: string,
  docs: NonNullable<PersonCreate['identityDocuments']>,
) {
  await db.deleteFrom('identity_document').where('person_id', '=', personId).execute();
  if (docs.length === 0) return;
  await db
    .insertInto('identity_document')
    .values(docs.map((d) => identityDocumentRow(ctx, personId, d)))
    .execute();
}

/** An identity document as stored: the number encrypted, and its keyed hash for exact-match search. */
export function identityDocumentRow(
  ctx: Pick<AppContext, 'keys'>,
  personId: string,
  d: NonNullable<PersonCreate['identityDocuments']>[number],
) {
  return {
    id: crypto.randomUUID(),
    person_id: personId,
    type: d.type,
    number: ctx.keys.encrypt(d.number.trim()),
    number_hash: ctx.keys.blindIndex(normaliseDocumentNumber(d.number)),
    issuing_country: d.issuingCountry ?? null,
  };
}

/** Registers a person; pass `db` to take part in a caller's transaction. */
export async function createPerson(
  ctx: AppContext,
  actor: Actor,
  input: PersonCreate,
  db: Kysely<DB> = ctx.db,
): Promise<PersonView> {
  if (!canCreatePersons(actor)) throw forbidden('Your role cannot register persons.');
  const id = crypto.randomUUID();
  return inTransaction(db, async (trx) => {
    const estimatedOn = input.estimatedAgeYears != null ? (input.ageEstimatedOn ?? today()) : null;
    const row = await trx
      .insertInto('person')
      .values({
        id,
        owner_agency_id: actor.agencyId,
        created_by: actor.userId,
        sex: input.sex,
        citizenship: input.citizenship,
        name_key: personNameKey([input.familyName, input.middleName, input.givenName, ...(input.aliases ?? [])]),
        ...columnsOf(input, ctx),
        age_estimated_on: estimatedOn,
        updated_at: sql<Date>`now()` as never,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceDocuments(ctx, trx, id, input.identityDocuments ?? []);
    for (const hook of ctx.hooks.personsChanged) await hook(trx, [id]);
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'person.create', outcome: 'success', recordType: 'person', recordId: id },
    );
    return personView(ctx, trx, actor, row, { ownerAgencyId: actor.agencyId, grantedParts: [] }, new Set(PERSON_PARTS));
  });
}

/** A person as the caller may see them: 404 when they may see nothing of the person. */
export async function getPerson(ctx: AppContext, actor: Actor, id: string): Promise<PersonView> {
  const access = await personAccessFor(ctx.db, actor, id);
  if (!access) throw notFound('person');
  const row = await ctx.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'person.read',
      outcome: 'success',
      recordType: 'person',
      recordId: id,
      details: { parts: [...access.parts].sort() },
    },
  );
  return personView(ctx, ctx.db, actor, row, access.relation, access.parts);
}

export async function updatePerson(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  patch: PersonPatch,
): Promise<PersonView> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await personAccessFor(trx, actor, id, true);
    if (!access) throw notFound('person');
    if (!canEditPerson(actor, access.relation))
      throw forbidden('Only the agency that registered this person can change their details.');
    const current = await trx.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (current.version !== version) throw stale();
    const merged = {
      familyName: patch.familyName !== undefined ? patch.familyName : current.family_name,
      middleName: patch.middleName !== undefined ? patch.middleName : current.middle_name,
      givenName: patch.givenName !== undefined ? patch.givenName : current.given_name,
      aliases: patch.aliases ?? current.aliases,
    };
    if (!merged.familyName && !merged.givenName && merged.aliases.length === 0) {
      throw new Problem('validation', 'A person must keep at least one name or alias.', {
        errors: [{ field: 'body.givenName', message: 'cannot remove every name' }],
      });
    }
    // One way of knowing the age replaces the others: a date, an estimate or a year of birth.
    const age = patch.dateOfBirth
      ? { estimated_age_years: null, age_estimated_on: null, birth_year: null }
      : patch.estimatedAgeYears != null
        ? { date_of_birth: null, age_estimated_on: patch.ageEstimatedOn ?? today() }
        : patch.birthYear != null
          ? { date_of_birth: null }
          : {};
    const row = await trx
      .updateTable('person')
      .set({
        ...columnsOf(patch, ctx),
        ...age,
        name_key: personNameKey([merged.familyName, merged.middleName, merged.givenName, ...merged.aliases]),
        version: sql<number>`version + 1` as never,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.identityDocuments !== undefined) await replaceDocuments(ctx, trx, id, patch.identityDocuments);
    for (const hook of ctx.hooks.personsChanged) await hook(trx, [id]);
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'person.update',
        outcome: 'success',
        recordType: 'person',
        recordId: id,
        details: { fields: Object.keys(patch).sort() },
      },
    );
    return personView(ctx, trx, actor, row, access.relation, access.parts);
  });
}

/**
 * Persons whose identity document number matches exactly (through the keyed hash), among those whose
 * identity documents the actor may read: a search never confirms a number the caller could not read.
 */
export async function findPersonsByDocument(
  ctx: AppContext,
  actor: Actor,
  number: string,
): Promise<ReturnType<typeof personSummary>[]> {
  const hash = ctx.keys.blindIndex(normaliseDocumentNumber(number));
  const rows = await ctx.db
    .selectFrom('person as p')
    .selectAll('p')
    .where(sql<boolean>`p.id IN (SELECT person_id FROM identity_document WHERE number_hash = ${hash})`)
    .where(visiblePersonCondition(actor, 'p', 'identity_documents'))
    .limit(20)
    .execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    ...listReadEvent(
      { action: 'person.search_read', recordType: 'person', details: { by: 'document_number' } },
      rows.map((r) => r.id),
      { action: 'person.search', details: { by: 'document_number', results: 0 } },
    ),
  );
  return rows.map(personSummary);
}
