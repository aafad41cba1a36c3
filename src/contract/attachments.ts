// Code lists of data in and out (issue 12 §3), without zod, so that the web app can use them too.

/** Formats of a list export: every list route has a sibling `…/export?format=csv|xlsx` with the same filters. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an attached file may be: checked from its first bytes, not only from the type it is declared as. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * The part of a case a file attached to the case belongs to: who may download it is who may read that part
 * (a scan of a passport: identity_documents; a statement: narrative; a medical record: screening).
 * A consent's files belong to `identity` (whoever reads the consents), a referral's to `identity` too.
 */
export const ATTACHMENT_PARTS = [
  'identity',
  'identity_documents',
  'narrative',
  'exploitation',
  'screening',
  'support_plan',
  'prosecution',
] as const;
export type AttachmentPart = (typeof ATTACHMENT_PARTS)[number];
