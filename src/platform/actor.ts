import type { Language, Role } from '../contract/codes.js';

/** The authenticated caller of a request, as the policy module sees it. */
export interface Actor {
  userId: string;
  agencyId: string;
  roles: Role[];
  language: Language;
  clientIp: string | null;
}
