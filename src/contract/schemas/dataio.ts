// Data in and out (issue 12 §3): exports of lists, attachments, and the roster's duplicate check.
import { z } from 'zod';
import { jobSchema } from './jobs.js';
import { ATTACHMENT_PARTS, ATTACHMENT_TYPES, EXPORT_FORMATS } from '../attachments.js';

export {
  ATTACHMENT_PARTS,
  ATTACHMENT_TYPES,
  EXPORT_FORMATS,
  type AttachmentPart,
  type AttachmentType,
  type ExportFormat,
} from '../attachments.js';

export const exportFormatQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default('xlsx').describe('csv (UTF-8 with a byte-order mark) or xlsx'),
});

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069/\\]/.test(v), 'no control characters or slashes')
  .describe('the file name as the user chose it (stored encrypted)');

export const attachmentUploadQuery = z.object({
  fileName,
  part: z.enum(ATTACHMENT_PARTS).default('identity').describe('for a case: the part of the case the file belongs to'),
});
export const attachmentTargetUploadQuery = z.object({ fileName });

export const attachmentSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  consentId: z.uuid().nullable(),
  referralId: z.uuid().nullable(),
  part: z.string(),
  fileName: z.string(),
  mediaType: z.enum(ATTACHMENT_TYPES),
  sizeBytes: z.number(),
  uploadedBy: z.string().nullable().describe("the uploader's name"),
  uploaderAgency: z.string().describe("the uploader's agency code"),
  createdAt: z.string(),
  can: z.object({ delete: z.boolean() }),
});
export type AttachmentView = z.infer<typeof attachmentSchema>;

export const attachmentListQuery = z.object({
  consentId: z.uuid().optional().describe("only this consent's files"),
  referralId: z.uuid().optional().describe("only this referral's files"),
});

/** A roster row that matches a person already registered at the event (same name, compatible sex and age). */
export const rosterDuplicateSchema = z.object({
  row: z.number().describe('row of the uploaded file (1 = first row under the header)'),
  name: z.string(),
  matchesRow: z.number().describe('row of the event where the matching person was registered'),
  caseId: z.uuid(),
  reference: z.string(),
});
export type RosterDuplicate = z.infer<typeof rosterDuplicateSchema>;

export const rosterUploadQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true: check the file and list duplicates; register nothing'),
  includeDuplicates: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: register rows matching persons already registered at the event too (default: skip them)'),
});

/** POST /screening/events/:id/roster?dryRun=true (200): what an upload would do. */
export const rosterDryRunSchema = z.object({
  rows: z.number(),
  duplicates: z.array(rosterDuplicateSchema),
  wouldRegister: z.number().describe('rows registered without includeDuplicates'),
});

/** POST /screening/events/:id/roster: the job registering it (null when every row was a duplicate), and what was skipped. */
export const rosterUploadedSchema = z.object({
  job: jobSchema.nullable(),
  rows: z.number(),
  duplicates: z.array(rosterDuplicateSchema),
  skipped: z.number().describe('duplicates not registered (0 with includeDuplicates=true)'),
});
