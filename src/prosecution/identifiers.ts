// Identifiers (issue 13 §1): phones, accounts, wallets, addresses… seen with a case, a suspect or an
// organisation. Each is normalised (identifier-rules.ts), encrypted as entered and as normalised, and
// findable only through its keyed hash (match key), so that equal identifiers held by different agencies
// meet in one index while the database never holds a readable number.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { ownAgencyCode } from '../access/directory.js';
import { canRecordOnCase, heldByOtherAgencies } from '../access/prosecution-policy.js';
import { sentInformationRequestCondition } from '../access/prosecution-sql.js';
import { requireCaseProsecution, requireCaseRecording, requireIntelligence } from '../access/prosecution-gate.js';
import type { IdentifierKind, InformationRequestStatus, IntelligenceSource } from '../contract/prosecution.js';
import type { identifierCreateSchema, identifierSchema } from '../contract/schemas/prosecution.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { inTransaction } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { notFound, Problem } from '../platform/problems.js';
import { addNotifications } from '../notifications/notify.js';
import { agencyInvestigators, contactsOf, hitsOf, matchedCases, type Hit, type MatchedCase } from './hits.js';
import { matchForm, normaliseIdentifier } from './identifier-rules.js';

export type IdentifierView = z.infer<typeof identifierSchema>;
export type IdentifierInput = z.infer<typeof identifierCreateSchema>;
/** What an identifier was seen with: exactly one of a case, a suspect or an organisation. */
export type IdentifierHolder = { caseId: string } | { suspectId: string } | { organisationId: string };

/** The normalised form and match key of an identifier as entered; 400 naming the field when it cannot be one. */
export function identifierKeys(ctx: Pick<AppContext, 'keys'>, kind: IdentifierKind, value: string) {
  const result = normaliseIdentifier(kind, value);
  if (!result.ok)
    throw new Problem('validation', result.message, {
      errors: [{ field: 'body.value', message: result.message, code: result.code }],
    });
  return { normalized: result.normalized, matchKey: ctx.keys.blindIndex(matchForm(kind, result.normalized)) };
}

interface IdentifierRow {
  id: string;
  kind: string;
  value: string;
  normalized: string;
  match_key: string;
  source: string;
  recorded_at: Date;
  recorded_by_name: string;
}

const identifierQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('identifier as i')
    .innerJoin('app_user as u', 'u.id', 'i.recorded_by')
    .select([
      'i.id',
      'i.kind',
      'i.value',
      'i.normalized',
      'i.match_key',
      'i.source',
      'i.recorded_at',
      'u.display_name as recorded_by_name',
    ]);

function view(ctx: AppContext, row: IdentifierRow, hits: Hit[]): IdentifierView {
  return viewOf(row, { value: ctx.keys.decrypt(row.value), normalized: ctx.keys.decrypt(row.normalized) }, hits);
}

function viewOf(row: IdentifierRow, plain: { value: string; normalized: string }, hits: Hit[]): IdentifierView {
  return {
    id: row.id,
    kind: row.kind as IdentifierKind,
    value: plain.value,
    normalized: plain.normalized,
    source: row.source as IntelligenceSource,
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by_name,
    hits: hits.map(({ agencyId: _id, ...hit }) => hit),
  };
}

/**
 * Stores an identifier for its holder (the caller has been let through the holder's gate). A second
 * entry of the same identifier for one holder is a 409 that names it, never a silent duplicate: the
 * holder's unique index decides, in the same statement as the insert.
 */
export async function storeIdentifier(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  ownerAgencyId: string,
  holder: IdentifierHolder,
  input: IdentifierInput,
): Promise<{ row: IdentifierRow; plain: { value: string; normalized: string } }> {
  const { normalized, matchKey } = identifierKeys(ctx, input.kind, input.value);
  const caseId = 'caseId' in holder ? holder.caseId : null;
  const suspectId = 'suspectId' in holder ? holder.suspectId : null;
  const organisationId = 'organisationId' in holder ? holder.organisationId : null;
  const column = caseId ? 'case_id' : suspectId ? 'suspect_id' : 'organisation_id';
  const value = input.value.trim();
  const stored = await db
    .insertInto('identifier')
    .values({
      id: crypto.randomUUID(),
      kind: input.kind,
      value: ctx.keys.encrypt(value),
      normalized: ctx.keys.encrypt(normalized),
      match_key: matchKey,
      owner_agency_id: ownerAgencyId,
      case_id: caseId,
      suspect_id: suspectId,
      organisation_id: organisationId,
      source: input.source ?? 'investigation',
      recorded_by: actor.userId,
    })
    .onConflict((oc) => oc.columns([column, 'match_key']).where(column, 'is not', null).doNothing())
    .returning((eb) => [
      'id',
      'kind',
      'value',
      'normalized',
      'match_key',
      'source',
      'recorded_at',
      eb.selectFrom('app_user').select('display_name').where('id', '=', actor.userId).as('recorded_by_name'),
    ])
    .executeTakeFirst();
  if (!stored) {
    const existing = await db
      .selectFrom('identifier')
      .select(['id', 'kind'])
      .where(column, '=', caseId ?? suspectId ?? organisationId)
      .where('match_key', '=', matchKey)
      .executeTakeFirstOrThrow();
    throw new Problem(
      'conflict',
      `This identifier is already recorded here (as ${existing.kind}); it is not entered twice.`,
      { reason: 'identifier-already-recorded', identifierId: existing.id },
    );
  }
  return { row: { ...stored, recorded_by_name: stored.recorded_by_name ?? '' }, plain: { value, normalized } };
}

