// Configuration comes from the environment only (twelve-factor), read once at start.
import path from 'node:path';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../contract/calendar.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
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
}

function intFrom(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
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
    dataDir: path.resolve(env.LANTERN_DATA_DIR || './data'),
    masterKey: env.LANTERN_MASTER_KEY || undefined,
    verificationDeadlineDays: intFrom('LANTERN_VERIFICATION_DAYS', 3, env),
    sessionHours: intFrom('LANTERN_SESSION_HOURS', 12, env),
    logLevel: env.LOG_LEVEL || 'info',
    cookieSecure: env.LANTERN_COOKIE_SECURE === 'true',
    trustProxy: env.LANTERN_TRUST_PROXY === 'true',
    timeZone: timeZoneFrom(env.LANTERN_TIMEZONE),
  };
}
