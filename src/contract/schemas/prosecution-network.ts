// Request and response schemas of suspects, organisations, their links and the network (issue 13 §1, §3).
import { z } from 'zod';
import {
  CASE_ORGANISATION_ROLES,
  INTELLIGENCE_SOURCES,
  ORGANISATION_KINDS,
  SUSPECT_CASE_ROLES,
  SUSPECT_ORGANISATION_ROLES,
  SUSPECT_RELATIONS,
} from '../prosecution.js';
import { isCountryCode, isProvinceCode } from '../reference/index.js';
import { visibleText } from '../text.js';
import { isoDate } from './registry.js';

const nationality = z
  .string()
  .refine((v) => v === 'XX' || isCountryCode(v), 'an ISO 3166-1 alpha-2 country code in capitals, or XX (unknown)');
const country = z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code in capitals');
const notes = z.string().trim().max(10_000);
const source = z.enum(INTELLIGENCE_SOURCES).describe('where this was learnt');

export const SUSPECT_SEXES = ['female', 'male', 'other', 'unknown'] as const;

const suspectFields = {
  fullName: visibleText(200).nullable().describe('the name as known; may be only an alias'),
  aliases: z.array(visibleText(200)).max(20),
  sex: z.enum(SUSPECT_SEXES),
  birthYear: z.number().int().min(1900).max(2100).nullable(),
  nationality: nationality.nullable(),
  notes: notes.nullable().describe('kept encrypted'),
};

export const suspectCreateSchema = z
  .object({
    ...suspectFields,
    fullName: suspectFields.fullName.optional(),
    aliases: suspectFields.aliases.default([]),
    birthYear: suspectFields.birthYear.optional(),
    nationality: suspectFields.nationality.optional(),
    notes: suspectFields.notes.optional(),
  })
  .strict()
  .refine((s) => s.fullName || s.aliases.length > 0, {
    message: 'a suspect needs a name or at least one alias',
    path: ['fullName'],
  });

