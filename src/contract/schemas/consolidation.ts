// Imports of agencies' existing records (issue 10 §1): the API's shapes, shared with the web app.
//   POST /api/v1/imports?agency=CODE&fileName=NAME   body: the file itself (text/csv, XLSX or
//        application/octet-stream), streamed      -> 202 import (a dry run starts as a job)
//   GET  /api/v1/imports                           -> { items: import[] } newest first
//   GET  /api/v1/imports/:id                       -> import (with its mapping, preview and first rejects)
//   PUT  /api/v1/imports/:id/mapping   importMappingUpdate -> 202 import (the dry run runs again)
//   POST /api/v1/imports/:id/commit                -> 202 import (the import job starts)
//   GET  /api/v1/imports/:id/rejects.csv           -> text/csv: line,reasons + the row's cells
//   POST /api/v1/jobs/:id/cancel                   -> 202 job (any job its starter may cancel)
import { z } from 'zod';
import { jobSchema } from './jobs.js';

export const IMPORT_FORMATS = ['csv', 'xlsx', 'htcds', 'lantern'] as const;
export const IMPORT_STATES = [
  'previewing', // the dry run is under way
  'previewed', // the dry run is done: the mapping, preview and rejects can be read; nothing is stored yet
  'importing', // the valid rows are being stored
  'imported',
  'failed',
  'cancelled',
] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export const LEGACY_ENCODINGS = ['tcvn3', 'vni'] as const;

/** One row as Lantern will store it (the preview). */
export const importedPersonSchema = z.object({
  sourceId: z.string(),
  familyName: z.string().nullable(),
  middleName: z.string().nullable(),
  givenName: z.string().nullable(),
  sex: z.string(),
  dateOfBirth: z.string().nullable(),
  birthYear: z.number().nullable(),
  estimatedAgeYears: z.number().nullable(),
  province: z.string().nullable().describe('a 2025 unit code'),
  provinceFormer: z.string().nullable().describe('the former province as written in the file, when it was mapped'),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  citizenship: z.string(),
  case: z
    .object({
      exploitationTypes: z.array(z.string()),
      reachedVia: z.string().nullable(),
      registeredOn: z.string().nullable(),
      destinationCountry: z.string().nullable(),
    })
    .nullable(),
});

export const importMappingColumnSchema = z.object({
  header: z.string().describe('as written in the file'),
  column: z.string().nullable().describe('the canonical column it fills, or null when ignored'),
  how: z
    .enum(['recognised', 'saved', 'chosen', 'unmapped'])
    .describe('recognised by name, from the agency’s saved mapping, chosen for this file, or not mapped'),
});

export const importSchema = z.object({
  id: z.uuid(),
  agency: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  fileName: z.string(),
  format: z.enum(IMPORT_FORMATS),
  charset: z.string().nullable().describe('utf-8 or windows-1252 for text files'),
  state: z.enum(IMPORT_STATES),
  mapping: z.object({
    columns: z.array(importMappingColumnSchema),
    problems: z.array(z.string()).describe('what stops the import until the mapping is changed, e.g. no source_id'),
  }),
  convertedColumns: z
    .array(z.object({ column: z.string(), encoding: z.enum(LEGACY_ENCODINGS) }))
    .describe('columns whose text was typed in a legacy Vietnamese font and was converted to Unicode'),
  counts: z.object({
    read: z.number().describe('data rows read'),
    valid: z.number(),
    rejected: z.number(),
    imported: z.number().describe('new persons stored'),
    updated: z.number().describe('persons already imported from this agency under the same source_id, updated'),
  }),
  preview: z.array(z.object({ line: z.number(), person: importedPersonSchema })).describe('the first rows as stored'),
  rejects: z
    .array(z.object({ line: z.number(), reasons: z.array(z.string()) }))
    .describe('the first 100 rejected rows; all of them are in rejects.csv'),
  job: jobSchema.nullable().describe('the dry run or the import under way, or the last one'),
  createdAt: z.string(),
  createdBy: z.string().describe('display name of who uploaded it'),
  can: z.object({ commit: z.boolean(), changeMapping: z.boolean(), cancel: z.boolean() }),
});

export const importListSchema = z.object({ items: z.array(importSchema.omit({ preview: true, rejects: true })) });

export const importUploadQuerySchema = z.object({
  agency: z.string().min(1).max(40).describe('the code of the agency whose records these are'),
  fileName: z.string().min(1).max(200),
  format: z.enum(IMPORT_FORMATS).optional().describe('default: from the file name and its headers'),
});

export const importMappingUpdateSchema = z
  .object({
    columns: z.record(z.string(), z.string().nullable()).describe('header -> canonical column, or null to ignore'),
  })
  .strict();
