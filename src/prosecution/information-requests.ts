// Information requests (issue 13 §2): deconfliction between law-enforcement agencies. An agency whose
// identifier hit another agency's cases asks that agency for them; the holder accepts or declines. On
// acceptance, each matched case whose person has consented to sharing with the requester is referred to
// it for `investigation` (an accepted referral with its purpose-bound grant, as any referral gives); the
// others are withheld and counted, never shown. Each change locks the request row, so two answers given
// at the same moment end in one state.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import { partsForPurposes } from '../access/policy.js';
import { requireCaseRecording } from '../access/prosecution-gate.js';
import {
  canAnswerInformationRequest,
  canReadInformationRequest,
  canRecordIntelligence,
  canWithdrawInformationRequest,
  heldBy,
  informationRequestSide,
  mayAskAgency,
  worksOnProsecution,
} from '../access/prosecution-policy.js';
import { ownAgencyCode, requireAgencyByCode } from '../access/directory.js';
import { informationRequestBoxCondition } from '../access/prosecution-sql.js';
import { today } from '../contract/calendar.js';
import type { IdentifierKind, InformationRequestStatus } from '../contract/prosecution.js';
import type {
  informationRequestCreateSchema,
  informationRequestListQuerySchema,
  informationRequestSchema,
} from '../contract/schemas/prosecution.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { addNotifications } from '../notifications/notify.js';
import { hasActiveConsent } from '../assistance/consent-check.js';
import { matchedCases } from './hits.js';

type InformationRequestView = z.infer<typeof informationRequestSchema>;

const requestQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('information_request as r')
    .innerJoin('agency as ra', 'ra.id', 'r.requesting_agency_id')
    .innerJoin('agency as ha', 'ha.id', 'r.holding_agency_id')
    .innerJoin('app_user as ru', 'ru.id', 'r.requested_by')
    .leftJoin('app_user as hu', 'hu.id', 'r.responded_by')
    .innerJoin('identifier as i', 'i.id', 'r.identifier_id')
    .innerJoin('case_file as c', 'c.id', 'r.case_id')
    .select([
      'r.id',
      'r.status',
      'r.requesting_agency_id',
      'r.holding_agency_id',
      'ra.code as requesting_code',
      'ra.name as requesting_name',
      'ha.code as holding_code',
      'ha.name as holding_name',
      'ru.display_name as requested_by_name',
      'hu.display_name as responded_by_name',
      'i.kind',
      'i.normalized',
      'i.match_key',
      'r.case_id',
      'c.reference',
      'r.message',
      'r.status_reason',
      'r.responded_at',
      'r.created_at',
      'r.version',
    ]);
type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>;

async function view(ctx: AppContext, db: Kysely<DB>, actor: Actor, r: RequestRow): Promise<InformationRequestView> {
  const parties = { requestingAgencyId: r.requesting_agency_id, holdingAgencyId: r.holding_agency_id };
  const side = informationRequestSide(actor, parties);
  const isHolder = side === 'holder';
  const isRequester = side === 'requester';
  // The holder sees its own cases that matched; the requester sees those shared with it once accepted.
  const holderMatches = heldBy(await matchedCases(db, actor, r.match_key, r.case_id), r.holding_agency_id);
  let matched = isHolder
    ? holderMatches.filter((m) => m.readable).map((m) => ({ id: m.caseId, reference: m.reference }))
    : [];
  let withheld = 0;
  if (r.status === 'accepted') {
    const shared = await db
      .selectFrom('information_request_referral as irr')
      .innerJoin('referral as f', 'f.id', 'irr.referral_id')
      .innerJoin('case_file as c', 'c.id', 'f.case_id')
      .select(['c.id', 'c.reference'])
      .where('irr.information_request_id', '=', r.id)
      .orderBy('c.reference')
      .execute();
    if (isRequester) matched = shared.map((c) => ({ id: c.id, reference: c.reference }));
    withheld = Math.max(0, holderMatches.length - shared.length);
  }
  return {
    id: r.id,
    status: r.status as InformationRequestStatus,
    requestingAgency: { code: r.requesting_code, name: r.requesting_name },
    requestedBy: r.requested_by_name,
    holdingAgency: { code: r.holding_code, name: r.holding_name },
    identifier: { kind: r.kind as IdentifierKind, normalized: ctx.keys.decrypt(r.normalized) },
    caseId: isRequester ? r.case_id : null,
    caseReference: isRequester ? r.reference : null,
    matchedCases: matched,
    withheldCases: withheld,
    message: r.message ? ctx.keys.decrypt(r.message) : null,
    statusReason: r.status_reason ? ctx.keys.decrypt(r.status_reason) : null,
    respondedBy: r.responded_by_name,
    respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    version: r.version,
    can: {
      accept: r.status === 'pending' && canAnswerInformationRequest(actor, parties),
      decline: r.status === 'pending' && canAnswerInformationRequest(actor, parties),
      withdraw: r.status === 'pending' && canWithdrawInformationRequest(actor, parties),
    },
  };
}

