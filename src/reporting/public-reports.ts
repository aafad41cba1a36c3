// Public reports (issue 14 §1): stored anonymously, followed up with a receipt, and the two-way
// conversation between the reporter and the hotline. Nothing that identifies the reporter is
// kept: no address (throttling counts a daily keyed hash of it, see address-key.ts), no cookie, no
// account; what they wrote is encrypted like case narratives. Audit events of the public side
// have no actor and no address.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit, withAuditEvents, type AuditEventInput } from '../access/audit.js';
import { canAnswerPublicReports } from '../access/reporting-policy.js';
import { lockedForSeconds, recordFailure, takeAttempt, takeAttempts, type ThrottleRule } from '../access/throttle.js';
import { PUBLIC_REPORT_LIMITS, type PublicReportSender, type PublicReportStatus } from '../contract/public-reports.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { stale } from '../platform/etag.js';
import { notFound, Problem } from '../platform/problems.js';
import { addressHash } from './address-key.js';
import { cleanPhotos } from './photos.js';
import { activeSiteCode } from './sites.js';
import { addTriageEvent } from './triage-events.js';
import { hashReceipt, newReceipt, normaliseReceipt, receiptIndex, verifyReceipt } from './receipts.js';
import {
  cleanText,
  FIELD_ERROR_MESSAGES,
  storedContentOf,
  textProblem,
  type ReportFieldError,
  type ReportInput,
} from './report-input.js';

/** Wrong receipts from one address (its daily keyed hash): every attempt counts, right or wrong. */
export const FOLLOW_UP_PER_ADDRESS: ThrottleRule = {
  maxFailures: 20,
  windowMinutes: 15,
  lockMinutes: 15,
  maxLockMinutes: 60,
};
/**
 * Wrong receipts from everyone together: past this, follow-ups pause for all. With 10^16 receipts
 * and at most 1,000 wrong guesses an hour, finding any one of a million reports takes over a
 * thousand years on average.
 */
export const FOLLOW_UP_FAILURES_GLOBAL: ThrottleRule = {
  maxFailures: 1000,
  windowMinutes: 60,
  lockMinutes: 15,
  maxLockMinutes: 15,
};

const KEY = {
  submit: (hash: string) => `public-report:submit:${hash}`,
  submitAll: 'public-report:submit:all',
  followUp: (hash: string) => `public-report:follow-up:${hash}`,
  followUpFailures: 'public-report:follow-up-failures:all',
};

const PUBLIC = { actor: null, clientIp: null } as const;

/** A receipt that is not 16 digits (says nothing about any report). */
export class ReceiptFormatProblem extends Problem {
  constructor() {
    super('validation', 'A receipt is 16 digits (spaces and dashes between them are fine).', {
      errors: [{ field: 'receipt', message: 'is not 16 digits', code: 'receipt-format' }],
    });
  }
}

