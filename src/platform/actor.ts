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
}
