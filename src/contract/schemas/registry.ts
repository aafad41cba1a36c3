// Request and response schemas of persons and cases. The same Zod schemas
// validate requests and produce the OpenAPI document.
import { z } from 'zod';
import { today } from '../calendar.js';
import {
  CASE_SOURCES,
  CASE_STATUSES,
  EXPLOITATION_TYPES,
  IDENTITY_DOCUMENT_TYPES,
  RECRUITMENT_CHANNELS,
  SEXES,
  SPOKEN_LANGUAGES,
  isCitizenship,
  isCountryCode,
  isProvinceCode,
} from '../reference/index.js';
import { visibleText } from '../text.js';
import { CASE_AGE_BANDS, CASE_SORTS } from '../teams.js';
export type { CaseSortKey } from '../teams.js';

export const isoDate = z.iso.date('a date as YYYY-MM-DD');
const pastDate = isoDate.refine((d) => d <= today(), 'cannot be in the future');
// Names are stored as entered but in NFC, and must show something (no controls, overrides, invisible-only).
const nameText = visibleText(100);
const countryCode = z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code in capitals, e.g. KH');
const uuid = z.uuid('an id (UUID)');

export const identityDocumentSchema = z.object({
  type: z.enum(IDENTITY_DOCUMENT_TYPES),
  number: z.string().trim().min(1).max(64),
  issuingCountry: countryCode.nullable().optional(),
});

export const contactSchema = z
  .object({
    phone: z.string().trim().max(40).optional(),
    email: z.string().trim().max(320).optional(),
    address: z.string().trim().max(500).optional(),
    messaging: z.string().trim().max(200).optional().describe('e.g. a Zalo or Telegram handle'),
    notes: z.string().trim().max(1000).optional(),
  })
  .strict();

const personFields = {
  familyName: nameText.nullable().optional(),
  middleName: nameText.nullable().optional(),
  givenName: nameText.nullable().optional(),
  aliases: z.array(nameText).max(20).optional(),
  sex: z.enum(SEXES),
  dateOfBirth: pastDate.nullable().optional(),
  estimatedAgeYears: z.int().min(0).max(120).nullable().optional(),
  ageEstimatedOn: pastDate.nullable().optional(),
  birthYear: z
    .int()
    .min(1900)
    .refine((y) => y <= Number(today().slice(0, 4)), 'cannot be in the future')
    .nullable()
    .optional()
    .describe('when only the year of birth is known'),
  province: z
    .string()
    .refine(isProvinceCode, 'a province code of 2025, e.g. ha-noi')
    .nullable()
    .optional()
    .describe('the home province (a 2025 unit)'),
  citizenship: z.string().refine(isCitizenship, 'an ISO 3166-1 alpha-2 code in capitals, "stateless" or "unknown"'),
  languages: z
    // Typed as strings, as before the list moved to codes.ts: callers build language lists from data.
    .array(z.enum(SPOKEN_LANGUAGES as readonly string[] as [string, ...string[]]))
    .max(10)
    .optional(),
  identityDocuments: z.array(identityDocumentSchema).max(10).optional(),
  contact: contactSchema.nullable().optional(),
};

const hasAName = (p: { familyName?: string | null; givenName?: string | null; aliases?: string[] }) =>
  Boolean(p.familyName || p.givenName || (p.aliases && p.aliases.length > 0));

export const personCreateSchema = z
  .object(personFields)
  .strict()
  .refine(hasAName, {
    message: 'give at least a family name, a given name or an alias (a name as the person gave it)',
    path: ['givenName'],
  })
  .refine((p) => !(p.dateOfBirth && p.estimatedAgeYears != null), {
    message: 'give a date of birth or an estimated age, not both',
    path: ['estimatedAgeYears'],
  })
  .refine((p) => !(p.dateOfBirth && p.birthYear != null), {
    message: 'give a date of birth or a year of birth, not both',
    path: ['birthYear'],
  });

export const personPatchSchema = z
  .object(personFields)
  .partial()
  .strict()
  .refine((p) => !(p.dateOfBirth && p.estimatedAgeYears != null), {
    message: 'give a date of birth or an estimated age, not both',
    path: ['estimatedAgeYears'],
  })
  .refine((p) => !(p.dateOfBirth && p.birthYear != null), {
    message: 'give a date of birth or a year of birth, not both',
    path: ['birthYear'],
  });

export type PersonCreate = z.infer<typeof personCreateSchema>;
export type PersonPatch = z.infer<typeof personPatchSchema>;

/** What the caller may do with a person, decided by the server's policy (access/policy.ts). */
export const personCapabilitiesSchema = z.object({
  edit: z.boolean(),
  openCase: z.boolean().describe('only the agency that registered the person opens cases on them'),
  readContact: z.boolean(),
  readDocuments: z.boolean(),
});