export const suspectPatchSchema = z
  .object(suspectFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');

export const organisationCreateSchema = z
  .object({
    kind: z.enum(ORGANISATION_KINDS),
    name: visibleText(300),
    country: country.nullable().optional(),
    province: z.string().refine(isProvinceCode, 'a province code').nullable().optional(),
    notes: notes.nullable().optional(),
  })
  .strict();

export const organisationPatchSchema = z
  .object({
    kind: z.enum(ORGANISATION_KINDS),
    name: visibleText(300),
    country: country.nullable(),
    province: z.string().refine(isProvinceCode, 'a province code').nullable(),
    notes: notes.nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');

export const listQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional().describe('words of a name or alias, with or without accents'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

const caseRef = z.object({ caseId: z.uuid(), reference: z.string(), role: z.string(), linkId: z.uuid() });

export const suspectSummarySchema = z.object({
  id: z.uuid(),
  fullName: z.string().nullable(),
  aliases: z.array(z.string()),
  sex: z.string(),
  birthYear: z.number().nullable(),
  nationality: z.string().nullable(),
  ownAgency: z.boolean().describe('recorded by the caller’s agency'),
  createdAt: z.string(),
});

export const suspectSchema = suspectSummarySchema.extend({
  notes: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  cases: z.array(caseRef).describe('the cases it is linked to that the caller may read, by reference'),
  links: z.array(
    z.object({
      linkId: z.uuid(),
      suspectId: z.uuid(),
      label: z.string(),
      relation: z.string(),
      source: z.string(),
      recordedAt: z.string(),
    }),
  ),
  organisations: z.array(
    z.object({
      linkId: z.uuid(),
      organisationId: z.uuid(),
      name: z.string(),
      role: z.string(),
      source: z.string(),
      recordedAt: z.string(),
    }),
  ),
});

export const organisationSummarySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  province: z.string().nullable(),
  ownAgency: z.boolean(),
  createdAt: z.string(),
});

export const organisationSchema = organisationSummarySchema.extend({
  notes: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  cases: z.array(caseRef),
  suspects: z.array(
    z.object({ linkId: z.uuid(), suspectId: z.uuid(), label: z.string(), role: z.string(), recordedAt: z.string() }),
  ),
});

export const caseSuspectCreateSchema = z
  .object({ suspectId: z.uuid(), role: z.enum(SUSPECT_CASE_ROLES), source })
  .strict();
export const caseOrganisationCreateSchema = z
  .object({ organisationId: z.uuid(), role: z.enum(CASE_ORGANISATION_ROLES), source })
  .strict();
export const suspectLinkCreateSchema = z
  .object({ otherSuspectId: z.uuid(), relation: z.enum(SUSPECT_RELATIONS), source })
  .strict();
export const suspectOrganisationCreateSchema = z
  .object({ organisationId: z.uuid(), role: z.enum(SUSPECT_ORGANISATION_ROLES), source })
  .strict();

export const linkSchema = z.object({
  id: z.uuid(),
  type: z.enum(['case_suspect', 'case_organisation', 'suspect_link', 'suspect_organisation']),
  caseId: z.uuid().optional(),
  suspectId: z.uuid().optional(),
  otherSuspectId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  role: z.string().optional(),
  relation: z.string().optional(),
  source: z.string(),
  recordedAt: z.string(),
});

export const caseSuspectsSchema = z.object({
  items: z.array(
    z.object({
      linkId: z.uuid(),
      suspectId: z.uuid(),
      label: z.string(),
      role: z.string(),
      source: z.string(),
      recordedAt: z.string(),
    }),
  ),
});
export const caseOrganisationsSchema = z.object({
  items: z.array(
    z.object({
      linkId: z.uuid(),
      organisationId: z.uuid(),
      name: z.string(),
      role: z.string(),
      source: z.string(),
      recordedAt: z.string(),
    }),
  ),
});

/** A node of the network: `suspect:<uuid>`, `organisation:<uuid>`, `case:<uuid>` or `identifier:<match key>`. */
export const nodeIdSchema = z
  .string()
  .regex(
    /^(suspect|organisation|case):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^identifier:[A-Za-z0-9_-]{8,128}$/i,
    'a node id: suspect:<id>, organisation:<id>, case:<id> or identifier:<key>',
  );

const codeList = <T extends readonly [string, ...string[]]>(codes: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(codes)).min(1));

const NETWORK_ROLES = [
  ...new Set([...SUSPECT_CASE_ROLES, ...CASE_ORGANISATION_ROLES, ...SUSPECT_ORGANISATION_ROLES]),
] as unknown as readonly [string, ...string[]];

export const networkQuerySchema = z
  .object({
    around: nodeIdSchema,
    hops: z.coerce.number().int().min(1).max(3).default(1),
    roles: codeList(NETWORK_ROLES).optional().describe('keep only role-carrying links with these roles'),
    from: isoDate.optional().describe('links recorded on or after this day'),
    to: isoDate.optional().describe('links recorded on or before this day'),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'] });

export const NETWORK_EXPORT_FORMATS = ['graphml', 'csv-nodes', 'csv-edges'] as const;
export const networkExportQuerySchema = z
  .object({
    around: nodeIdSchema,
    hops: z.coerce.number().int().min(1).max(3).default(2),
    format: z.enum(NETWORK_EXPORT_FORMATS).default('graphml'),
    roles: codeList(NETWORK_ROLES).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();

export const pathQuerySchema = z
  .object({ from: z.uuid(), to: z.uuid(), maxHops: z.coerce.number().int().min(1).max(6).default(6) })
  .strict();

export const clustersQuerySchema = z.object({ around: nodeIdSchema.optional() }).strict();

export const networkNodeSchema = z.object({
  id: z.string(),
  type: z.enum(['suspect', 'organisation', 'case', 'identifier']),
  label: z.string(),
  kind: z.string().optional().describe('identifier: its kind; organisation: its kind'),
  ownAgency: z.boolean().optional(),
});
export const networkEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  type: z.enum(['case_suspect', 'case_organisation', 'suspect_link', 'suspect_organisation', 'identifier']),
  role: z.string().optional(),
  relation: z.string().optional(),
  recordedAt: z.string(),
});
export const networkSchema = z.object({
  nodes: z.array(networkNodeSchema),
  edges: z.array(networkEdgeSchema),
  truncated: z.boolean(),
});
export const pathSchema = z.object({ nodes: z.array(networkNodeSchema), edges: z.array(networkEdgeSchema) });
export const clustersSchema = z.object({
  clusters: z.array(
    z.object({
      id: z.string().describe('the cluster’s first node id'),
      size: z.number(),
      suspects: z.number(),
      nodes: z.array(z.string()).describe('at most 50 node ids of the cluster'),
    }),
  ),
  truncated: z.boolean(),
});
