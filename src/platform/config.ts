// Configuration comes from the environment only (twelve-factor), read once at start.
import path from 'node:path';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../contract/calendar.js';
import { DEFAULT_DP_BUDGET, DEFAULT_MIN_CELL } from '../contract/statistics.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /**
   * A PostgreSQL streaming replica (hot standby) of DATABASE_URL's server: statistics, exports and linkage runs
   * read from it (src/platform/replica.ts). Ignored, with a warning, on the embedded database.
   */
  databaseReplicaUrl: string | undefined;
  /** Reads fall back to the primary while the replica is further behind than this (ms). */
  replicaMaxLagMs: number;
  dataDir: string;
  masterKey: string | undefined;
  /** Days allowed for initial verification after a case is received (Law 53/2024 Art. 27). */
  verificationDeadlineDays: number;
  sessionHours: number;
  logLevel: string;
  /** Set the Secure flag on the session cookie (on behind HTTPS). */
  cookieSecure: boolean;
  /** Trust X-Forwarded-For from a reverse proxy for the client address. */
  trustProxy: boolean;
  /** The zone whose calendar days are Lantern's days (deadlines, "today", ages). */
  timeZone: string;
  /** Most returnees one roster upload may hold (more: split the file). */
  rosterMaxRows: number;
  /** Largest roster upload, in bytes (CSV or XLSX as sent). */
  rosterMaxBytes: number;
  /** Largest total an XLSX roster may expand to when unzipped, in bytes, checked before it is parsed. */
  rosterMaxUnzippedBytes: number;
  /** Largest expansion ratio of one XLSX part over 1 MB (a zip bomb expands 1,000-fold; real sheets about 10-fold). */
  rosterMaxZipRatio: number;
  /** Returnees registered per transaction by a roster job: other requests are answered between chunks. */
  rosterChunkRows: number;
  /** Largest attachment (a scan, a document, a photo) in bytes: LANTERN_ATTACHMENT_MAX_BYTES. */
  attachmentMaxBytes: number;
  /** Rows an export reads per page of its list (LANTERN_EXPORT_PAGE_ROWS): memory stays flat however long the list. */
  exportPageRows: number;
  /** Largest import upload (CSV), in bytes: streamed to the database, never held in memory. */
  importMaxBytes: number;
  /** Largest XLSX import, in bytes (an XLSX is a zip: it is measured, then read whole). */
  importMaxXlsxBytes: number;
  /** Largest total an XLSX import may expand to when unzipped. */
  importMaxUnzippedBytes: number;
  /**
   * Rows an import job stores per step (one transaction each). Unset: 5,000 on PostgreSQL (other
   * requests run beside a step), 1,000 on the embedded database (a step holds its one connection).
   */
  importStepRows: number | undefined;
  /** How often each server looks for background jobs left by another server or a restart. */
  jobPollMs: number;
  /**
   * How long a server trusts a session it has checked without asking the database again. Changes that end a
   * session are notified at once; this bounds what a notification lost while reconnecting could cost.
   */
  sessionCacheMs: number;
  /** Record linkage: match probability at or above which two records are linked without review. */
  linkageAutoThreshold: number;
  /** Record linkage: match probability at or above which a pair enters the data stewards' queue. */
  linkageReviewThreshold: number;
  /** Statistics: k, the minimum cell; no count from 1 to k−1 is released (LANTERN_MIN_CELL, default 10). */
  minCell: number;
  /** Statistics: each analyst's differential-privacy budget (ε) per calendar year (LANTERN_DP_BUDGET). */
  dpBudget: number;
  /** Statistics: figures older than this many minutes are rebuilt in the background when asked for. */
  statisticsMaxAgeMinutes: number;
  /** Notifications by e-mail (issue 12): an SMTP server as a URL, e.g. smtp://user:pass@mail.example:587; unset: none. */
  smtpUrl: string | undefined;
  /** The sender of notification e-mails. */
  smtpFrom: string;
  /** The address people open Lantern at, for the link in notification e-mails. */
  publicUrl: string;
  /** Public reports one client address (by its daily keyed hash) may send per hour (LANTERN_REPORTS_PER_ADDRESS_HOUR). */
  publicReportsPerAddressHour: number;
  /** Public reports the whole server takes per hour, from everyone (LANTERN_REPORTS_PER_HOUR). */
  publicReportsPerHour: number;
}