const throttled = (seconds: number) =>
  new Problem('too-many-requests', `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
    retryAfterSeconds: seconds,
  });

/** The field errors of a report as the API's 400 problem. */
export function reportInputProblem(errors: ReportFieldError[]): Problem {
  return new Problem('validation', `Some fields are invalid: ${[...new Set(errors.map((e) => e.field))].join(', ')}.`, {
    errors: errors.map((e) => ({ field: e.field, message: FIELD_ERROR_MESSAGES[e.code], code: e.code })),
  });
}

let lastPurge = 0;
/**
 * Forgets the throttle counts of public routes older than a day (at most once an hour per server):
 * their keyed hashes of addresses serve no purpose once the day's key has changed.
 */
async function purgeOldCounts(db: Kysely<DB>): Promise<void> {
  if (Date.now() - lastPurge < 3_600_000) return;
  lastPurge = Date.now();
  await sql`DELETE FROM login_throttle WHERE key LIKE 'public-report:%'
    AND window_start < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`.execute(db);
}

/**
 * Stores a checked report with its photos (metadata stripped) and returns its receipt, which is
 * never stored. A filled honeypot gets a receipt that looks the same and stores nothing.
 */
export async function submitReport(
  ctx: AppContext,
  submission: { input: ReportInput; honeypot: boolean; photos: Buffer[] },
  address: string | null,
): Promise<{ receipt: string }> {
  const hash = addressHash(ctx.keys, address, ctx.config.timeZone);
  const perAddress: ThrottleRule = {
    maxFailures: ctx.config.publicReportsPerAddressHour,
    windowMinutes: 60,
    lockMinutes: 60,
    maxLockMinutes: 60,
  };
  const all: ThrottleRule = {
    maxFailures: ctx.config.publicReportsPerHour,
    windowMinutes: 60,
    lockMinutes: 5,
    maxLockMinutes: 5,
  };
  const wait = await takeAttempts(ctx.db, [
    [KEY.submit(hash), perAddress],
    [KEY.submitAll, all],
  ]);
  if (wait > 0) {
    await recordAudit(ctx.db, PUBLIC, {
      action: 'public_report.create',
      outcome: 'denied',
      details: { reason: 'throttled' },
    });
    throw throttled(wait);
  }
  await purgeOldCounts(ctx.db);
  if (submission.photos.length > PUBLIC_REPORT_LIMITS.photos)
    throw new Problem('payload-too-large', `At most ${PUBLIC_REPORT_LIMITS.photos} photos; nothing was stored.`);
  const photos = await cleanPhotos(submission.photos);
  const receipt = newReceipt();
  if (submission.honeypot) {
    await hashReceipt(receipt); // the same work as a real report
    await recordAudit(ctx.db, PUBLIC, {
      action: 'public_report.create',
      outcome: 'denied',
      details: { reason: 'honeypot' },
    });
    return { receipt };
  }
  const { input } = submission;
  // The campaign site of the poster's link, kept only when it names an active site (nothing is said otherwise).
  const site = await activeSiteCode(ctx.db, input.site);
  const content = storedContentOf(input);
  const id = crypto.randomUUID();
  const receiptHash = await hashReceipt(receipt);
  const report = {
    id,
    site_code: site,
    language: input.language,
    content: ctx.keys.encrypt(JSON.stringify(content)),
    minor_involved: input.minorInvolved === 'yes',
    immediate_danger: input.immediateDanger === 'yes',
    province_code: input.province,
    photo_count: photos.length,
    receipt_index: receiptIndex(ctx.keys, receipt),
    receipt_hash: receiptHash,
  };
  const received: AuditEventInput = {
    action: 'public_report.create',
    outcome: 'success',
    recordType: 'public_report',
    recordId: id,
    details: { count: photos.length },
  };
  // The report and its audit event in one statement: no transaction to open and close for most reports, which
  // have no photo (issue 14 §4 asks for 200 submissions a second on 2 cores; each round trip counts).
  if (photos.length === 0)
    await withAuditEvents(ctx.db, PUBLIC, received).insertInto('public_report').values(report).execute();
  else
    await ctx.db.transaction().execute(async (trx) => {
      await withAuditEvents(trx, PUBLIC, received).insertInto('public_report').values(report).execute();
      await trx
        .insertInto('public_report_photo')
        .values(
          photos.map((p) => ({
            id: crypto.randomUUID(),
            report_id: id,
            media_type: p.type,
            size_bytes: p.data.length,
            content: ctx.keys.encryptBytes(p.data),
          })),
        )
        .execute();
    });
  return { receipt };
}

export interface ConversationMessage {
  from: PublicReportSender;
  text: string;
  at: string;
}

export interface FollowUpView {
  status: PublicReportStatus;
  messages: ConversationMessage[];
}

/**
 * The report a receipt opens, after the throttles: every attempt from an address counts, wrong
 * ones count towards the global ceiling too. A wrong receipt is a 404 after the same work as a
 * right one (the argon2 check runs against a dummy hash).
 */
async function reportByReceipt(
  ctx: AppContext,
  receiptText: unknown,
  address: string | null,
  action: 'public_report.follow_up' | 'public_report.reply',
): Promise<{ id: string; status: PublicReportStatus }> {
  const receipt = normaliseReceipt(receiptText);
  if (!receipt) throw new ReceiptFormatProblem();
  const hash = addressHash(ctx.keys, address, ctx.config.timeZone);
  const wait =
    (await lockedForSeconds(ctx.db, [KEY.followUpFailures])) ||
    (await takeAttempt(ctx.db, KEY.followUp(hash), FOLLOW_UP_PER_ADDRESS));
  if (wait > 0) {
    await recordAudit(ctx.db, PUBLIC, { action, outcome: 'denied', details: { reason: 'throttled' } });
    throw throttled(wait);
  }
  const row = await ctx.db
    .selectFrom('public_report')
    .select(['id', 'status', 'receipt_hash'])
    .where('receipt_index', '=', receiptIndex(ctx.keys, receipt))
    .executeTakeFirst();
  const right = await verifyReceipt(row?.receipt_hash ?? null, receipt);
  if (!row || !right) {
    await recordFailure(ctx.db, KEY.followUpFailures, FOLLOW_UP_FAILURES_GLOBAL);
    await recordAudit(ctx.db, PUBLIC, { action, outcome: 'not_found', recordType: 'public_report' });
    throw new Problem('not-found', 'No report has this receipt. Check the digits.');
  }
  return { id: row.id, status: row.status as PublicReportStatus };
}

async function conversation(ctx: AppContext, db: Kysely<DB>, reportId: string): Promise<ConversationMessage[]> {
  const rows = await db
    .selectFrom('public_report_message')
    .select(['sender', 'text', 'created_at'])
    .where('report_id', '=', reportId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    from: r.sender as PublicReportSender,
    text: ctx.keys.decrypt(r.text),
    at: new Date(r.created_at).toISOString(),
  }));
}

/** What the reporter sees with their receipt: the coarse status and the conversation. */
export async function followUpReport(
  ctx: AppContext,
  receiptText: unknown,
  address: string | null,
): Promise<FollowUpView> {
  const report = await reportByReceipt(ctx, receiptText, address, 'public_report.follow_up');
  const messages = await conversation(ctx, ctx.db, report.id);
  await recordAudit(ctx.db, PUBLIC, {
    action: 'public_report.follow_up',
    outcome: 'success',
    recordType: 'public_report',
    recordId: report.id,
    details: { count: messages.length },
  });
  return { status: report.status, messages };
}

/** A message's text, checked: a 400 naming `text` otherwise. */
function messageText(text: unknown): string {
  const value = typeof text === 'string' ? cleanText(text) : '';
  const code = value === '' ? 'required' : textProblem(value, PUBLIC_REPORT_LIMITS.message);
  if (code)
    throw new Problem('validation', `The message ${FIELD_ERROR_MESSAGES[code]}.`, {
      errors: [{ field: 'text', message: FIELD_ERROR_MESSAGES[code], code }],
    });
  return value;
}

const closedProblem = () =>
  new Problem('conflict', 'This report is closed; no more messages can be added.', { reason: 'report-closed' });

/** The reporter answers or adds information, with the receipt as the key. */
export async function addReporterMessage(
  ctx: AppContext,
  receiptText: unknown,
  text: unknown,
  address: string | null,
): Promise<ConversationMessage> {
  const checked = messageText(text);
  const report = await reportByReceipt(ctx, receiptText, address, 'public_report.reply');
  if (report.status === 'closed') throw closedProblem();
  return ctx.db.transaction().execute(async (trx) => {
    // One at a time per report, so that the limit holds under concurrent posts.
    await trx.selectFrom('public_report').select('id').where('id', '=', report.id).forUpdate().execute();
    const { n } = await trx
      .selectFrom('public_report_message')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('report_id', '=', report.id)
      .where('sender', '=', 'reporter')
      .executeTakeFirstOrThrow();
    if (Number(n) >= PUBLIC_REPORT_LIMITS.reporterMessages)
      throw new Problem('conflict', 'This report has as many messages as it can take; call the hotline 111.', {
        reason: 'too-many-messages',
      });
    const row = await trx
      .insertInto('public_report_message')
      .values({ id: crypto.randomUUID(), report_id: report.id, sender: 'reporter', text: ctx.keys.encrypt(checked) })
      .returning(['created_at'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('public_report')
      .set({ updated_at: sql`now()` })
      .where('id', '=', report.id)
      .execute();
    await recordAudit(trx, PUBLIC, {
      action: 'public_report.reply',
      outcome: 'success',
      recordType: 'public_report',
      recordId: report.id,
    });
    return { from: 'reporter' as const, text: checked, at: new Date(row.created_at).toISOString() };
  });
}

/**
 * A hotline operator writes to the reporter (a question, an answer): the reporter reads it with
 * their receipt. A report still "received" is now "under review".
 */
export async function addHotlineMessage(
  ctx: AppContext,
  actor: Actor,
  reportId: string,
  text: unknown,
  version?: number,
): Promise<ConversationMessage & { id: string }> {
  if (!canAnswerPublicReports(actor)) throw notFound('report');
  const checked = messageText(text);
  return ctx.db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('public_report')
      .select(['id', 'status', 'channel', 'version'])
      .where('id', '=', reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) throw notFound('report');
    if (version !== undefined && report.version !== version) throw stale();
    if (report.status === 'closed') throw closedProblem();
    // A call has no receipt: nobody would ever read the question.
    if (report.channel === 'phone')
      throw new Problem('conflict', 'This report is a call: its caller has no receipt to read a question with.', {
        reason: 'report-is-a-call',
      });
    const id = crypto.randomUUID();
    const row = await trx
      .insertInto('public_report_message')
      .values({
        id,
        report_id: reportId,
        sender: 'hotline',
        text: ctx.keys.encrypt(checked),
        created_by: actor.userId,
      })
      .returning(['created_at'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('public_report')
      .set({
        status: sql`CASE WHEN status = 'received' THEN 'under_review' ELSE status END`,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', reportId)
      .execute();
    await addTriageEvent(trx, reportId, actor, 'asked');
    await recordAudit(
      trx,
      { actor, clientIp: actor.clientIp },
      { action: 'public_report.message_create', outcome: 'success', recordType: 'public_report', recordId: reportId },
    );
    return { id, from: 'hotline' as const, text: checked, at: new Date(row.created_at).toISOString() };
  });
}
