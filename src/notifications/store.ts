// Reading notifications (issue 12 §1): the caller's own, newest first, with the unread count
// for the header's badge; marking them read. Notices of verifications coming due are made here,
// when the app asks, rather than by a daily job: they then appear on the first look after a
// deadline comes near (also for a case assigned after that), whichever server answers, with no
// scheduler to run; each deadline is announced once (a unique index).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { canReadNotification } from '../access/policy.js';
import { notificationRecipientCondition } from '../access/policy-sql.js';
import { verificationsComingDue } from '../registry/cases.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, encodeCursor, isIsoInstant, isUuid } from '../platform/cursor.js';
import { notFound } from '../platform/problems.js';
import { VERIFICATION_DUE_SOON_DAYS, type NotificationKind } from '../contract/teams.js';

/** Notices of the caller's verifications coming due that were not made yet (once per case and deadline). */
async function addDueNotices(ctx: AppContext, actor: Actor) {
  const due = await verificationsComingDue(ctx.db, actor, VERIFICATION_DUE_SOON_DAYS);
  if (due.length === 0) return;
  await ctx.db
    .insertInto('notification')
    .values(
      due.map((d) => ({
        id: crypto.randomUUID(),
        user_id: actor.userId,
        kind: 'verification_due',
        case_id: d.caseId,
        case_reference: d.reference,
        due_at: d.dueAt,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'case_id', 'due_at']).where('kind', '=', 'verification_due').doNothing())
    .execute();
}

async function unreadCount(ctx: AppContext, actor: Actor): Promise<number> {
  const row = await ctx.db
    .selectFrom('notification as n')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(notificationRecipientCondition(actor))
    .where('n.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many of the caller's notifications are unread (the header's badge). */
export async function countUnread(ctx: AppContext, actor: Actor) {
  await addDueNotices(ctx, actor);
  return { unread: await unreadCount(ctx, actor) };
}

const baseQuery = (ctx: AppContext, actor: Actor) =>
  ctx.db
    .selectFrom('notification as n')
    .leftJoin('app_user as u', 'u.id', 'n.actor_id')
    .select([
      'n.id',
      'n.kind',
      'n.case_id',
      'n.case_reference',
      'n.referral_id',
      'n.information_request_id',
      'n.agency_code',
      'n.due_at',
      'n.created_at',
      'n.read_at',
      'u.display_name',
    ])
    .where(notificationRecipientCondition(actor));

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];
const view = (r: Row) => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  caseId: r.case_id,
  caseReference: r.case_reference,
  referralId: r.referral_id,
  informationRequestId: r.information_request_id,
  agencyCode: r.agency_code,
  actorName: r.display_name,
  dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

type Cursor = { t: string; id: string };
const isCursor = (v: Record<string, unknown>): v is Cursor => isIsoInstant(v.t) && isUuid(v.id);

/** The caller's notifications, newest first. */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  query: { unread?: 'true' | 'false'; cursor?: string; limit: number },
) {
  await addDueNotices(ctx, actor);
  let q = baseQuery(ctx, actor);
  if (query.unread === 'true') q = q.where('n.read_at', 'is', null);
  const after = decodeCursor(query.cursor, isCursor);
  if (after) q = q.where(sql<boolean>`(n.created_at, n.id) < (${new Date(after.t)}, ${after.id}::uuid)`);
  const rows = await q
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ t: new Date(last.created_at).toISOString(), id: last.id })
        : null,
    unread: await unreadCount(ctx, actor),
  };
}

/** Marks one notification read (the caller's own; anyone else's is 404). */
export async function markRead(ctx: AppContext, actor: Actor, id: string) {
  const found = await ctx.db
    .selectFrom('notification')
    .select(['id', 'user_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found || !canReadNotification(actor, { userId: found.user_id })) throw notFound('notification');
  await ctx.db
    .updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` as never })
    .where('id', '=', id)
    .execute();
  return view((await baseQuery(ctx, actor).where('n.id', '=', id).executeTakeFirst())!);
}

/** Marks all the caller's notifications read. */
export async function markAllRead(ctx: AppContext, actor: Actor) {
  const result = await ctx.db
    .updateTable('notification as n')
    .set({ read_at: sql<Date>`now()` as never })
    .where(notificationRecipientCondition(actor))
    .where('n.read_at', 'is', null)
    .executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}
