// The prosecution file's API (issue 13 §4): GET /api/v1/cases/:id/prosecution and the routes that record
// its steps, charges, verdicts, victim side and court dates.
import { z } from 'zod';
import {
  AUTHORITY_KINDS,
  AUTHORITY_LEVELS,
  CHARGE_OUTCOMES,
  HEARING_KINDS,
  PENAL_CODE_ARTICLES,
  PROCEEDING_KINDS,
  PROTECTION_MEASURES,
  SENTENCE_KINDS,
  VERDICT_INSTANCES,
  VERDICT_OUTCOMES,
  WITNESS_STATUSES,
} from '../prosecution.js';
import { SERVICE_TYPES } from '../codes.js';
import { isoDate } from './registry.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const vnd = z.int().min(0).max(1_000_000_000_000).describe('whole đồng');

const stepFields = {
  date: isoDate,
  authority: text(300).describe('who took the step, e.g. "Cơ quan CSĐT Công an tỉnh Lào Cai"'),
  authorityKind: z.enum(AUTHORITY_KINDS),
  authorityLevel: z.enum(AUTHORITY_LEVELS),
  decision: z.string().trim().max(10_000).nullable().optional().describe('the decision in words (kept encrypted)'),
  documentNumber: z.string().trim().max(100).nullable().optional(),
  reason: z.string().trim().max(2000).nullable().optional().describe('suspended or dismissed: why'),
};
export const stepCreateSchema = z.object({ kind: z.enum(PROCEEDING_KINDS), ...stepFields }).strict();
export const stepPatchSchema = z
  .object(stepFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');

export const chargeCreateSchema = z
  .object({
    suspectId: z.uuid('an id (UUID)').describe('the accused: a suspect linked to this case'),
    article: z.enum(PENAL_CODE_ARTICLES),
    otherArticle: z.string().trim().min(1).max(200).nullable().optional().describe("article 'other': which"),
    clause: z.string().trim().max(50).nullable().optional().describe('e.g. "khoản 2, điểm a"'),
    outcome: z.enum(CHARGE_OUTCOMES).optional(),
  })
  .strict()
  .refine((c) => (c.article === 'other') === Boolean(c.otherArticle), {
    message: "name the article when it is 'other', and only then",
    path: ['otherArticle'],
  });
export const chargePatchSchema = z.object({ outcome: z.enum(CHARGE_OUTCOMES) }).strict();

export const verdictInputSchema = z
  .object({
    suspectId: z.uuid('an id (UUID)'),
    instance: z.enum(VERDICT_INSTANCES),
    outcome: z.enum(VERDICT_OUTCOMES),
    date: isoDate,
    court: text(300),
    sentenceKind: z.enum(SENTENCE_KINDS),
    prisonYears: z.int().min(0).max(30).nullable().optional(),
    prisonMonths: z.int().min(0).max(11).nullable().optional(),
    fineVnd: vnd.nullable().optional(),
    otherPenalty: z.string().trim().max(2000).nullable().optional(),
  })
  .strict()
  .refine((v) => (v.outcome === 'acquitted') === (v.sentenceKind === 'none'), {
    message: "an acquittal has sentence 'none', a conviction a sentence",
    path: ['sentenceKind'],
  })
  .refine(
    (v) =>
      ['imprisonment', 'suspended_sentence'].includes(v.sentenceKind) ||
      (v.prisonYears == null && v.prisonMonths == null),
    { message: 'years and months of imprisonment go with imprisonment or a suspended sentence', path: ['prisonYears'] },
  );

export const victimSideInputSchema = z
  .object({
    witnessParticipation: z.boolean().nullable(),
    witnessStatus: z.enum(WITNESS_STATUSES),
    protectionRequested: z.array(z.enum(PROTECTION_MEASURES)).max(PROTECTION_MEASURES.length),
    protectionGranted: z.array(z.enum(PROTECTION_MEASURES)).max(PROTECTION_MEASURES.length),
    compensationClaimedVnd: vnd.nullable(),
    compensationAwardedVnd: vnd.nullable(),
    notes: z.string().trim().max(5000).nullable().optional(),
  })
  .strict()
  .refine((v) => v.protectionGranted.every((m) => v.protectionRequested.includes(m)), {
    message: 'a measure granted must be among those requested',
    path: ['protectionGranted'],
  });

export const courtDateCreateSchema = z
  .object({
    date: isoDate,
    hearing: z.enum(HEARING_KINDS),
    court: text(300),
  })
  .strict();

export const stepSchema = z.object({
  id: z.uuid(),
  kind: z.enum(PROCEEDING_KINDS),
  date: z.string(),
  authority: z.string(),
  authorityKind: z.string(),
  authorityLevel: z.string(),
  decision: z.string().nullable(),
  documentNumber: z.string().nullable(),
  reason: z.string().nullable(),
  recordedAt: z.string(),
});
export const chargeSchema = z.object({
  id: z.uuid(),
  suspectId: z.uuid(),
  article: z.enum(PENAL_CODE_ARTICLES),
  otherArticle: z.string().nullable(),
  clause: z.string().nullable(),
  outcome: z.enum(CHARGE_OUTCOMES),
  recordedAt: z.string(),
});
export const verdictSchema = z.object({
  id: z.uuid(),
  suspectId: z.uuid(),
  instance: z.enum(VERDICT_INSTANCES),
  outcome: z.enum(VERDICT_OUTCOMES),
  date: z.string(),
  court: z.string(),
  sentenceKind: z.enum(SENTENCE_KINDS),
  prisonYears: z.number().nullable(),
  prisonMonths: z.number().nullable(),
  fineVnd: z.number().nullable(),
  otherPenalty: z.string().nullable(),
});
export const accusedSchema = z.object({
  suspectId: z.uuid(),
  name: z.string().nullable().describe('as known; may be an alias'),
  roles: z.array(z.string()),
  verdicts: z.array(verdictSchema),
});
export const courtDateSchema = z.object({
  id: z.uuid(),
  date: z.string(),
  hearing: z.enum(HEARING_KINDS),
  court: z.string(),
  services: z.array(z.object({ id: z.uuid(), type: z.enum(SERVICE_TYPES), status: z.string() })),
});
export const victimSideSchema = z.object({
  witnessParticipation: z.boolean().nullable(),
  witnessStatus: z.enum(WITNESS_STATUSES),
  protectionRequested: z.array(z.enum(PROTECTION_MEASURES)),
  protectionGranted: z.array(z.enum(PROTECTION_MEASURES)),
  compensationClaimedVnd: z.number().nullable(),
  compensationAwardedVnd: z.number().nullable(),
  notes: z.string().nullable(),
});
export const prosecutionFileSchema = z.object({
  caseId: z.uuid(),
  caseReference: z.string(),
  version: z.number().describe('the ETag of the whole file; 0 when nothing is recorded yet'),
  steps: z.array(stepSchema),
  nextSteps: z.array(z.enum(PROCEEDING_KINDS)).describe('the steps the order of the proceedings allows next'),
  charges: z.array(chargeSchema),
  accused: z.array(accusedSchema),
  victim: victimSideSchema,
  courtDates: z.array(courtDateSchema),
  can: z.object({
    recordProceedings: z.boolean().describe('every step and the charges: investigators of the owner agency'),
    recordCourtSide: z.boolean().describe('indictment, trials, verdicts, victim side, court dates'),
  }),
});

export const figureCellSchema = z.object({
  value: z.number().nullable(),
  status: z.enum(['shown', 'suppressed']),
});
export const prosecutionFiguresSchema = z.object({
  minCell: z.number(),
  measures: z.array(z.enum(['cases_initiated', 'accused', 'indicted', 'convicted'])),
  byArticle: z.object({
    articles: z.array(z.string()),
    cells: z.array(z.array(figureCellSchema)).describe('rows: measures; columns: articles'),
    rowTotals: z.array(figureCellSchema),
  }),
  byProvince: z.object({
    provinces: z.array(z.string()),
    cells: z.array(z.array(figureCellSchema)).describe('rows: measures; columns: provinces'),
    rowTotals: z.array(figureCellSchema),
  }),
  medianDaysInitiationToVerdict: figureCellSchema.describe('over cases with both; suppressed below minCell cases'),
  notes: z.array(z.string()),
});
