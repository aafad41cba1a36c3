// Referrals and transfers between agencies. Sending needs the person's consent
// to share with the receiving agency; accepting opens purpose-bound access (a
// grant the policy module reads); declining, completing or revoking closes it
// at once. Each state change locks the referral row, so two people acting at
// the same moment end in one consistent state.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { listReadEvent, recordAudit } from '../access/audit.js';
import { requireAgencyByCode } from '../access/directory.js';
import {
  canReadReferral,
  canRespondToReferral,
  canRevokeReferral,
  partsForPurposes,
  referralCapabilities,
  referralSide,
} from '../access/policy.js';
import { type ReferralPurpose } from '../contract/codes.js';
import { referralBoxCondition } from '../access/policy-sql.js';
import { addDays, today } from '../contract/calendar.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isCount } from '../platform/cursor.js';
import type { DB } from '../platform/db-schema.js';
import { notFound, Problem } from '../platform/problems.js';
import { ageInYears, isMinor } from '../contract/age.js';
import { requireCaseEdit } from '../access/case-gate.js';
import { hasActiveConsent } from './consent-check.js';
import {
  actionSide,
  isReferralOverdue,
  nextReferralStatus,
  type ReferralAction,
  type ReferralStatus,
  type ReferralStatusCause,
} from '../contract/referral-rules.js';
import type { referralCreateSchema, referralListQuerySchema, referralSchema } from '../contract/schemas/assistance.js';

type ReferralView = z.infer<typeof referralSchema>;

const referralQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('referral as r')
    .innerJoin('case_file as c', 'c.id', 'r.case_id')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .innerJoin('agency as fa', 'fa.id', 'r.from_agency_id')
    .innerJoin('agency as ta', 'ta.id', 'r.to_agency_id')
    .select([
      'r.id',
      'r.kind',
      'r.case_id',
      'c.reference',
      'fa.code as from_code',
      'ta.code as to_code',
      'r.purposes',
      'r.services',
      'r.note',
      'r.due_date',
      'r.status',
      'r.status_reason',
      'r.status_cause',
      'r.created_at',
      'r.responded_at',
      'r.version',
      'r.from_agency_id',
      'r.to_agency_id',
      'p.sex',
      'p.date_of_birth',
      'p.estimated_age_years',
      'p.age_estimated_on',
    ]);

type ReferralRow = Awaited<ReturnType<ReturnType<typeof referralQuery>['executeTakeFirstOrThrow']>>;

/** A referral as either side sees it: no name or narrative until access is granted by acceptance. */
function view(ctx: AppContext, actor: Actor, r: ReferralRow): ReferralView {
  const parties = { fromAgencyId: r.from_agency_id, toAgencyId: r.to_agency_id };
  const age = ageInYears({
    dateOfBirth: r.date_of_birth,
    estimatedAgeYears: r.estimated_age_years,
    ageEstimatedOn: r.age_estimated_on,
  });
  return {
    id: r.id,
    kind: r.kind,
    caseId: r.case_id,
    caseReference: r.reference,
    fromAgency: r.from_code,
    toAgency: r.to_code,
    purposes: r.purposes,
    services: r.services,
    note: r.note ? ctx.keys.decrypt(r.note) : null,
    dueDate: r.due_date,
    status: r.status as ReferralStatus,
    statusReason: r.status_reason ? ctx.keys.decrypt(r.status_reason) : null,
    statusCause: r.status_cause as ReferralStatusCause | null,
    overdue: isReferralOverdue(r.status as ReferralStatus, r.due_date),
    person: { sex: r.sex, ageYears: age, isMinor: isMinor(age) },
    createdAt: r.created_at.toISOString(),
    respondedAt: r.responded_at?.toISOString() ?? null,
    version: r.version,
    // Only the two sides ever get a referral (canReadReferral), so a side is always found.
    side: referralSide(actor, parties) ?? 'sender',
    can: referralCapabilities(actor, { ...parties, status: r.status as ReferralStatus }),
  };
}

