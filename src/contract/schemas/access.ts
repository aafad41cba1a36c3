// Request and response schemas of sign-in, accounts, agencies and the audit trail.
import { z } from 'zod';
import { AGENCY_KINDS, LANGUAGES, ROLES, SESSION_STAGES } from '../codes.js';
import { isProvinceCode } from '../reference/index.js';
import { visibleText } from '../text.js';

export const loginBodySchema = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });

export const loginResponseSchema = z.object({
  token: z.string(),
  user: z.object({ id: z.uuid(), email: z.string(), roles: z.array(z.string()), agencyId: z.uuid() }),
  mfaRequired: z.boolean().describe('true: finish sign-in with POST /auth/totp/verify'),
  mfaEnrolmentRequired: z
    .boolean()
    .describe('true: this role needs TOTP; enrol with POST /auth/totp/enroll and confirm'),
  passwordChangeRequired: z
    .boolean()
    .describe(
      'true: the password was chosen by someone else; after the second factor (if any), choose a new one with POST /auth/password',
    ),
});

export const totpCodeBodySchema = z.object({ code: z.string().regex(/^\d{6}$/, 'a 6-digit code') });
export const afterSecondFactorSchema = z.object({
  stage: z.enum(['full', 'password_change']).describe("'password_change': choose a new password (POST /auth/password)"),
});

export const passwordChangeBodySchema = z.object({
  currentPassword: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe('required, except in a session opened with a reset code (POST /auth/reset-code)'),
  newPassword: z.string().min(1).max(1024),
});

/** POST /auth/reset-code: sign in with a one-time reset code, only to choose a new password. */
export const resetCodeBodySchema = z.object({
  email: z.string().min(3).max(320),
  code: z.string().min(1).max(64).describe('as issued, e.g. 7K2M-QX9D-4RTF-HB6W (case, spaces and dashes ignored)'),
});

/** POST /users/:id/reset-code: the code, shown once, for the administrator to hand to the user. */
export const resetCodeIssuedSchema = z.object({
  code: z.string(),
  expiresAt: z.string().describe('ISO instant; the code is single use and expires then'),
  validMinutes: z.number(),
});

/** POST /auth/password: the session is full; the caller's other sessions were ended. */
export const passwordChangedSchema = z.object({
  stage: z.literal('full'),
  endedSessions: z.number().describe('how many other sessions of yours were ended'),
});

/** POST /auth/totp/enroll: the secret to add to an authenticator app (then confirm with a code). */
export const totpEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCode: z.string().describe('the otpauth URL as a QR code: an SVG image as a data: URL, made on the server'),
});

/** What the caller may do across the app, decided by the server's policy (access/*policy.ts). */
export const appCapabilitiesSchema = z.object({
  seeCases: z.boolean().describe('case lists, the case file, work queues'),
  registerCases: z.boolean(),
  screen: z.boolean().describe('screen with the indicator sets'),
  runBorderEvents: z.boolean(),
  seeReferrals: z.boolean().describe("the agency's referral inbox and outbox"),
  administerUsers: z.boolean(),
  administerAllAgencies: z.boolean().describe("the users of every agency, not only the caller's"),
  manageAgencies: z.boolean(),
  readAuditTrail: z.boolean(),
  readAgencyAccessLogs: z.boolean().describe("who viewed the files of the caller's agency"),
  grantableRoles: z.array(z.enum(ROLES)).describe('roles the caller may give to other users'),
  importRecords: z.boolean().describe("import an agency's spreadsheets (issue 10): the imports screen"),
  importForAnyAgency: z.boolean().describe('choose the agency an import is for (the national data unit)'),
  reviewPairs: z.boolean().describe('the candidate pairs review queue and contact requests (data_steward)'),
  seeLinkage: z.boolean().describe('the linkage overview: records, distinct persons, pairs by state'),
  runLinkage: z.boolean().describe('start a full linkage run'),
  seeStatistics: z.boolean().describe('the statistics dashboards, tables and national report (controlled outputs)'),
  exportMicrodata: z.boolean().describe('the k-anonymous HTCDS record-level export'),
  refreshStatistics: z.boolean().describe('rebuild the figures now'),
  superviseTeam: z.boolean().describe("the team's workload and assigning cases to colleagues (supervisors)"),
  seeAgencyKpis: z.boolean().describe("the agency's response times (GET /work/kpis)"),
  workOnProsecution: z
    .boolean()
    .describe('suspects, identifiers, hits, the network and prosecution files (law-enforcement staff only)'),
  recordIntelligence: z.boolean().describe('records suspects, organisations, identifiers and links (investigators)'),
  seeSites: z.boolean().describe('the campaign sites and their posters (issue 14 §3)'),
  manageSites: z.boolean().describe('add and edit campaign sites'),
  triageReports: z.boolean().describe('the triage queue of public reports and hotline calls (issue 14 §2)'),
});

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  agencyId: z.uuid(),
  language: z.string(),
  stage: z
    .enum(SESSION_STAGES)
    .describe("'full', or the step still to do: 'mfa_pending', 'mfa_enrolment', 'password_change'"),
  totpEnabled: z.boolean(),
  viaResetCode: z.boolean().describe('signed in with a reset code: the new password is chosen without the current one'),
  version: z.number().describe('for If-Match on PATCH /users/:id (e.g. to remember the language)'),
  can: appCapabilitiesSchema,
});

export const agencySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  province: z.string().nullable(),
  disabled: z.boolean(),
  mine: z.boolean().describe("the caller's own agency"),
});

export const agencyCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, '2–32 letters, digits, - or _'),
    name: visibleText(200),
    kind: z.enum(AGENCY_KINDS),
    province: z.string().refine(isProvinceCode, 'one of the 34 provincial units').nullable().optional(),
  })
  .strict();

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  roles: z.array(z.string()),
  language: z.string(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean().describe('true until the user replaces a password someone else chose'),
  lastSignInAt: z.string().nullable().describe('when the user last signed in (ISO instant)'),
  version: z.number(),
  can: z
    .object({
      editRoles: z.boolean(),
      resetPassword: z.boolean().describe('issue a reset code (POST /users/:id/reset-code) or set a password'),
      disable: z.boolean(),
      resetTotp: z.boolean(),
    })
    .describe('what the caller may do to this account, decided by the server'),
});

export const userCreateSchema = z
  .object({
    email: z.email(),
    displayName: visibleText(200),
    agencyId: z.uuid(),
    roles: z.array(z.enum(ROLES)).min(1),
    language: z.enum(LANGUAGES).optional(),
    password: z.string().min(1).max(256),
  })
  .strict();

export const userPatchSchema = z
  .object({
    displayName: visibleText(200).optional(),
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    language: z.enum(LANGUAGES).optional(),
    disabled: z.boolean().optional(),
    resetTotp: z.boolean().optional(),
  })
  .strict();

export const auditQuerySchema = z.object({
  recordId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEventSchema = z.object({
  id: z.number(),
  seq: z.number().nullable(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe("the actor's display name, when the actor is a user of Lantern"),
  actorAgencyId: z.string().nullable(),
  action: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  recordIds: z
    .array(z.string())
    .nullable()
    .describe('the records a page of a list showed, when the event is the read of that page (one event a page)'),
  outcome: z.string(),
  clientIp: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  origin: z
    .string()
    .nullable()
    .describe("set when sealed: 'lantern', 'legacy' (before signed events), or 'forged' (not written by Lantern)"),
});
