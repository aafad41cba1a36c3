import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Actor } from './actor.js';
import type { Config } from './config.js';
import type { Database } from './database.js';
import type { DB } from './db-schema.js';
import type { Keys } from './keys.js';
import type { Reads } from './replica.js';

/** What every capability's routes and services are given: no globals. */
export interface AppContext {
  config: Config;
  database: Database;
  /** The primary: every write, and every read that is not routed through `reads`. */
  db: Kysely<DB>;
  /**
   * Where reads that tolerate a little lag go (statistics, exports, linkage runs): `reads.of(actor)` is the
   * replica when one is configured and has the caller's last write, else the primary.
   */
  reads: Reads;
  keys: Keys;
  logger: Logger;
  /** How capabilities react to each other's events; wired once, in src/capabilities.ts. */
  hooks: CapabilityHooks;
}

/** Reactions of one capability to another's events, each run in the transaction of the event. */
export interface CapabilityHooks {
  /** A case was closed: what was opened for it elsewhere (referrals, access grants) ends with it. */
  caseClosed: ((db: Kysely<DB>, actor: Actor, caseId: string) => Promise<void>)[];
  /**
   * Persons were registered or their identifying fields changed (registry, imports, merges):
   * record linkage keeps its registration-check index in step. Ids only.
   */
  personsChanged: ((db: Kysely<DB>, personIds: readonly string[]) => Promise<void>)[];
  /**
   * A linkage run completed: who is one person changed (statistics rebuild their figures). `jobId`: the
   * run's job (null for a run from the CLI). Ids only.
   */
  clustersChanged: ((db: Kysely<DB>, jobId: string | null) => Promise<void>)[];
  /** A case was assigned to a user (notifications tell the assignee). Ids and the case reference only. */
  caseAssigned: ((db: Kysely<DB>, actor: Actor, event: CaseAssignedEvent) => Promise<void>)[];
  /** A referral or transfer was sent, accepted or declined (notifications tell the other side). Ids and codes only. */
  referralChanged: ((db: Kysely<DB>, actor: Actor, event: ReferralChangedEvent) => Promise<void>)[];
}

export interface CaseAssignedEvent {
  caseId: string;
  caseReference: string;
  assigneeId: string;
}

export interface ReferralChangedEvent {
  event: 'sent' | 'accepted' | 'declined';
  referralId: string;
  caseId: string;
  caseReference: string;
  fromAgencyCode: string;
  toAgencyId: string;
  toAgencyCode: string;
  /** The user who sent the referral. */
  senderId: string;
}
