import type { AgencyKind, Language, Role } from '../contract/codes.js';

/** The authenticated caller of a request, as the policy module sees it. */
export interface Actor {
  userId: string;
  agencyId: string;
  /** The kind of the caller's agency: suspect data is for law-enforcement agencies only (issue 13). */
  agencyKind: AgencyKind;
  roles: Role[];
  language: Language;
  clientIp: string | null;
  /**
   * The primary's WAL position after this caller's last write, as their client sent it back (only when a read
   * replica is configured): their reads from the replica wait until it has replayed that far (platform/replica.ts).
   */
  readAfter?: string;
}