async function receivingAgency(db: Kysely<DB>, code: string, fromAgencyId: string) {
  const agency = await requireAgencyByCode(db, code, 'body.toAgency');
  if (agency.id === fromAgencyId)
    throw new Problem('validation', 'A case cannot be referred to the agency that owns it.', {
      errors: [{ field: 'body.toAgency', message: 'own agency' }],
    });
  if (agency.disabled)
    throw new Problem('conflict', `Agency ${agency.code} is disabled and cannot receive referrals.`, {
      reason: 'agency-disabled',
    });
  return agency;
}

/** The consents a referral to `agency` for `purposes` still lacks, named for the 409. */
async function missingConsents(
  db: Kysely<DB>,
  caseId: string,
  agency: { id: string; kind: string; code: string },
  purposes: readonly string[],
) {
  const missing: { purpose: string; agency?: string }[] = [];
  if (!(await hasActiveConsent(db, caseId, 'share_with_agency', agency)))
    missing.push({ purpose: 'share_with_agency', agency: agency.code });
  if (purposes.includes('prosecution') && !(await hasActiveConsent(db, caseId, 'prosecution')))
    missing.push({ purpose: 'prosecution' });
  return missing;
}

async function createReferralOfKind(
  ctx: AppContext,
  actor: Actor,
  kind: 'referral' | 'transfer',
  input: {
    caseId: string;
    toAgency: string;
    purposes: ReferralPurpose[];
    services?: string[];
    dueDate: string;
    note?: string;
  },
): Promise<ReferralView> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await requireCaseEdit(trx, actor, input.caseId, true);
    if (access.status === 'closed')
      throw new Problem('conflict', 'This case is closed; it can no longer be referred.', { reason: 'case-closed' });
    const agency = await receivingAgency(trx, input.toAgency, access.ownerAgencyId);
    const missing = await missingConsents(trx, input.caseId, agency, input.purposes);
    if (missing.length) {
      const names = missing.map((m) => (m.agency ? `${m.purpose} with ${m.agency}` : m.purpose)).join(' and ');
      throw new Problem('conflict', `The person has not consented to this: record consent to ${names} first.`, {
        reason: 'consent-missing',
        missingConsents: missing,
      });
    }
    const id = crypto.randomUUID();
    await trx
      .insertInto('referral')
      .values({
        id,
        kind,
        case_id: input.caseId,
        from_agency_id: access.ownerAgencyId,
        to_agency_id: agency.id,
        purposes: input.purposes,
        services: input.services ?? [],
        note: input.note ? ctx.keys.encrypt(input.note) : null,
        due_date: input.dueDate,
        status: 'pending',
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: `${kind}.create`,
        outcome: 'success',
        recordType: 'case',
        recordId: input.caseId,
        details: { referralId: id },
      },
    );
    const sent = view(ctx, actor, await referralQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow());
    await referralChanged(ctx, trx, actor, 'sent', sent, agency.id, actor.userId);
    return sent;
  });
}

/** Tells the capabilities that react to referrals (notifications) what happened, in the same transaction. */
async function referralChanged(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  event: 'sent' | 'accepted' | 'declined',
  r: ReferralView,
  toAgencyId: string,
  senderId: string,
) {
  for (const hook of ctx.hooks.referralChanged)
    await hook(trx, actor, {
      event,
      referralId: r.id,
      caseId: r.caseId,
      caseReference: r.caseReference,
      fromAgencyCode: r.fromAgency,
      toAgencyId,
      toAgencyCode: r.toAgency,
      senderId,
    });
}

export const createReferral = (ctx: AppContext, actor: Actor, input: z.infer<typeof referralCreateSchema>) =>
  createReferralOfKind(ctx, actor, 'referral', input);

/** A transfer of ownership: pending until the receiving agency accepts. */
export function createTransfer(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: { toAgency: string; reason: string; dueDate?: string },
) {
  const dueDate = input.dueDate ?? addDays(today(), 7);
  return createReferralOfKind(ctx, actor, 'transfer', {
    caseId,
    toAgency: input.toAgency,
    purposes: [],
    dueDate,
    note: input.reason,
  });
}