/** The investigators of an agency, who receive and answer its information requests. */
async function investigatorsOf(db: Kysely<DB>, agencyId: string) {
  return db
    .selectFrom('app_user')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('disabled', '=', false)
    .where(sql<boolean>`'investigator' = ANY (roles)`)
    .execute();
}

/** Sends an information request about an identifier of the caller's case to an agency it hit. */
export async function createInformationRequest(
  ctx: AppContext,
  actor: Actor,
  input: z.infer<typeof informationRequestCreateSchema>,
): Promise<InformationRequestView> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!canRecordIntelligence(actor)) throw notFound('identifier');
    const identifier = await trx
      .selectFrom('identifier')
      .select(['id', 'case_id', 'match_key'])
      .where('id', '=', input.identifierId)
      .executeTakeFirst();
    if (!identifier?.case_id) throw notFound('identifier');
    const access = await requireCaseRecording(trx, actor, identifier.case_id, true);
    const holder = await requireAgencyByCode(trx, input.agencyCode, 'body.agencyCode');
    const matches = heldBy(await matchedCases(trx, actor, identifier.match_key, identifier.case_id), holder.id);
    if (!mayAskAgency(access.ownerAgencyId, holder.id) || matches.length === 0)
      throw new Problem('validation', `Agency ${holder.code} holds no other case with this identifier.`, {
        errors: [{ field: 'body.agencyCode', message: 'no hit at this agency', code: 'no-hit' }],
      });
    const pending = await trx
      .selectFrom('information_request')
      .select('id')
      .where('identifier_id', '=', identifier.id)
      .where('holding_agency_id', '=', holder.id)
      .where('status', 'in', ['pending', 'accepted'])
      .executeTakeFirst();
    if (pending)
      throw new Problem('conflict', `A request about this identifier to ${holder.code} is already open or answered.`, {
        reason: 'request-exists',
        informationRequestId: pending.id,
      });
    const id = crypto.randomUUID();
    await trx
      .insertInto('information_request')
      .values({
        id,
        requesting_agency_id: actor.agencyId,
        requested_by: actor.userId,
        holding_agency_id: holder.id,
        identifier_id: identifier.id,
        case_id: identifier.case_id,
        message: input.message ? ctx.keys.encrypt(input.message) : null,
        status: 'pending',
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'information_request.create',
        outcome: 'success',
        recordType: 'information_request',
        recordId: id,
        details: { agencyId: holder.id, cases: matches.length },
      },
    );
    const requesterCode = await ownAgencyCode(trx, actor);
    await addNotifications(
      ctx,
      trx,
      (await investigatorsOf(trx, holder.id)).map((u) => ({
        userId: u.id,
        kind: 'information_request_received' as const,
        caseId: matches[0]!.caseId,
        caseReference: matches[0]!.reference,
        informationRequestId: id,
        agencyCode: requesterCode,
        actorId: actor.userId,
      })),
    );
    return view(ctx, trx, actor, await requestQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** One request, to the prosecution staff of the requesting or the holding agency; 404 for anyone else. */
export async function getInformationRequest(ctx: AppContext, actor: Actor, id: string) {
  const r = await requestQuery(ctx.db).where('r.id', '=', id).executeTakeFirst();
  if (
    !r ||
    !canReadInformationRequest(actor, {
      requestingAgencyId: r.requesting_agency_id,
      holdingAgencyId: r.holding_agency_id,
    })
  )
    throw notFound('information request');
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'information_request.read', outcome: 'success', recordType: 'information_request', recordId: id },
  );
  return view(ctx, ctx.db, actor, r);
}

/** The caller's agency's incoming (to answer) or outgoing (sent) requests, newest first. */
export async function listInformationRequests(
  ctx: AppContext,
  actor: Actor,
  query: z.infer<typeof informationRequestListQuerySchema>,
): Promise<InformationRequestView[]> {
  if (!worksOnProsecution(actor)) return [];
  let q = requestQuery(ctx.db)
    .where(informationRequestBoxCondition(actor, query.box, 'r'))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(200);
  if (query.status) q = q.where('r.status', '=', query.status);
  const rows = await q.execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'information_request.list', outcome: 'success', details: { count: rows.length, list: query.box } },
  );
  const out: InformationRequestView[] = [];
  for (const r of rows) out.push(await view(ctx, ctx.db, actor, r));
  return out;
}