function intFrom(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

function minCellFrom(env: NodeJS.ProcessEnv): number {
  const k = intFrom('LANTERN_MIN_CELL', DEFAULT_MIN_CELL, env);
  if (k < 3) throw new Error(`LANTERN_MIN_CELL must be at least 3 (official statistics commonly use 10), got "${k}"`);
  return k;
}

function positiveNumberFrom(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function probabilityFrom(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value >= 1)
    throw new Error(`${name} must be a probability between 0 and 1 (exclusive), got "${raw}"`);
  return value;
}

function timeZoneFrom(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_TIME_ZONE;
  if (!isTimeZone(raw))
    throw new Error(`LANTERN_TIMEZONE must be an IANA time zone such as Asia/Ho_Chi_Minh, got "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: env.PORT === undefined || env.PORT === '' ? 3000 : intFrom('PORT', 3000, env),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    replicaMaxLagMs: intFrom('LANTERN_REPLICA_MAX_LAG_MS', 30_000, env),
    dataDir: path.resolve(env.LANTERN_DATA_DIR || './data'),
    masterKey: env.LANTERN_MASTER_KEY || undefined,
    verificationDeadlineDays: intFrom('LANTERN_VERIFICATION_DAYS', 3, env),
    sessionHours: intFrom('LANTERN_SESSION_HOURS', 12, env),
    logLevel: env.LOG_LEVEL || 'info',
    cookieSecure: env.LANTERN_COOKIE_SECURE === 'true',
    trustProxy: env.LANTERN_TRUST_PROXY === 'true',
    timeZone: timeZoneFrom(env.LANTERN_TIMEZONE),
    rosterMaxRows: intFrom('LANTERN_ROSTER_MAX_ROWS', 5000, env),
    rosterMaxBytes: intFrom('LANTERN_ROSTER_MAX_BYTES', 5 * 1024 * 1024, env),
    rosterMaxUnzippedBytes: intFrom('LANTERN_ROSTER_MAX_UNZIPPED_BYTES', 10 * 1024 * 1024, env),
    rosterMaxZipRatio: intFrom('LANTERN_ROSTER_MAX_ZIP_RATIO', 100, env),
    rosterChunkRows: intFrom('LANTERN_ROSTER_CHUNK_ROWS', 50, env),
    attachmentMaxBytes: intFrom('LANTERN_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, env),
    exportPageRows: intFrom('LANTERN_EXPORT_PAGE_ROWS', 500, env),
    importMaxBytes: intFrom('LANTERN_IMPORT_MAX_BYTES', 200 * 1024 * 1024, env),
    importMaxXlsxBytes: intFrom('LANTERN_IMPORT_MAX_XLSX_BYTES', 50 * 1024 * 1024, env),
    importMaxUnzippedBytes: intFrom('LANTERN_IMPORT_MAX_UNZIPPED_BYTES', 400 * 1024 * 1024, env),
    importStepRows: env.LANTERN_IMPORT_STEP_ROWS ? intFrom('LANTERN_IMPORT_STEP_ROWS', 1000, env) : undefined,
    jobPollMs: intFrom('LANTERN_JOB_POLL_MS', 2000, env),
    sessionCacheMs: intFrom('LANTERN_SESSION_CACHE_MS', 1000, env),
    // the engine's defaults (src/linkage/settings.ts): 0.99 and 0.5
    linkageAutoThreshold: probabilityFrom('LANTERN_LINKAGE_AUTO_THRESHOLD', 0.99, env),
    linkageReviewThreshold: probabilityFrom('LANTERN_LINKAGE_REVIEW_THRESHOLD', 0.5, env),
    minCell: minCellFrom(env),
    dpBudget: positiveNumberFrom('LANTERN_DP_BUDGET', DEFAULT_DP_BUDGET, env),
    statisticsMaxAgeMinutes: intFrom('LANTERN_STATISTICS_MAX_AGE_MINUTES', 60, env),
    smtpUrl: smtpUrlFrom(env.LANTERN_SMTP_URL),
    smtpFrom: env.LANTERN_SMTP_FROM || 'Lantern <no-reply@lantern.invalid>',
    publicReportsPerAddressHour: intFrom('LANTERN_REPORTS_PER_ADDRESS_HOUR', 10, env),
    publicReportsPerHour: intFrom('LANTERN_REPORTS_PER_HOUR', 20_000, env),
    publicUrl: (env.LANTERN_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}

function smtpUrlFrom(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('LANTERN_SMTP_URL must be a URL such as smtp://user:password@mail.example.org:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('LANTERN_SMTP_URL must start with smtp:// or smtps://');
  return raw;
}