export const personSchema = z.object({
  id: uuid,
  ownerAgencyId: uuid,
  familyName: z.string().nullable(),
  middleName: z.string().nullable(),
  givenName: z.string().nullable(),
  displayName: z.string(),
  aliases: z.array(z.string()),
  sex: z.string(),
  dateOfBirth: z.string().nullable(),
  estimatedAgeYears: z.number().nullable(),
  ageEstimatedOn: z.string().nullable(),
  birthYear: z.number().nullable(),
  province: z.string().nullable(),
  provinceFormer: z
    .string()
    .nullable()
    .describe('the former province an imported record named, before the 2025 merger'),
  ageYears: z.number().nullable().describe('derived from the date of birth or the estimate'),
  isMinor: z.boolean().nullable().describe('derived from age; null when the age is unknown'),
  citizenship: z.string(),
  languages: z.array(z.string()),
  identityDocuments: z
    .array(z.object({ type: z.string(), number: z.string(), issuingCountry: z.string().nullable() }))
    .optional(),
  contact: contactSchema.nullable().optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  visibleParts: z.array(z.enum(['identity', 'contact', 'identity_documents'])),
  can: personCapabilitiesSchema,
});
export type PersonView = z.infer<typeof personSchema>;

/** Who a person is, without contact or documents (in a case, or found by a document number). */
export const personSummarySchema = z.object({
  id: uuid,
  displayName: z.string(),
  sex: z.string(),
  ageYears: z.number().nullable(),
  isMinor: z.boolean().nullable(),
  citizenship: z.string(),
});

const caseFields = {
  assignedUserId: uuid.nullable().optional(),
  exploitationTypes: z.array(z.enum(EXPLOITATION_TYPES)).max(EXPLOITATION_TYPES.length).optional(),
  recruitment: z
    .object({
      channels: z.array(z.enum(RECRUITMENT_CHANNELS)).max(RECRUITMENT_CHANNELS.length).optional(),
      date: pastDate.nullable().optional(),
    })
    .strict()
    .optional(),
  route: z
    .object({
      originProvince: z
        .string()
        .refine(isProvinceCode, 'one of the 34 provincial units (see GET /api/v1/reference)')
        .nullable()
        .optional(),
      transitCountries: z.array(countryCode).max(20).optional(),
      destinationCountry: countryCode.nullable().optional(),
    })
    .strict()
    .optional(),
  keyDates: z
    .object({
      exploitationStart: pastDate.nullable().optional(),
      exit: pastDate.nullable().optional(),
      return: pastDate.nullable().optional(),
    })
    .strict()
    .optional(),
  reachedVia: z.enum(CASE_SOURCES),
  narrative: z.string().max(50_000).nullable().optional(),
};

export const caseCreateSchema = z.object({ personId: uuid, ...caseFields }).strict();
export const casePatchSchema = z.object(caseFields).partial().strict();
export type CaseCreate = z.infer<typeof caseCreateSchema>;
export type CasePatch = z.infer<typeof casePatchSchema>;

export const transitionSchema = z.object({
  to: z.enum(CASE_STATUSES),
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(2000),
});

const historyEntry = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  actorId: uuid,
  actorName: z.string(),
  actorAgency: z.string(),
  at: z.string(),
});

/** What the caller may do with a case, decided by the server's policy (access/policy.ts); the web app shows actions from it. */
export const caseCapabilitiesSchema = z.object({
  edit: z.boolean(),
  transitions: z.array(z.enum(CASE_STATUSES)),
  refer: z.boolean(),
  transfer: z.boolean(),
  screen: z.boolean(),
  recordConsent: z.boolean(),
  withdrawConsent: z.boolean(),
  planSupport: z.boolean(),
  scheduleFollowUps: z.boolean(),
  recordRepatriation: z.boolean(),
  addNotes: z.boolean(),
  attachFiles: z.boolean().describe('attach files (scans, documents, photos) to the case and its consents'),
  readNotes: z.boolean(),
  readConsents: z.boolean(),
  readScreenings: z.boolean(),
  readSupportPlan: z.boolean(),
  readRepatriation: z.boolean(),
  readHistory: z.boolean(),
  readAccessLog: z.boolean(),
  assign: z.boolean().describe("assign the case to a named colleague (the owner agency's supervisors)"),
  assignToSelf: z.boolean().describe('take the case oneself'),
});

/** Who a case is assigned to, by name: shown to colleagues of the owner agency only. */
export const assigneeSchema = z.object({ id: uuid, displayName: z.string() });