/** The information requests the actor's agency has sent about these identifiers, by identifier and agency. */
async function requestsSent(db: Kysely<DB>, actor: Actor, identifierIds: readonly string[]) {
  const out = new Map<string, Map<string, { id: string; status: InformationRequestStatus }>>();
  if (identifierIds.length === 0) return out;
  const rows = await db
    .selectFrom('information_request as r')
    .select(['r.id', 'r.identifier_id', 'r.holding_agency_id', 'r.status'])
    .where('r.identifier_id', 'in', identifierIds)
    .where(sentInformationRequestCondition(actor, 'r'))
    .orderBy('r.created_at')
    .execute();
  // The latest request per agency wins (a declined one may be followed by a new one).
  for (const r of rows) {
    const byAgency = out.get(r.identifier_id) ?? new Map();
    byAgency.set(r.holding_agency_id, { id: r.id, status: r.status as InformationRequestStatus });
    out.set(r.identifier_id, byAgency);
  }
  return out;
}

/**
 * Enters an identifier for a holder and answers with its hits, in the caller's transaction: stores it, finds the
 * cases that hold the same match key, audits the entry and the hit on both sides (one insert), and notifies the
 * holding agencies' investigators, who are also the hit's contacts (one query serves both).
 */
async function enterIdentifier(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  ownerAgencyId: string,
  holder: IdentifierHolder,
  input: IdentifierInput,
  entered: { recordType: 'case' | 'suspect' | 'organisation'; recordId: string },
): Promise<IdentifierView> {
  const caseId = 'caseId' in holder ? holder.caseId : null;
  const { row, plain } = await storeIdentifier(ctx, db, actor, ownerAgencyId, holder, input);
  // A suspect's or organisation's own rows are no hit for it: the cases linked to it hold them through it.
  const matches = await matchedCases(db, actor, row.match_key, caseId, 'caseId' in holder ? null : holder);
  const others = heldByOtherAgencies(actor, matches);
  const agencies = [...new Set(others.map((m) => m.agencyId))];
  await recordAudit(
    db,
    { actor, clientIp: actor.clientIp },
    { action: 'identifier.create', outcome: 'success', ...entered, details: { count: 1 } },
    ...(others.length === 0
      ? []
      : [
          {
            action: 'identifier.hit' as const,
            outcome: 'success' as const,
            recordType: caseId ? 'case' : 'identifier',
            recordId: caseId ?? row.id,
            details: { cases: others.length, results: agencies.length },
          },
          ...others.map((m) => ({
            action: 'identifier.hit_received' as const,
            outcome: 'success' as const,
            recordType: 'case',
            recordId: m.caseId,
            details: { agencyId: actor.agencyId },
          })),
        ]),
  );
  const investigators = await agencyInvestigators(db, [...new Set(matches.map((m) => m.agencyId))]);
  if (others.length > 0) {
    const agencyCode = await ownAgencyCode(db, actor);
    const firstCase = new Map<string, MatchedCase>();
    for (const m of others) if (!firstCase.has(m.agencyId)) firstCase.set(m.agencyId, m);
    await addNotifications(
      ctx,
      db,
      investigators.flatMap((u) => {
        const m = firstCase.get(u.agency_id);
        return m
          ? [
              {
                userId: u.id,
                kind: 'identifier_hit' as const,
                caseId: m.caseId,
                caseReference: m.reference,
                agencyCode,
                actorId: actor.userId,
              },
            ]
          : [];
      }),
    );
  }
  const hits = await hitsOf(db, matches, new Map(), contactsOf(investigators));
  return viewOf(row, plain, hits);
}

/** Records an identifier on a case and answers with the hits it makes in other agencies' cases. */
export async function addCaseIdentifier(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: IdentifierInput,
): Promise<IdentifierView> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await requireCaseRecording(trx, actor, caseId, true);
    return enterIdentifier(ctx, trx, actor, access.ownerAgencyId, { caseId }, input, {
      recordType: 'case',
      recordId: caseId,
    });
  });
}