/**
 * Closes referrals (revoke/decline/complete) and ends the access they gave; used by withdrawal of consent
 * and case closure too. `reason` is what the acting agency typed for the other side to read; `cause` says
 * why the system closed it (a code the receiving side sees instead of the owner's own words).
 */
export async function closeReferralsInTransaction(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  ids: string[],
  status: ReferralStatus,
  reason: string | null,
  cause: ReferralStatusCause | null = null,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('referral')
    .set({
      status,
      status_reason: reason ? ctx.keys.encrypt(reason) : null,
      status_cause: cause,
      closed_at: sql<Date>`now()` as never,
      version: sql<number>`version + 1` as never,
    })
    .where('id', 'in', ids)
    .execute();
  await trx
    .updateTable('case_access_grant')
    .set({ active: false })
    .where('source_id', 'in', ids)
    .where('active', '=', true)
    .execute();
  const cases = await trx.selectFrom('referral').select(['id', 'case_id']).where('id', 'in', ids).execute();
  await recordAudit(
    trx,
    { actor, clientIp: actor.clientIp },
    ...cases.map((r) => ({
      action: `referral.${status}` as const,
      outcome: 'success' as const,
      recordType: 'case',
      recordId: r.case_id,
      details: { referralId: r.id },
    })),
  );
}

/** When a case is closed, its open referrals end and every access granted on it stops at once. */
export async function closeReferralsOfCase(ctx: AppContext, trx: Kysely<DB>, actor: Actor, caseId: string) {
  const open = await trx
    .selectFrom('referral')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', 'in', ['pending', 'accepted'])
    .execute();
  await closeReferralsInTransaction(
    ctx,
    trx,
    actor,
    open.map((r) => r.id),
    'revoked',
    null,
    'case_closed',
  );
  await trx
    .updateTable('case_access_grant')
    .set({ active: false })
    .where('case_id', '=', caseId)
    .where('active', '=', true)
    .execute();
}

/** accept / decline / complete (receiving agency) or revoke (sending agency). */
export async function actOnReferral(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: ReferralAction,
  reason?: string,
): Promise<ReferralView> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('referral').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    // Either side may see the referral; anyone else gets 404. A party acting out of turn gets 403.
    if (!r || !canReadReferral(actor, { fromAgencyId: r.from_agency_id, toAgencyId: r.to_agency_id }))
      throw notFound('referral');
    const mayAct =
      actionSide(action) === 'receiver'
        ? canRespondToReferral(actor, r.to_agency_id)
        : canRevokeReferral(actor, r.from_agency_id);
    if (!mayAct)
      throw new Problem(
        'forbidden',
        `Only the ${actionSide(action) === 'receiver' ? 'receiving' : 'sending'} agency can ${action} this referral.`,
      );
    const next = nextReferralStatus(r.status as ReferralStatus, action);
    if (!next)
      throw new Problem(
        'conflict',
        `This referral is ${r.status}; it cannot be ${action === 'revoke' ? 'revoked' : `${action}ed`}.`,
        { status: r.status },
      );
    if (action === 'accept') {
      await trx
        .updateTable('referral')
        .set({
          status: next,
          responded_by: actor.userId,
          responded_at: sql<Date>`now()` as never,
          version: sql<number>`version + 1` as never,
        })
        .where('id', '=', id)
        .execute();
      if (r.kind === 'transfer') {
        await transferOwnership(trx, r.case_id, r.from_agency_id, r.to_agency_id);
      } else {
        await trx
          .insertInto('case_access_grant')
          .values({
            id: crypto.randomUUID(),
            case_id: r.case_id,
            agency_id: r.to_agency_id,
            parts: partsForPurposes(r.purposes as ReferralPurpose[]),
            source: 'referral',
            source_id: r.id,
          })
          .execute();
      }
      await recordAudit(
        trx,
        { actor, clientIp: actor.clientIp },
        {
          action: r.kind === 'transfer' ? 'transfer.accepted' : 'referral.accepted',
          outcome: 'success',
          recordType: 'case',
          recordId: r.case_id,
          details: { referralId: id },
        },
      );
    } else {
      if (action === 'decline')
        await trx
          .updateTable('referral')
          .set({ responded_by: actor.userId, responded_at: sql<Date>`now()` as never })
          .where('id', '=', id)
          .execute();
      await closeReferralsInTransaction(ctx, trx, actor, [id], next, reason ?? null);
    }
    const after = view(ctx, actor, await referralQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow());
    if (action === 'accept' || action === 'decline')
      await referralChanged(
        ctx,
        trx,
        actor,
        action === 'accept' ? 'accepted' : 'declined',
        after,
        r.to_agency_id,
        r.created_by,
      );
    return after;
  });
}

