// Request and response schemas of the screening API.
import { z } from 'zod';
import {
  ANSWERS,
  DIMENSION_IDS,
  EXPLOITATIONS,
  EXTENSIONS,
  OUTCOMES,
  POPULATION_IDS,
  POPULATIONS,
  SET_IDS,
  STRENGTHS,
} from '../screening.js';
import { SEXES, isCitizenship, isCountryCode } from '../reference/index.js';
import { visibleText } from '../text.js';
import { jobSchema } from './jobs.js';

const answer = z.enum(ANSWERS);
export const answersSchema = z
  .record(z.string().max(100), answer)
  .refine((a) => Object.keys(a).length <= 500, 'too many answers');

export const classifyRequestSchema = z
  .object({
    instrument: z.enum(SET_IDS),
    answers: answersSchema,
  })
  .strict();

const dimensionResult = z.object({ id: z.string(), met: z.boolean(), present: z.array(z.string()) });
export const classificationSchema = z.object({
  outcome: z.enum(OUTCOMES as unknown as [string, ...string[]]),
  dimensions: z.array(dimensionResult),
  askNext: z.array(z.string()),
  elements: z.object({
    recruitment: z.object({ met: z.boolean(), required: z.boolean() }),
    exploitation: z.object({ met: z.boolean(), required: z.boolean() }),
    coercion: z.object({ met: z.boolean(), required: z.boolean() }),
  }),
});

export const screeningCreateSchema = z
  .object({
    instrument: z
      .union([z.enum(SET_IDS), z.literal('ilo-2009')])
      .default('ilo-2009')
      .describe('an indicator set id, or "ilo-2009" to pick the set from `population` or from the person and case'),
    population: z
      .enum(POPULATION_IDS)
      .optional()
      .describe("derived from the person's age and the case's exploitation types when not given"),
    answers: answersSchema,
    healthAnswers: answersSchema.optional().describe('health triage checklist answers (GET /screening/health-triage)'),
    location: z.string().trim().min(2).max(200),
    conductedAt: z.iso
      .datetime({ offset: true })
      .refine((d) => Date.parse(d) <= Date.now() + 5 * 60_000, 'cannot be in the future'),
    interpreterUsed: z.boolean().optional(),
    notes: z.string().trim().max(5000).optional(),
    final: z
      .boolean()
      .default(true)
      .describe('false: keep as a draft to finish later; finalised screenings never change'),
  })
  .strict();

export const screeningSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  eventId: z.uuid().nullable(),
  instrument: z.string(),
  setVersion: z.string(),
  status: z.enum(['draft', 'final']),
  outcome: z.string(),
  explanation: classificationSchema,
  answers: z.record(z.string(), z.string()),
  healthFlags: z.array(z.string()),
  healthAnswers: z.record(z.string(), z.string()).nullable(),
  location: z.string(),
  conductedAt: z.string(),
  interpreterUsed: z.boolean(),
  notes: z.string().nullable(),
  conductedBy: z.uuid(),
  supersededBy: z.uuid().nullable(),
  movedToVerification: z.boolean().optional(),
  version: z.number(),
  createdAt: z.string(),
});

export const eventCreateSchema = z
  .object({
    borderGate: z.string().trim().min(2).max(200),
    date: z.iso.date(),
    countryFrom: z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code in capitals'),
    expectedCount: z.int().min(1).max(100_000).optional(),
    agencies: z.array(z.string().trim().min(2).max(32)).max(30).default([]).describe('codes of the agencies present'),
  })
  .strict();

/** One returnee as registered at the gate: minimal data, as given. */
export const returneeSchema = z
  .object({
    name: visibleText(200).describe('the name as the person gives it'),
    sex: z.enum(SEXES),
    estimatedAgeYears: z.int().min(0).max(110).nullable().optional(),
    citizenship: z
      .string()
      .refine(isCitizenship, 'ISO alpha-2 code in capitals, "stateless" or "unknown"')
      .default('unknown'),
    phone: z.string().trim().max(40).optional(),
  })
  .strict();