export const caseSchema = z.object({
  id: uuid,
  reference: z.string(),
  personId: uuid,
  person: personSummarySchema.optional(),
  ownerAgencyId: uuid,
  assignedUserId: uuid.nullable(),
  assignee: assigneeSchema
    .nullable()
    .describe('the assigned colleague by name (null: nobody, or the caller is not of the owner agency)'),
  status: z.enum(CASE_STATUSES),
  allowedTransitions: z.array(z.enum(CASE_STATUSES)),
  exploitationTypes: z.array(z.string()).optional(),
  recruitment: z.object({ channels: z.array(z.string()), date: z.string().nullable() }).optional(),
  route: z
    .object({
      originProvince: z.string().nullable(),
      transitCountries: z.array(z.string()),
      destinationCountry: z.string().nullable(),
    })
    .optional(),
  keyDates: z
    .object({ exploitationStart: z.string().nullable(), exit: z.string().nullable(), return: z.string().nullable() })
    .optional(),
  reachedVia: z.string(),
  narrative: z.string().nullable().optional(),
  verificationDueAt: z.string().nullable(),
  verificationOverdue: z.boolean(),
  closureReason: z.string().nullable().optional().describe('with the lifecycle part only'),
  history: z.array(historyEntry).optional(),
  visibleParts: z.array(z.string()),
  can: caseCapabilitiesSchema,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseView = z.infer<typeof caseSchema>;

export const caseListItemSchema = z.object({
  id: uuid,
  reference: z.string(),
  personId: uuid,
  personName: z.string(),
  status: z.enum(CASE_STATUSES),
  exploitationTypes: z.array(z.string()),
  destinationCountry: z.string().nullable(),
  ownerAgencyId: uuid,
  assignedUserId: uuid.nullable(),
  assignee: assigneeSchema.nullable().describe('by name, to colleagues of the owner agency only'),
  sex: z.string(),
  ageYears: z.number().nullable(),
  province: z.string().nullable().describe("the person's home province (a 2025 unit)"),
  verificationDueAt: z.string().nullable(),
  verificationOverdue: z.boolean(),
  createdAt: z.string(),
});

/** PUT /cases/:id/assignment (If-Match): assign the case to a colleague of its agency, or to nobody. */
export const assignmentBodySchema = z.object({
  userId: uuid.nullable().describe('an active colleague of the owner agency who works cases; null: unassign'),
});

/** Who touched a case, from the audit trail (GET /cases/:id/access-log). */
export const caseAccessLogEntrySchema = z.object({
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorEmail: z.string().nullable(),
  agencyCode: z.string().nullable(),
  action: z.string(),
  recordType: z.string().nullable(),
  outcome: z.string(),
  clientIp: z.string().nullable(),
  forged: z.boolean().describe('true: the event was written into the database by something other than Lantern'),
});

/**
 * The case list's filters and order (GET /cases, and every export of "the case list with the filters applied"):
 * one schema validates them wherever they come from.
 */
export const caseListQueryFields = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('person name: ignores accents, case and word order; tolerates small spelling differences'),
  exploitationType: z.enum(EXPLOITATION_TYPES).optional(),
  destinationCountry: countryCode.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only cases whose verification deadline has passed'),
  assignedToMe: z.enum(['true', 'false']).optional(),
  province: z
    .string()
    .refine(isProvinceCode, 'a province code of 2025, e.g. ha-noi')
    .optional()
    .describe("the person's home province"),
  ageBand: z.enum(CASE_AGE_BANDS).optional().describe("the person's age today, in the statistics' bands"),
  sex: z.enum(SEXES).optional(),
  registeredFrom: isoDate.optional().describe('cases registered on or after this day (Lantern’s time zone)'),
  registeredTo: isoDate.optional().describe('cases registered on or before this day'),
  open: z.enum(['true', 'false']).optional().describe('true: leave out closed cases'),
  unassigned: z.enum(['true', 'false']).optional().describe('true: only cases nobody holds'),
  sort: z
    .enum(CASE_SORTS)
    .optional()
    .describe(
      'a column, `-` first for descending; default -registered (newest first, with q too: every match fits the words equally)',
    ),
  total: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'false: do not count the matching cases. A name search (q) is counted only when all it found fits in the page; otherwise total is null',
    ),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
/** The registration window's days in order (a refinement: schemas built from the fields apply it again). */
export const registeredWindowInOrder: [
  (q: { registeredFrom?: string; registeredTo?: string }) => boolean,
  { message: string; path: string[] },
] = [
  (q) => !(q.registeredFrom && q.registeredTo && q.registeredFrom > q.registeredTo),
  { message: 'the first day must not be after the last', path: ['registeredTo'] },
];
export const caseListQuerySchema = caseListQueryFields.refine(...registeredWindowInOrder);
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
