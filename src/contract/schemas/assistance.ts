// Request and response schemas of the assistance capability (consent, referrals,
// support plan and services, repatriation, follow-up, notes).
import { z } from 'zod';
import { today } from '../calendar.js';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  FOLLOW_UP_OUTCOMES,
  NOTE_VISIBILITIES,
  REFERRAL_PURPOSES,
  RISK_FACTORS,
  RISK_LEVELS,
  SERVICE_STATUSES,
  SERVICE_TYPES,
} from '../codes.js';
import { isoDate } from './registry.js';
import { AGENCY_KINDS, isCountryCode } from '../reference/index.js';
import { REFERRAL_STATUS_CAUSES, REFERRAL_STATUSES } from '../referral-rules.js';

const agencyCode = z.string().trim().min(2).max(32).describe('an agency code, e.g. SHELTER-HN');
const countryCode = z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code in capitals');

export const consentCreateSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    agency: agencyCode.optional().describe('share_with_agency: the agency the person agrees to share with'),
    agencyKind: z.enum(AGENCY_KINDS).optional().describe('share_with_agency: or every agency of this kind'),
    method: z.enum(CONSENT_METHODS),
    givenBy: z.enum(CONSENT_GIVERS),
    witness: z.string().trim().min(1).max(200).optional().describe('required for verbal_witnessed'),
  })
  .strict()
  .refine((c) => c.purpose !== 'share_with_agency' || c.agency || c.agencyKind, {
    message: 'share_with_agency needs an agency (code) or an agencyKind',
    path: ['agency'],
  })
  .refine((c) => c.purpose === 'share_with_agency' || (!c.agency && !c.agencyKind), {
    message: 'only share_with_agency names an agency',
    path: ['agency'],
  })
  .refine((c) => c.method !== 'verbal_witnessed' || c.witness, {
    message: 'verbal consent needs the witness named',
    path: ['witness'],
  });

export const consentSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  purpose: z.string(),
  agency: z.string().nullable(),
  agencyKind: z.string().nullable(),
  method: z.string(),
  givenBy: z.string(),
  witness: z.string().nullable(),
  recordedBy: z.uuid(),
  recordedAt: z.string(),
  active: z.boolean(),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
});

/** POST /consents/:id/withdraw: the consent, and the referrals the withdrawal ended. */
export const consentWithdrawnSchema = consentSchema.extend({
  revokedReferrals: z.array(z.uuid()).describe('open referrals that needed this consent, now revoked'),
});

export const reasonSchema = z
  .object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(2000) })
  .strict();

export const referralCreateSchema = z
  .object({
    caseId: z.uuid(),
    toAgency: agencyCode,
    purposes: z.array(z.enum(REFERRAL_PURPOSES)).min(1).max(REFERRAL_PURPOSES.length),
    services: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    dueDate: isoDate.refine((d) => d >= today(), 'cannot be in the past'),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

export const transferCreateSchema = z
  .object({
    toAgency: agencyCode,
    reason: z.string().trim().min(3).max(2000),
    dueDate: isoDate.refine((d) => d >= today(), 'cannot be in the past').optional(),
  })
  .strict();

export const referralSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['referral', 'transfer']),
  caseId: z.uuid(),
  caseReference: z.string(),
  fromAgency: z.string(),
  toAgency: z.string(),
  purposes: z.array(z.string()),
  services: z.array(z.string()),
  note: z.string().nullable(),
  dueDate: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  statusReason: z.string().nullable().describe('what the agency that closed the referral typed'),
  statusCause: z
    .enum(REFERRAL_STATUS_CAUSES)
    .nullable()
    .describe('set when the system closed the referral: the consent it needed was withdrawn, or the case was closed'),
  overdue: z.boolean(),
  person: z.object({ sex: z.string(), ageYears: z.number().nullable(), isMinor: z.boolean().nullable() }),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
  version: z.number(),
  side: z.enum(['sender', 'receiver']).describe("the caller's agency sent or received it"),
  can: z.object({
    accept: z.boolean(),
    decline: z.boolean(),
    complete: z.boolean(),
    revoke: z.boolean(),
    attach: z
      .boolean()
      .describe("attach files to the referral: the sender's casework roles, the receiver once accepted"),
  }),
});