export type Returnee = z.infer<typeof returneeSchema>;

/** Returnees one form request may register (one short transaction); more go through a roster upload (a job). */
export const FORM_MAX_RETURNEES = 50;
export const returneesSchema = z
  .object({
    returnees: z
      .array(z.unknown())
      .min(1)
      .max(FORM_MAX_RETURNEES, `at most ${FORM_MAX_RETURNEES} returnees at a time: upload a roster file for more`),
  })
  .strict();

/** GET /screening/sets: the shipped sets without their indicators. */
export const setSummarySchema = z.object({
  id: z.enum(SET_IDS),
  population: z.enum(POPULATIONS),
  exploitation: z.enum(EXPLOITATIONS),
  version: z.string(),
  source: z.string(),
  indicatorCount: z.number().describe('ILO indicators'),
  extensionCount: z.number().describe("Lantern's extension indicators (e.g. forced criminality)"),
  verification: z.string().nullable(),
});

/** GET /screening/sets/:id: one set with its labels in the asked language. */
export const localisedSetSchema = z.object({
  id: z.string(),
  population: z.enum(POPULATIONS),
  exploitation: z.enum(EXPLOITATIONS),
  version: z.string(),
  source: z.string(),
  dimensions: z.array(
    z.object({
      id: z.enum(DIMENSION_IDS),
      label: z.string(),
      indicators: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          strength: z.enum(STRENGTHS),
          extension: z.enum(EXTENSIONS).optional(),
        }),
      ),
    }),
  ),
});

/** GET /screening/health-triage: the returnee health checklist with its labels in the asked language. */
export const healthTriageSchema = z.object({
  id: z.string(),
  version: z.string(),
  source: z.string(),
  flags: z.array(z.object({ id: z.string(), urgent: z.boolean(), label: z.string() })).describe('urgent ones first'),
  items: z.array(z.object({ id: z.string(), flags: z.array(z.string()), label: z.string() })),
});

/** One border event in the list of the caller's agency's events. */
export const borderEventSummarySchema = z.object({
  id: z.uuid(),
  borderGate: z.string(),
  date: z.string(),
  countryFrom: z.string(),
  expectedCount: z.number().nullable(),
  registered: z.number(),
});

/** A border event's board: counts by outcome, who is still unscreened, health flags, referrals needed. */
export const borderEventBoardSchema = z.object({
  id: z.uuid(),
  borderGate: z.string(),
  date: z.string(),
  countryFrom: z.string(),
  expectedCount: z.number().nullable(),
  agencies: z.array(z.string()).describe('codes of the agencies present'),
  repatriationGroupId: z.uuid(),
  counts: z.object({
    registered: z.number(),
    screened: z.number(),
    unscreened: z.number(),
    presumed_victim: z.number(),
    possible_victim: z.number(),
    no_indicators_met: z.number(),
  }),
  healthFlags: z.record(z.string(), z.number()).describe('how many people each flag was raised for'),
  people: z.array(
    z.object({
      row: z.number(),
      caseId: z.uuid(),
      reference: z.string(),
      name: z.string(),
      sex: z.string(),
      ageYears: z.number().nullable(),
      isMinor: z.boolean().nullable(),
      caseStatus: z.string(),
      outcome: z.string().nullable(),
      healthFlags: z.array(z.string()),
      referralNeeded: z.boolean(),
    }),
  ),
  unscreened: z.array(z.uuid()).describe('case ids'),
  referralsNeeded: z.array(z.uuid()).describe('case ids'),
});

/** POST /screening/events/:id/returnees: each registered returnee with their new person and case. */
export const returneesRegisteredSchema = z.object({
  registered: z.array(z.object({ row: z.number(), caseId: z.uuid(), personId: z.uuid() })),
});

/** POST /screening/events/:id/roster (202): the job that registers the roster, and its row count. */
export const rosterAcceptedSchema = z.object({ job: jobSchema, rows: z.number() });