/** Accept (share the consented matched cases), decline (with a reason) or withdraw (the requester). */
export async function answerInformationRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  answer: 'accept' | 'decline' | 'withdraw',
  reason?: string,
): Promise<InformationRequestView> {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('information_request')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const parties = r && { requestingAgencyId: r.requesting_agency_id, holdingAgencyId: r.holding_agency_id };
    if (!r || !parties || !canReadInformationRequest(actor, parties)) throw notFound('information request');
    const allowed =
      answer === 'withdraw'
        ? canWithdrawInformationRequest(actor, parties)
        : canAnswerInformationRequest(actor, parties);
    if (!allowed)
      throw forbidden(
        answer === 'withdraw'
          ? 'Only investigators of the agency that sent this request can withdraw it.'
          : 'Only investigators of the agency that holds the cases can answer this request.',
      );
    if (r.status !== 'pending')
      throw new Problem('conflict', `This request is already ${r.status}; it cannot be ${answer}ed now.`, {
        reason: 'request-answered',
        status: r.status,
      });
    if (answer === 'decline' && !reason)
      throw new Problem('validation', 'Say why you decline, so the requesting agency knows what to do next.', {
        errors: [{ field: 'body.reason', message: 'required to decline', code: 'reason-required' }],
      });
    const status = answer === 'accept' ? 'accepted' : answer === 'decline' ? 'declined' : 'withdrawn';
    let shared = 0;
    let withheld = 0;
    if (answer === 'accept') {
      const identifier = await trx
        .selectFrom('identifier')
        .select('match_key')
        .where('id', '=', r.identifier_id)
        .executeTakeFirstOrThrow();
      const requester = await trx
        .selectFrom('agency')
        .select(['id', 'kind', 'code'])
        .where('id', '=', r.requesting_agency_id)
        .executeTakeFirstOrThrow();
      const matches = heldBy(
        await matchedCases(trx, actor, identifier.match_key, r.case_id),
        r.holding_agency_id,
      ).filter((m) => m.readable);
      for (const m of matches) {
        if (!(await hasActiveConsent(trx, m.caseId, 'share_with_agency', requester))) {
          withheld += 1;
          continue;
        }
        const alreadyShared = await trx
          .selectFrom('case_access_grant')
          .select('id')
          .where('case_id', '=', m.caseId)
          .where('agency_id', '=', requester.id)
          .where('active', '=', true)
          .where(sql<boolean>`'prosecution' = ANY (parts)`)
          .executeTakeFirst();
        const referralId = crypto.randomUUID();
        await trx
          .insertInto('referral')
          .values({
            id: referralId,
            kind: 'referral',
            case_id: m.caseId,
            from_agency_id: r.holding_agency_id,
            to_agency_id: requester.id,
            purposes: ['investigation'],
            services: [],
            note: r.message,
            due_date: today(),
            status: 'accepted',
            created_by: actor.userId,
            responded_by: r.requested_by,
            responded_at: sql<Date>`now()` as never,
          })
          .execute();
        if (!alreadyShared)
          await trx
            .insertInto('case_access_grant')
            .values({
              id: crypto.randomUUID(),
              case_id: m.caseId,
              agency_id: requester.id,
              parts: partsForPurposes(['investigation']),
              source: 'referral',
              source_id: referralId,
            })
            .execute();
        await trx
          .insertInto('information_request_referral')
          .values({ information_request_id: id, referral_id: referralId })
          .execute();
        await recordAudit(
          trx,
          { actor, clientIp: actor.clientIp },
          {
            action: 'referral.create',
            outcome: 'success',
            recordType: 'case',
            recordId: m.caseId,
            details: { referralId, via: 'information_request', agencyId: requester.id },
          },
        );
        shared += 1;
      }
    }
    await trx
      .updateTable('information_request')
      .set({
        status,
        status_reason: reason ? ctx.keys.encrypt(reason) : null,
        responded_by: answer === 'withdraw' ? null : actor.userId,
        responded_at: sql<Date>`now()` as never,
        version: sql<number>`version + 1` as never,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: `information_request.${answer}`,
        outcome: 'success',
        recordType: 'information_request',
        recordId: id,
        details: answer === 'accept' ? { cases: shared, suppressed: withheld } : {},
      },
    );
    if (answer !== 'withdraw') {
      const holder = await trx
        .selectFrom('agency')
        .select('code')
        .where('id', '=', r.holding_agency_id)
        .executeTakeFirst();
      const requesterCase = await trx
        .selectFrom('case_file')
        .select('reference')
        .where('id', '=', r.case_id)
        .executeTakeFirst();
      await addNotifications(ctx, trx, [
        {
          userId: r.requested_by,
          kind: answer === 'accept' ? 'information_request_accepted' : 'information_request_declined',
          caseId: r.case_id,
          caseReference: requesterCase?.reference ?? null,
          informationRequestId: id,
          agencyCode: holder?.code ?? null,
          actorId: actor.userId,
        },
      ]);
    }
    const after = await view(ctx, trx, actor, await requestQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow());
    return after;
  });
}
