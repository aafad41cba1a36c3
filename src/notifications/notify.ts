// Making notifications (issue 12 §1): each event of another capability (a referral sent,
// accepted or declined; a case assigned) becomes one notification per user it concerns,
// in the transaction of the event, with an e-mail queued when an SMTP server is set.
// Notices of verifications coming due are made when the user's app asks (see store.ts).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { AppContext, CaseAssignedEvent, ReferralChangedEvent } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { receivesAgencyReferralNotices } from '../access/policy.js';
import type { AgencyKind, Language, Role } from '../contract/codes.js';
import type { NotificationKind } from '../contract/teams.js';

interface NewNotification {
  userId: string;
  kind: NotificationKind;
  caseId: string | null;
  caseReference: string | null;
  referralId?: string | null;
  informationRequestId?: string | null;
  agencyCode?: string | null;
  actorId?: string | null;
  dueAt?: Date | null;
}

/** Stores notifications, and queues an e-mail for each when e-mail is set up. Returns how many were stored. */
export async function addNotifications(ctx: AppContext, db: Kysely<DB>, items: readonly NewNotification[]) {
  if (items.length === 0) return 0;
  const rows = items.map((n) => ({
    id: crypto.randomUUID(),
    user_id: n.userId,
    kind: n.kind,
    case_id: n.caseId,
    case_reference: n.caseReference,
    referral_id: n.referralId ?? null,
    information_request_id: n.informationRequestId ?? null,
    agency_code: n.agencyCode ?? null,
    actor_id: n.actorId ?? null,
    due_at: n.dueAt ?? null,
  }));
  await db.insertInto('notification').values(rows).execute();
  if (ctx.config.smtpUrl) await queueEmails(ctx, db, rows);
  return rows.length;
}

/** One e-mail per notification, to its user's address (encrypted until sent), in the user's language. */
async function queueEmails(ctx: AppContext, db: Kysely<DB>, rows: readonly { id: string; user_id: string }[]) {
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'email', 'language', 'disabled'])
    .where(
      'id',
      'in',
      rows.map((r) => r.user_id),
    )
    .execute();
  const byId = new Map(users.map((u) => [u.id, u]));
  const emails = rows.flatMap((r) => {
    const user = byId.get(r.user_id);
    if (!user || user.disabled) return [];
    return [
      {
        id: crypto.randomUUID(),
        notification_id: r.id,
        recipient: ctx.keys.encrypt(user.email),
        language: user.language,
      },
    ];
  });
  if (emails.length) await db.insertInto('notification_email').values(emails).execute();
}

/** A case assigned to someone else than the one who assigned it: the assignee is told. */
export async function notifyCaseAssigned(ctx: AppContext, db: Kysely<DB>, actor: Actor, event: CaseAssignedEvent) {
  if (event.assigneeId === actor.userId) return;
  await addNotifications(ctx, db, [
    {
      userId: event.assigneeId,
      kind: 'case_assigned',
      caseId: event.caseId,
      caseReference: event.caseReference,
      actorId: actor.userId,
    },
  ]);
}

/**
 * A referral sent: the receiving agency's users who answer referrals or watch its boxes are told; accepted or
 * declined: the user who sent it is told.
 */
export async function notifyReferralChanged(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  event: ReferralChangedEvent,
) {
  const common = { caseId: event.caseId, caseReference: event.caseReference, referralId: event.referralId };
  if (event.event === 'sent') {
    const users = await db
      .selectFrom('app_user as u')
      .innerJoin('agency as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.agency_id', 'a.kind as agency_kind', 'u.roles', 'u.language'])
      .where('u.agency_id', '=', event.toAgencyId)
      .where('u.disabled', '=', false)
      .execute();
    const recipients = users.filter(
      (u) =>
        u.id !== actor.userId &&
        receivesAgencyReferralNotices(
          {
            userId: u.id,
            agencyId: u.agency_id,
            agencyKind: u.agency_kind as AgencyKind,
            roles: u.roles as Role[],
            language: u.language as Language,
            clientIp: null,
          },
          event.toAgencyId,
        ),
    );
    await addNotifications(
      ctx,
      db,
      recipients.map((u) => ({ userId: u.id, kind: 'referral_received', agencyCode: event.fromAgencyCode, ...common })),
    );
    return;
  }
  if (event.senderId === actor.userId) return;
  await addNotifications(ctx, db, [
    {
      userId: event.senderId,
      kind: event.event === 'accepted' ? 'referral_accepted' : 'referral_declined',
      agencyCode: event.toAgencyCode,
      ...common,
    },
  ]);
}
