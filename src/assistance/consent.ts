// Consent per purpose. Sharing is refused without it, and a withdrawal takes
// effect at once: open referrals it covered are revoked in the same transaction.
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../access/audit.js';
import { optionalAgencyId } from '../access/directory.js';
import type { AppContext } from '../platform/context.js';
import type { ConsentTable, DB } from '../platform/db-schema.js';
import { notFound, Problem } from '../platform/problems.js';
import { requireCaseEdit, requireCasePart } from '../access/case-gate.js';
import { hasActiveConsent } from './consent-check.js';
import { closeReferralsInTransaction } from './referrals.js';
import type { consentCreateSchema, consentSchema } from '../contract/schemas/assistance.js';

type ConsentView = z.infer<typeof consentSchema>;

function view(ctx: AppContext, row: Selectable<ConsentTable> & { agency_code: string | null }): ConsentView {
  return {
    id: row.id,
    caseId: row.case_id,
    purpose: row.purpose,
    agency: row.agency_code,
    agencyKind: row.agency_kind,
    method: row.method,
    givenBy: row.given_by,
    witness: row.witness,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    active: row.withdrawn_at === null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawalReason: row.withdrawal_reason ? ctx.keys.decrypt(row.withdrawal_reason) : null,
  };
}

const consentQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('consent as k')
    .leftJoin('agency as a', 'a.id', 'k.agency_id')
    .selectAll('k')
    .select('a.code as agency_code');

export async function recordConsent(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: z.infer<typeof consentCreateSchema>,
): Promise<ConsentView> {
  return ctx.db.transaction().execute(async (trx) => {
    const access = await requireCaseEdit(trx, actor, caseId);
    if (access.personIsMinor === true && input.givenBy !== 'guardian') {
      throw new Problem('validation', 'The person is a minor: consent must be given by a parent or guardian.', {
        errors: [{ field: 'body.givenBy', message: 'must be guardian for a minor' }],
      });
    }
    const agencyId = (await optionalAgencyId(trx, input.agency, 'body.agency')) ?? null;
    const id = crypto.randomUUID();
    await trx
      .insertInto('consent')
      .values({
        id,
        case_id: caseId,
        purpose: input.purpose,
        agency_id: agencyId,
        agency_kind: input.agencyKind ?? null,
        method: input.method,
        given_by: input.givenBy,
        witness: input.witness ?? null,
        recorded_by: actor.userId,
      })
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'consent.create',
        outcome: 'success',
        recordType: 'case',
        recordId: caseId,
        details: { consentId: id },
      },
    );
    return view(ctx, await consentQuery(trx).where('k.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function listConsents(ctx: AppContext, actor: Actor, caseId: string): Promise<ConsentView[]> {
  await requireCasePart(ctx.db, actor, caseId, 'identity');
  const rows = await consentQuery(ctx.db).where('k.case_id', '=', caseId).orderBy('k.recorded_at').execute();
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'case.consents_read', outcome: 'success', recordType: 'case', recordId: caseId },
  );
  return rows.map((r) => view(ctx, r));
}

export async function withdrawConsent(
  ctx: AppContext,
  actor: Actor,
  consentId: string,
  reason: string,
): Promise<ConsentView & { revokedReferrals: string[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const consent = await trx
      .selectFrom('consent')
      .selectAll()
      .where('id', '=', consentId)
      .forUpdate()
      .executeTakeFirst();
    if (!consent) throw notFound('consent');
    await requireCaseEdit(trx, actor, consent.case_id, true).catch((e) => {
      throw e instanceof Problem && e.status === 404 ? notFound('consent') : e;
    });
    if (consent.withdrawn_at)
      throw new Problem('conflict', 'This consent was already withdrawn.', {
        reason: 'consent-already-withdrawn',
      });
    await trx
      .updateTable('consent')
      .set({
        withdrawn_at: sql<Date>`now()` as never,
        withdrawn_by: actor.userId,
        withdrawal_reason: ctx.keys.encrypt(reason),
      })
      .where('id', '=', consentId)
      .execute();
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      {
        action: 'consent.withdraw',
        outcome: 'success',
        recordType: 'case',
        recordId: consent.case_id,
        details: { consentId },
      },
    );

    // Revoke what this consent alone allowed: referrals to agencies no other active consent covers, or for prosecution.
    const open = await trx
      .selectFrom('referral as r')
      .innerJoin('agency as a', 'a.id', 'r.to_agency_id')
      .select(['r.id', 'r.to_agency_id', 'r.purposes', 'a.kind'])
      .where('r.case_id', '=', consent.case_id)
      .where('r.status', 'in', ['pending', 'accepted'])
      .execute();
    const toRevoke: string[] = [];
    for (const r of open) {
      const lostShare =
        consent.purpose === 'share_with_agency' &&
        !(await hasActiveConsent(trx, consent.case_id, 'share_with_agency', { id: r.to_agency_id, kind: r.kind }));
      const lostProsecution =
        consent.purpose === 'prosecution' &&
        r.purposes.includes('prosecution') &&
        !(await hasActiveConsent(trx, consent.case_id, 'prosecution'));
      if (lostShare || lostProsecution) toRevoke.push(r.id);
    }
    // The reason stays with the consent record: the receiving agency learns only that consent was withdrawn.
    await closeReferralsInTransaction(ctx, trx, actor, toRevoke, 'revoked', null, 'consent_withdrawn');
    const row = await consentQuery(trx).where('k.id', '=', consentId).executeTakeFirstOrThrow();
    return { ...view(ctx, row), revokedReferrals: toRevoke };
  });
}