export const referralListQuerySchema = z.object({
  box: z.enum(['inbox', 'outbox']).default('inbox'),
  status: z.enum(REFERRAL_STATUSES).optional(),
  caseId: z.uuid().optional().describe('only the referrals of this case'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const serviceFields = {
  type: z.enum(SERVICE_TYPES),
  providerAgency: agencyCode.nullable().optional(),
  status: z.enum(SERVICE_STATUSES).optional(),
  plannedDate: isoDate.nullable().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
  amountVnd: z.int().min(0).max(10_000_000_000).nullable().optional().describe('whole đồng, where money is paid'),
  notes: z.string().trim().max(5000).nullable().optional(),
};
const datesInOrder = (s: { startDate?: string | null; endDate?: string | null }) =>
  !(s.startDate && s.endDate && s.endDate < s.startDate);
export const serviceCreateSchema = z
  .object(serviceFields)
  .strict()
  .refine(datesInOrder, { message: 'ends before it starts', path: ['endDate'] });
export const servicePatchSchema = z
  .object(serviceFields)
  .partial()
  .strict()
  .refine(datesInOrder, { message: 'ends before it starts', path: ['endDate'] });

export const serviceSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  type: z.string(),
  providerAgency: z.string().nullable(),
  status: z.string(),
  plannedDate: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  amountVnd: z.number().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  can: z.object({
    update: z.boolean().describe('status, dates and notes: the owner agency or the providing agency'),
    changeTerms: z.boolean().describe('type, provider and amount: the owner agency'),
  }),
});

export const supportPlanInputSchema = z
  .object({
    riskLevel: z.enum(RISK_LEVELS),
    riskFactors: z.array(z.enum(RISK_FACTORS)).max(RISK_FACTORS.length).default([]),
    riskNotes: z.string().trim().max(5000).nullable().optional(),
    goals: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();

export const supportPlanSchema = z.object({
  caseId: z.uuid(),
  riskLevel: z.string(),
  riskFactors: z.array(z.string()),
  riskNotes: z.string().nullable(),
  goals: z.string().nullable(),
  version: z.number().describe('0 when no plan has been recorded yet'),
  updatedAt: z.string().nullable(),
});

export const repatriationGroupInputSchema = z
  .object({
    returnDate: isoDate,
    countryFrom: countryCode,
    borderGate: z.string().trim().min(2).max(200),
    expectedCount: z.int().min(1).max(100_000).optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

/** A repatriation group (people returning together) with the cases of it the caller may see. */
export const repatriationGroupSchema = z.object({
  id: z.uuid(),
  returnDate: z.string(),
  countryFrom: z.string(),
  borderGate: z.string(),
  expectedCount: z.number().nullable(),
  notes: z.string().nullable(),
  cases: z.array(z.object({ id: z.uuid(), reference: z.string(), status: z.string() })),
});

export const repatriationInputSchema = z
  .object({
    groupId: z.uuid().nullable().optional(),
    countryFrom: countryCode,
    borderGate: z.string().trim().min(2).max(200),
    returnDate: isoDate,
    travelDocumentsChecked: z.boolean().default(false),
    escort: z.string().trim().max(500).nullable().optional(),
    receivingAgency: agencyCode.nullable().optional(),
  })
  .strict();

export const followUpCreateSchema = z
  .object({ scheduledFor: isoDate, notes: z.string().trim().max(5000).optional() })
  .strict();
export const followUpPatchSchema = z
  .object({
    scheduledFor: isoDate.optional(),
    doneAt: isoDate
      .refine((d) => d <= today(), 'cannot be in the future')
      .nullable()
      .optional(),
    outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable().optional(),
    notes: z.string().trim().max(5000).nullable().optional(),
  })
  .strict()
  .refine((f) => !(f.outcome && f.doneAt === null), { message: 'an outcome needs the visit done', path: ['outcome'] });

export const noteCreateSchema = z
  .object({
    body: z.string().trim().min(1).max(10_000),
    visibility: z.enum(NOTE_VISIBILITIES).default('own_agency'),
  })
  .strict();

export const repatriationSchema = z.object({
  caseId: z.uuid(),
  groupId: z.uuid().nullable(),
  countryFrom: z.string(),
  borderGate: z.string(),
  returnDate: z.string(),
  travelDocumentsChecked: z.boolean(),
  escort: z.string().nullable(),
  receivingAgency: z.string().nullable(),
  version: z.number(),
});

/** A reintegration follow-up visit. */
export const followUpSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  scheduledFor: z.string(),
  doneAt: z.string().nullable(),
  outcome: z.string().nullable(),
  notes: z.string().nullable(),
  overdue: z.boolean().describe('not done and scheduled before today'),
  version: z.number(),
});

/** One check before a case is closed. */
export const closureCheckSchema = z.object({
  item: z.string().describe('a stable name, e.g. no_open_services'),
  ok: z.boolean(),
  detail: z.string(),
});

export const noteSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  authorId: z.uuid(),
  authorName: z.string(),
  authorAgency: z.string().describe("the author's agency code"),
  visibility: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