export async function getReferral(ctx: AppContext, actor: Actor, id: string): Promise<ReferralView> {
  const row = await referralQuery(ctx.db).where('r.id', '=', id).executeTakeFirst();
  if (!row || !canReadReferral(actor, { fromAgencyId: row.from_agency_id, toAgencyId: row.to_agency_id }))
    throw notFound('referral'); // audited by the access hook
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'referral.read',
      outcome: 'success',
      recordType: 'case',
      recordId: row.case_id,
      details: { referralId: id },
    },
  );
  return view(ctx, actor, row);
}

/** An agency's inbox (referred to it) or outbox (sent by it): open and overdue first, then by due date. */
/** `reads`: where the rows are read (the export: a replica, when there is one); the audit goes to ctx.db. */
export async function listReferrals(
  ctx: AppContext,
  actor: Actor,
  query: z.infer<typeof referralListQuerySchema>,
  reads: Kysely<DB> = ctx.db,
) {
  const offset = decodeCursor(query.cursor, (v): v is { o: number } => isCount(v.o))?.o ?? 0;
  // The page is chosen on the referral table alone (its index covers agency and status), then joined for display.
  let page = reads.selectFrom('referral').select('id').where(referralBoxCondition(actor, query.box));
  if (query.status) page = page.where('status', '=', query.status);
  if (query.caseId) page = page.where('case_id', '=', query.caseId);
  const ids = (
    await page
      .orderBy(
        sql`CASE WHEN status IN ('pending', 'accepted') AND due_date < ${today()}::date THEN 0 WHEN status IN ('pending', 'accepted') THEN 1 ELSE 2 END`,
      )
      .orderBy('due_date')
      .orderBy('id')
      .limit(query.limit + 1)
      .offset(offset)
      .execute()
  ).map((r) => r.id);
  const found = ids.length ? await referralQuery(reads).where('r.id', 'in', ids).execute() : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
  const shown = rows.slice(0, query.limit);
  // A box shows each referred person's sex and age: each row is a read of that case.
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    ...listReadEvent(
      { action: 'referral.list_read', recordType: 'case', details: { referralIds: shown.map((r) => r.id) } },
      shown.map((r) => r.case_id),
      { action: 'referral.list', details: { results: 0 } },
    ),
  );
  return {
    items: shown.map((r) => view(ctx, actor, r)),
    nextCursor: rows.length > query.limit ? encodeCursor({ o: offset + query.limit }) : null,
  };
}

/**
 * An accepted transfer moves the case to the receiving agency, and the person with it when the sending
 * agency registered them: the old owner no longer reads or edits them, the new owner does.
 */
async function transferOwnership(trx: Kysely<DB>, caseId: string, fromAgencyId: string, toAgencyId: string) {
  const moved = await trx
    .updateTable('case_file')
    .set({
      owner_agency_id: toAgencyId,
      assigned_user_id: null,
      version: sql<number>`version + 1` as never,
      updated_at: sql<Date>`now()` as never,
    })
    .where('id', '=', caseId)
    .returning('person_id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('person')
    .set({
      owner_agency_id: toAgencyId,
      version: sql<number>`version + 1` as never,
      updated_at: sql<Date>`now()` as never,
    })
    .where('id', '=', moved.person_id)
    .where('owner_agency_id', '=', fromAgencyId)
    .execute();
}