/** Records an identifier on a suspect or an organisation (its owner agency's investigators), with its hits. */
export async function addIntelligenceIdentifier(
  ctx: AppContext,
  actor: Actor,
  holder: { suspectId: string } | { organisationId: string },
  input: IdentifierInput,
): Promise<IdentifierView> {
  return ctx.db.transaction().execute(async (trx) => {
    const kind = 'suspectId' in holder ? 'suspect' : 'organisation';
    const holderId = 'suspectId' in holder ? holder.suspectId : holder.organisationId;
    const access = await requireIntelligence(trx, actor, kind, holderId, 'edit', true);
    return enterIdentifier(ctx, trx, actor, access.ownerAgencyId, holder, input, {
      recordType: kind,
      recordId: holderId,
    });
  });
}

/** The identifiers of a holder the caller may read, each with its current hits. */
async function listIdentifiers(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  column: 'case_id' | 'suspect_id' | 'organisation_id',
  holderId: string,
): Promise<IdentifierView[]> {
  const rows = await identifierQuery(db)
    .where(`i.${column}`, '=', holderId)
    .orderBy('i.recorded_at')
    .orderBy('i.id')
    .execute();
  const requests = await requestsSent(
    db,
    actor,
    rows.map((r) => r.id),
  );
  const excluded = column === 'case_id' ? holderId : null;
  const holder =
    column === 'suspect_id'
      ? { suspectId: holderId }
      : column === 'organisation_id'
        ? { organisationId: holderId }
        : null;
  const out: IdentifierView[] = [];
  for (const row of rows) {
    const matches = await matchedCases(db, actor, row.match_key, excluded, holder);
    out.push(view(ctx, row, await hitsOf(db, matches, requests.get(row.id) ?? new Map())));
  }
  return out;
}

/**
 * A case's identifiers with their hits, and whether the caller may record on the case (enter and remove
 * identifiers, ask the holding agencies): the web app shows the form and the buttons from it.
 */
export async function listCaseIdentifiers(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<{ items: IdentifierView[]; can: { record: boolean } }> {
  const access = await requireCaseProsecution(ctx.db, actor, caseId);
  const items = await listIdentifiers(ctx, ctx.db, actor, 'case_id', caseId);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'case.identifiers_read',
      outcome: 'success',
      recordType: 'case',
      recordId: caseId,
      details: { count: items.length, results: items.reduce((n, i) => n + i.hits.length, 0) },
    },
  );
  return { items, can: { record: canRecordOnCase(actor, access.relation) } };
}

export async function listIntelligenceIdentifiers(
  ctx: AppContext,
  actor: Actor,
  holder: { suspectId: string } | { organisationId: string },
): Promise<IdentifierView[]> {
  const kind = 'suspectId' in holder ? 'suspect' : 'organisation';
  const holderId = 'suspectId' in holder ? holder.suspectId : holder.organisationId;
  await requireIntelligence(ctx.db, actor, kind, holderId);
  const items = await listIdentifiers(
    ctx,
    ctx.db,
    actor,
    kind === 'suspect' ? 'suspect_id' : 'organisation_id',
    holderId,
  );
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: `${kind}.identifiers_read`,
      outcome: 'success',
      recordType: kind,
      recordId: holderId,
      details: { count: items.length },
    },
  );
  return items;
}

/**
 * Removes an identifier recorded on a case in error (its agency's investigators). One that an information
 * request was sent about stays: the request and its answer refer to it.
 */
export async function deleteCaseIdentifier(ctx: AppContext, actor: Actor, caseId: string, identifierId: string) {
  await inTransaction(ctx.db, async (trx) => {
    await requireCaseRecording(trx, actor, caseId, true);
    const row = await trx
      .selectFrom('identifier')
      .select('id')
      .where('id', '=', identifierId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw notFound('identifier');
    const asked = await trx
      .selectFrom('information_request')
      .select('id')
      .where('identifier_id', '=', identifierId)
      .executeTakeFirst();
    if (asked)
      throw new Problem('conflict', 'An information request was sent about this identifier; it stays on the case.', {
        reason: 'identifier-in-request',
      });
    await trx.deleteFrom('identifier').where('id', '=', identifierId).execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'identifier.delete', outcome: 'success', recordType: 'case', recordId: caseId, details: { count: 1 } },
    );
  });
}

/** Records an identifier on a case, a suspect or an organisation, with the hits it makes. */
export function addIdentifier(ctx: AppContext, actor: Actor, holder: IdentifierHolder, input: IdentifierInput) {
  return 'caseId' in holder
    ? addCaseIdentifier(ctx, actor, holder.caseId, input)
    : addIntelligenceIdentifier(ctx, actor, holder, input);
}
