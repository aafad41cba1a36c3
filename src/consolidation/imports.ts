// Imports of agencies' existing records (issue 10 §1): a file is uploaded (streamed into
// the database, encrypted, in chunks), a dry run reads every row and shows what would be
// stored and what is rejected, then the import stores the valid rows. Both passes are
// jobs cut into steps; each step reads a batch of rows from a saved position (a byte
// offset just after a complete record) and commits its work together with the next
// position, so a step cut short (a crash, a restart, a cancel) is done again from the
// same place, and no row is stored twice or lost. The server and `lantern import` run the
// same handlers.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { actorOfUser } from '../access/directory.js';
import { canCancelJob, canImportFor } from '../access/policy.js';
import { today } from '../contract/calendar.js';
import { personNameKey } from '../contract/names.js';
import type { CaseCreate } from '../contract/schemas/registry.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { jsonb } from '../platform/database.js';
import type { DB } from '../platform/db-schema.js';
import { enqueueJob, findJob, JobFailure, jobView, type Job, type JobHandler, type JobStep } from '../platform/jobs.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import { measureZip } from '../platform/zip-size.js';
import { newCaseRow } from '../registry/cases.js';
import { identityDocumentRow } from '../registry/persons.js';
import {
  CANONICAL_COLUMNS,
  mappingProblems,
  recogniseColumns,
  type CanonicalColumn,
  type ColumnMapping,
} from './columns.js';
import {
  CHUNK_BYTES,
  ChunkWriter,
  csvLine,
  detectDelimiter,
  readRecords,
  RecordCounter,
  splitCells,
} from './file-store.js';
import { detectLegacyEncoding, sniffCharset, SNIFF_BYTES, type LegacyEncoding } from './legacy-encoding.js';
import { parseRow, type ImportedPerson } from './values.js';
import { xlsxToCsv } from './xlsx.js';
import type { IMPORT_FORMATS, ImportState } from '../contract/schemas/consolidation.js';

export const PREVIEW_JOB = 'consolidation.preview';
export const IMPORT_JOB = 'consolidation.import';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const UPLOAD_TYPES = ['text/csv', 'text/plain', XLSX_TYPE, 'application/octet-stream'] as const;

/** Rows shown as they will be stored. */
const PREVIEW_ROWS = 20;
/** Rejected rows shown in the import's view (all of them are in rejects.csv). */
const VIEW_REJECTS = 100;
/** Rows sampled per column to detect a legacy encoding. */
const ENCODING_SAMPLE = 200;
/** The dry run stores nothing but rejects: it reads more rows per step than the import. */
const PREVIEW_STEP_FACTOR = 2;

type Format = (typeof IMPORT_FORMATS)[number];
type ImportRow = Awaited<ReturnType<typeof loadImport>> & {};

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round(bytes / MB)} MB`;

// ---------------------------------------------------------------------------
// Upload

export interface UploadInput {
  agency: string;
  fileName: string;
  format?: Format;
  contentType: string;
  contentLength?: number;
  body: AsyncIterable<Uint8Array>;
}

function tooLarge(detail: string, max: number, reason: string): Problem {
  return new Problem('payload-too-large', detail, { reason, max, errors: [{ field: 'body', message: reason }] });
}

function unreadable(why: string): Problem {
  return new Problem(
    'validation',
    `The file could not be read: ${why}. Send the agency's records as CSV (UTF-8 or Windows-1252) or XLSX, with a header row; nothing was stored.`,
    { errors: [{ field: 'body', message: 'unreadable file' }] },
  );
}

/** Who the import's jobs and audit events act for (the CLI passes its own service account). */
export interface Importer {
  actor: Actor;
  /** Audit events: the signed-in caller, or null with a client of 'cli'. */
  auditActor: Actor | null;
}

/**
 * An upload cut short (a crash, a lost connection) leaves its row in 'uploading', invisible to
 * everyone, with the chunks written so far: a day later, when no upload can still be under way,
 * they are removed (the chunks go with the row). Returns how many were removed.
 */
export async function purgeAbandonedUploads(db: Kysely<DB>, olderThanHours = 24): Promise<number> {
  const gone = await db
    .deleteFrom('data_import')
    .where('state', '=', 'uploading')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}

/**
 * Stores an uploaded file as it arrives (never the whole file in memory: chunks are
 * encrypted and written one by one), then starts its dry run. Nothing is kept of a
 * refused upload.
 */
export async function uploadImport(ctx: AppContext, who: Importer, input: UploadInput) {
  const { actor } = who;
  const agency = await ctx.db
    .selectFrom('agency')
    .select(['id', 'code', 'name'])
    .where('code', '=', input.agency.trim().toUpperCase())
    .executeTakeFirst();
  if (!agency)
    throw new Problem('validation', `There is no agency with the code ${input.agency.slice(0, 40)}.`, {
      errors: [{ field: 'query.agency', message: 'unknown agency' }],
    });
  if (!canImportFor(actor, agency.id))
    throw forbidden(
      'Only the agency’s administrator (agency_admin) or a data steward may import records for this agency.',
    );
  const type = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(UPLOAD_TYPES as readonly string[]).includes(type))
    throw new Problem(
      'unsupported-media-type',
      `Send the file itself as the request body, as text/csv, ${XLSX_TYPE} or application/octet-stream.`,
    );
  const byName = /\.xlsx$/i.test(input.fileName) ? 'xlsx' : 'csv';
  let format: Format = input.format ?? (type === XLSX_TYPE ? 'xlsx' : byName);
  const xlsx = format === 'xlsx';
  const max = xlsx ? ctx.config.importMaxXlsxBytes : ctx.config.importMaxBytes;
  const over = () =>
    tooLarge(
      xlsx
        ? `The XLSX file is larger than ${megabytes(max)}; nothing was stored. An XLSX is read whole, so it is limited: save the sheet as CSV (no limit but ${megabytes(ctx.config.importMaxBytes)}, read as it streams), or split it into files of fewer rows.`
        : `The file is larger than ${megabytes(max)}; nothing was stored. Split it into files of at most ${megabytes(max)} (each keeping the header row) and import each one.`,
      max,
      'file-too-large',
    );
  if (input.contentLength !== undefined && input.contentLength > max) throw over();

  const id = crypto.randomUUID();
  await ctx.db
    .insertInto('data_import')
    .values({
      id,
      agency_id: agency.id,
      created_by: actor.userId,
      file_name: input.fileName,
      format,
      chunk_bytes: CHUNK_BYTES,
      state: 'uploading',
    })
    .execute();
  try {
    const writer = new ChunkWriter(ctx.db, ctx.keys, id, 0);
    const counter = new RecordCounter();
    const head: Buffer[] = [];
    let headBytes = 0;
    const whole: Buffer[] = []; // an XLSX only (bounded by importMaxXlsxBytes): measured before it is read
    for await (const piece of input.body) {
      const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      if (writer.bytes + buf.length > max) throw over();
      if (headBytes < SNIFF_BYTES) {
        head.push(buf.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(buf.length, SNIFF_BYTES - headBytes);
      }
      if (xlsx) whole.push(buf);
      else counter.push(buf);
      await writer.write(buf);
    }
    await writer.end();
    const first = Buffer.concat(head);
    if (writer.bytes === 0) throw unreadable('it is empty');
    const isZip = first.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    let charset: string | null = null;
    let totalRows: number | null = null;
    if (xlsx || isZip) {
      if (!xlsx)
        throw unreadable('it is an XLSX (or another zip) file: send it with ?format=xlsx or a .xlsx file name');
      const refusal = await measureZip(Buffer.concat(whole), {
        maxUnzippedBytes: ctx.config.importMaxUnzippedBytes,
        maxZipRatio: ctx.config.rosterMaxZipRatio,
      });
      if (refusal === 'unzipped-too-large' || refusal === 'zip-ratio')
        throw tooLarge(
          refusal === 'zip-ratio'
            ? 'A part of the XLSX file expands like a damaged or malicious file; nothing was stored. Copy the rows into a new workbook, or save the sheet as CSV.'
            : `The XLSX file would expand to more than ${megabytes(ctx.config.importMaxUnzippedBytes)}; nothing was stored. Save the sheet as CSV, or split it.`,
          refusal === 'zip-ratio' ? ctx.config.rosterMaxZipRatio : ctx.config.importMaxUnzippedBytes,
          refusal,
        );
      if (refusal)
        throw unreadable(
          {
            'not-zip': 'it is not an XLSX file',
            'too-many-parts': 'it has too many parts for a workbook',
            encrypted: 'it is protected by a password',
            damaged: 'the XLSX (zip) file is damaged',
          }[refusal],
        );
    } else {
      if (first.includes(0)) throw unreadable('it is not a text file (it holds binary data)');
      charset = sniffCharset(first);
      totalRows = Math.max(0, counter.end() - 1);
      if (totalRows === 0) throw unreadable('it has no rows under its header');
    }
    if (format === 'xlsx' && !xlsx) format = 'csv';
    const job = await ctx.db.transaction().execute(async (trx) => {
      const job = await enqueueJob(trx, ctx.keys, {
        kind: PREVIEW_JOB,
        createdBy: actor.userId,
        agencyId: agency.id,
        clientIp: actor.clientIp,
        params: { importId: id },
        total: totalRows ?? 0,
      });
      await trx
        .updateTable('data_import')
        .set({
          state: 'previewing',
          charset,
          byte_size: writer.bytes,
          total_rows: totalRows,
          job_id: job.id,
          updated_at: sql<Date>`now()` as never,
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(
        trx,
        { actor: who.auditActor, clientIp: who.auditActor ? actor.clientIp : 'cli' },
        {
          action: 'import.start',
          outcome: 'success',
          recordType: 'import',
          recordId: id,
          details: { agencyId: agency.id, jobId: job.id, ...(totalRows !== null ? { read: totalRows } : {}) },
        },
      );
      return job;
    });
    return { id, job };
  } catch (error) {
    await ctx.db.deleteFrom('data_import').where('id', '=', id).execute();
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Reading an import

async function loadImport(db: Kysely<DB>, id: string, lock = false) {
  let query = db
    .selectFrom('data_import as i')
    .innerJoin('agency as a', 'a.id', 'i.agency_id')
    .innerJoin('app_user as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select(['a.code as agency_code', 'a.name as agency_name', 'u.display_name as created_by_name'])
    .where('i.id', '=', id);
  if (lock) query = query.forUpdate('i');
  return query.executeTakeFirst();
}

/** An import the actor may see (404 otherwise: other agencies do not learn it exists). */
async function visibleImport(db: Kysely<DB>, actor: Actor, id: string, lock = false): Promise<ImportRow> {
  const row = await loadImport(db, id, lock);
  if (!row || row.state === 'uploading' || !canImportFor(actor, row.agency_id)) throw notFound('import');
  return row;
}

const exposedState = (state: string): ImportState => (state === 'uploading' ? 'previewing' : (state as ImportState));

async function importSummary(db: Kysely<DB>, actor: Actor | null, row: ImportRow) {
  const job = row.job_id ? await findJob(db, row.job_id) : undefined;
  const headers = row.headers ?? [];
  const mapping = row.mapping ?? {};
  const how = row.mapping_how ?? {};
  const problems = row.problems ?? [];
  const state = exposedState(row.state);
  const may = actor === null || canImportFor(actor, row.agency_id);
  const running = job !== undefined && (job.state === 'queued' || job.state === 'running');
  const view = {
    id: row.id,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    fileName: row.file_name,
    format: row.format as Format,
    charset: row.charset,
    state,
    mapping: {
      columns: headers.map((header) => ({
        header,
        column: mapping[header] ?? null,
        how: (how[header] ?? 'unmapped') as 'recognised' | 'saved' | 'chosen' | 'unmapped',
      })),
      problems,
    },
    convertedColumns: Object.entries(row.encodings ?? {}).map(([column, encoding]) => ({
      column,
      encoding: encoding as LegacyEncoding,
    })),
    counts: {
      read: row.read_count,
      valid: row.valid_count,
      rejected: row.rejected_count,
      imported: row.imported_count,
      updated: row.updated_count,
    },
    job: job ? jobView(job, actor === null || canCancelJob(actor, job)) : null,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by_name,
    can: {
      commit: may && state === 'previewed' && problems.length === 0 && row.valid_count > 0,
      changeMapping: may && (state === 'previewed' || state === 'previewing' || state === 'failed'),
      cancel: running && (actor === null || canCancelJob(actor, job!)),
    },
  };
  return view;
}

async function importView(ctx: AppContext, db: Kysely<DB>, actor: Actor | null, row: ImportRow) {
  const view = await importSummary(db, actor, row);
  const preview = row.preview
    ? (JSON.parse(ctx.keys.decrypt(row.preview)) as { line: number; person: ImportedPerson }[])
    : [];
  const rejects = await db
    .selectFrom('data_import_reject')
    .select(['line', 'reasons'])
    .where('import_id', '=', row.id)
    .orderBy('line')
    .limit(VIEW_REJECTS)
    .execute();
  return {
    ...view,
    preview,
    rejects: rejects.map((r) => ({ line: r.line, reasons: JSON.parse(ctx.keys.decrypt(r.reasons)) as string[] })),
  };
}

/** One import with its preview and first rejects (personal data: the read is audited). */
export async function getImport(ctx: AppContext, actor: Actor, id: string) {
  const row = await visibleImport(ctx.db, actor, id);
  const view = await importView(ctx, ctx.db, actor, row);
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    { action: 'import.read', outcome: 'success', recordType: 'import', recordId: id, details: { parts: ['preview'] } },
  );
  return view;
}

/** An import without its rows (no personal data: not audited), as the 202 of an action answers. */
export async function getImportSummary(ctx: AppContext, actor: Actor, id: string) {
  return importSummary(ctx.db, actor, await visibleImport(ctx.db, actor, id));
}

/** The same, for the CLI (no caller; not audited as a read: the CLI prints counts only). */
export async function importStatus(ctx: AppContext, id: string) {
  const row = await loadImport(ctx.db, id);
  if (!row) throw notFound('import');
  return importView(ctx, ctx.db, null, row);
}

/** Imports the actor may see, newest first (file names and counts only). */
export async function listImports(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('data_import as i')
    .innerJoin('agency as a', 'a.id', 'i.agency_id')
    .innerJoin('app_user as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select(['a.code as agency_code', 'a.name as agency_name', 'u.display_name as created_by_name'])
    .where('i.state', '<>', 'uploading')
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute();
  const items = [];
  for (const row of rows.filter((r) => canImportFor(actor, r.agency_id)))
    items.push(await importSummary(ctx.db, actor, row));
  return { items };
}

/** rejects.csv: the line, the reasons and the row's cells of every rejected row, in order. */
export async function* rejectsCsv(ctx: AppContext, actor: Actor | null, id: string): AsyncGenerator<string> {
  const row = actor ? await visibleImport(ctx.db, actor, id) : await loadImport(ctx.db, id);
  if (!row) throw notFound('import');
  if (actor)
    await recordAudit(
      ctx.db,
      { actor, clientIp: actor.clientIp },
      {
        action: 'import.rejects_read',
        outcome: 'success',
        recordType: 'import',
        recordId: id,
        details: { count: row.rejected_count },
      },
    );
  yield '\uFEFF' + csvLine(['line', 'reasons', ...(row.headers ?? [])], true);
  let after = 0;
  for (;;) {
    const batch = await ctx.db
      .selectFrom('data_import_reject')
      .select(['line', 'reasons', 'cells'])
      .where('import_id', '=', id)
      .where('line', '>', after)
      .orderBy('line')
      .limit(500)
      .execute();
    if (batch.length === 0) return;
    let text = '';
    for (const r of batch) {
      const reasons = JSON.parse(ctx.keys.decrypt(r.reasons)) as string[];
      const cells = JSON.parse(ctx.keys.decrypt(r.cells)) as string[];
      text += csvLine([r.line, reasons.join('; '), ...cells], true);
      after = r.line;
    }
    yield text;
  }
}

// ---------------------------------------------------------------------------
// Changing the mapping, committing

/** A new mapping for this file: the dry run runs again with it. */
export async function changeMapping(
  ctx: AppContext,
  who: Importer,
  id: string,
  columns: Record<string, string | null>,
) {
  const { actor } = who;
  const jobId = await ctx.db.transaction().execute(async (trx) => {
    const row = await visibleImport(trx, actor, id, true);
    if (!['previewing', 'previewed', 'failed'].includes(row.state))
      throw new Problem('conflict', `This import is ${row.state}: its mapping can no longer change.`, {
        reason: 'import-state',
      });
    const headers = new Set(row.headers ?? []);
    const errors = Object.entries(columns).flatMap(([header, column]) => [
      ...(row.headers && !headers.has(header)
        ? [{ field: `body.columns.${header}`.slice(0, 200), message: 'not a header of this file' }]
        : []),
      ...(column !== null && !(CANONICAL_COLUMNS as readonly string[]).includes(column)
        ? [{ field: `body.columns.${header}`.slice(0, 200), message: `not a column Lantern imports` }]
        : []),
    ]);
    if (errors.length)
      throw new Problem(
        'validation',
        `Map headers of this file to the columns Lantern imports (${CANONICAL_COLUMNS.join(', ')}), or to null to ignore them.`,
        { errors },
      );
    return restartPreview(ctx, trx, row, { ...(row.chosen ?? {}), ...columns }, actor);
  });
  return { id, jobId };
}

async function restartPreview(
  ctx: AppContext,
  trx: Kysely<DB>,
  row: ImportRow,
  chosen: Record<string, string | null>,
  actor: Actor,
): Promise<string> {
  if (row.job_id)
    await trx
      .updateTable('job')
      .set({ state: 'cancelled', cancelled_by: actor.userId, finished_at: sql<Date>`now()` as never })
      .where('id', '=', row.job_id)
      .where('state', 'in', ['queued', 'running'])
      .execute();
  await trx.deleteFrom('data_import_reject').where('import_id', '=', row.id).execute();
  const job = await enqueueJob(trx, ctx.keys, {
    kind: PREVIEW_JOB,
    createdBy: actor.userId,
    agencyId: row.agency_id,
    clientIp: actor.clientIp,
    params: { importId: row.id },
    total: row.total_rows ?? 0,
  });
  await trx
    .updateTable('data_import')
    .set({
      state: 'previewing',
      chosen: jsonb(chosen),
      headers: null,
      mapping: null,
      mapping_how: null,
      problems: jsonb([]),
      encodings: jsonb({}),
      preview: null,
      read_count: 0,
      valid_count: 0,
      rejected_count: 0,
      position_offset: 0,
      position_line: 0,
      job_id: job.id,
      updated_at: sql<Date>`now()` as never,
    })
    .where('id', '=', row.id)
    .execute();
  return job.id;
}

/** Starts storing the valid rows: the dry run must be done and the mapping complete. */
export async function commitImport(ctx: AppContext, who: Importer, id: string) {
  const { actor } = who;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleImport(trx, actor, id, true);
    if (row.state !== 'previewed')
      throw new Problem(
        'conflict',
        row.state === 'previewing'
          ? 'The dry run is still under way: commit once it is previewed.'
          : `This import is ${row.state}: it cannot be committed again. Upload the file again to import it again.`,
      );
    const problems = row.problems ?? [];
    if (problems.length)
      throw new Problem(
        'conflict',
        `The mapping must be completed before the import: ${problems.join('; ')}. Change it with PUT /api/v1/imports/${id}/mapping.`,
        { problems },
      );
    if (row.valid_count === 0)
      throw new Problem('conflict', 'No row of this file is valid: there is nothing to import. See rejects.csv.', {
        reason: 'import-empty',
      });
    const job = await enqueueJob(trx, ctx.keys, {
      kind: IMPORT_JOB,
      createdBy: actor.userId,
      agencyId: row.agency_id,
      clientIp: actor.clientIp,
      params: { importId: id },
      total: row.read_count,
    });
    await trx
      .updateTable('data_import')
      .set({
        state: 'importing',
        position_offset: Number(row.data_offset),
        position_line: row.data_line,
        pass_read: 0,
        job_id: job.id,
        updated_at: sql<Date>`now()` as never,
      })
      .where('id', '=', id)
      .execute();
    // The mapping this agency's next file starts from.
    await trx
      .insertInto('agency_import_mapping')
      .values({ agency_id: row.agency_id, columns: jsonb(row.mapping ?? {}), updated_by: actor.userId })
      .onConflict((oc) =>
        oc.column('agency_id').doUpdateSet({
          columns: jsonb(row.mapping ?? {}),
          updated_by: actor.userId,
          updated_at: sql<Date>`now()` as never,
        }),
      )
      .execute();
    await recordAudit(
      trx,
      { actor: who.auditActor, clientIp: who.auditActor ? actor.clientIp : 'cli' },
      {
        action: 'import.commit',
        outcome: 'success',
        recordType: 'import',
        recordId: id,
        details: {
          agencyId: row.agency_id,
          jobId: job.id,
          read: row.read_count,
          valid: row.valid_count,
          rejected: row.rejected_count,
        },
      },
    );
    return { id, job };
  });
}

// ---------------------------------------------------------------------------
// The jobs

const importIdOf = (job: Job) => String(job.params.importId);

/** Rows per import step: see Config.importStepRows. */
const stepRows = (ctx: AppContext) => ctx.config.importStepRows ?? (ctx.database.kind === 'pglite' ? 1000 : 5000);

/** The cells of one record, by canonical column, with the raw cells in file order. */
function cellsOf(text: string, delimiter: string, headers: readonly string[], mapping: ColumnMapping) {
  const raw = splitCells(text, delimiter);
  const cells: Partial<Record<CanonicalColumn, string>> = {};
  headers.forEach((h, i) => {
    const column = mapping[h];
    if (column && raw[i] !== undefined && raw[i] !== '') cells[column] = raw[i];
  });
  return { raw, cells };
}

/** Headers as usable keys: trimmed, blanks named by position, repeats numbered. */
function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function decoderFor(charset: string | null) {
  const decoder = new TextDecoder(charset === 'windows-1252' ? 'windows-1252' : 'utf-8');
  return (bytes: Uint8Array) => decoder.decode(bytes).normalize('NFC');
}

function fileOf(row: ImportRow) {
  return { importId: row.id, part: row.csv_part, chunkBytes: row.chunk_bytes };
}

/** The first step of a dry run: the header, the mapping, and the legacy encodings of a sample. */
async function readHeader(ctx: AppContext, trx: Kysely<DB>, row: ImportRow): Promise<ImportRow> {
  if (row.format === 'xlsx' && row.csv_part === 0) {
    const rows = await xlsxToCsv(ctx, trx, row.id, row.chunk_bytes);
    if (rows === 0)
      throw new JobFailure('empty-file', 'The first sheet of the XLSX file has no rows under its header.');
    await trx
      .updateTable('data_import')
      .set({ csv_part: 1, charset: 'utf-8', total_rows: rows })
      .where('id', '=', row.id)
      .execute();
    row = { ...row, csv_part: 1, charset: 'utf-8', total_rows: rows };
  }
  const decode = decoderFor(row.charset);
  const records = readRecords(trx, ctx.keys, fileOf(row), 0, 0);
  const first = await records.next();
  if (first.done) throw new JobFailure('empty-file', 'The file has no header row.');
  const headerText = decode(first.value.bytes);
  const delimiter = detectDelimiter(headerText);
  const headers = uniqueHeaders(splitCells(headerText, delimiter));
  const saved = await trx
    .selectFrom('agency_import_mapping')
    .select('columns')
    .where('agency_id', '=', row.agency_id)
    .executeTakeFirst();
  const savedColumns = (saved?.columns ?? {}) as ColumnMapping;
  const chosen = (row.chosen ?? {}) as ColumnMapping;
  const { mapping } = recogniseColumns(headers, { ...savedColumns, ...chosen });
  const how: Record<string, string> = {};
  for (const h of headers)
    how[h] = h in chosen ? 'chosen' : h in savedColumns ? 'saved' : mapping[h] ? 'recognised' : 'unmapped';
  const problems = mappingProblems(mapping);
  // Legacy encodings, per column, from a sample of the first rows.
  const samples = new Map<CanonicalColumn, string[]>();
  let n = 0;
  for await (const record of records) {
    const { cells } = cellsOf(decode(record.bytes), delimiter, headers, mapping);
    for (const [column, value] of Object.entries(cells) as [CanonicalColumn, string][]) {
      if (!samples.has(column)) samples.set(column, []);
      samples.get(column)!.push(value);
    }
    if (++n >= ENCODING_SAMPLE) break;
  }
  const encodings: Record<string, LegacyEncoding> = {};
  for (const [column, values] of samples) {
    const found = detectLegacyEncoding(values);
    if (found) encodings[column] = found;
  }
  await trx
    .updateTable('data_import')
    .set({
      headers: jsonb(headers),
      delimiter,
      mapping: jsonb(mapping),
      mapping_how: jsonb(how),
      problems: jsonb(problems),
      encodings: jsonb(encodings),
      data_offset: first.value.endOffset,
      data_line: first.value.endLine,
      position_offset: first.value.endOffset,
      position_line: first.value.endLine,
    })
    .where('id', '=', row.id)
    .execute();
  return (await loadImport(trx, row.id))!;
}

/** Reads up to `limit` rows from the import's position, parsing each as it will be stored. */
async function readBatch(ctx: AppContext, trx: Kysely<DB>, row: ImportRow, limit: number) {
  const decode = decoderFor(row.charset);
  const headers = row.headers ?? [];
  const mapping = (row.mapping ?? {}) as ColumnMapping;
  const options = { today: today(), encodings: row.encodings as Partial<Record<CanonicalColumn, LegacyEncoding>> };
  const rows: { line: number; raw: string[]; outcome: ReturnType<typeof parseRow> }[] = [];
  let end = { offset: Number(row.position_offset), line: row.position_line };
  let eof = true;
  for await (const record of readRecords(trx, ctx.keys, fileOf(row), end.offset, end.line)) {
    if (rows.length >= limit) {
      eof = false;
      break;
    }
    const { raw, cells } = cellsOf(decode(record.bytes), row.delimiter ?? ',', headers, mapping);
    rows.push({ line: record.line, raw, outcome: parseRow(cells, options) });
    end = { offset: record.endOffset, line: record.endLine };
  }
  return { rows, end, eof };
}

/** The user who started the import, acting for the agency imported into (as the audit trail records it). */
async function importerOfJob(trx: Kysely<DB>, job: Job): Promise<Actor> {
  const starter = await actorOfUser(trx, job.createdBy, job.clientIp);
  return {
    userId: job.createdBy,
    agencyId: job.agencyId,
    agencyKind: starter?.actor.agencyKind ?? 'ministry',
    roles: starter?.actor.roles ?? [],
    language: 'vi',
    clientIp: job.clientIp,
  };
}

async function auditFor(trx: Kysely<DB>, job: Job, by: Actor | null | undefined) {
  // The CLI's service account acts as the system: its events carry no user, as the CLI's other commands.
  const cli = job.clientIp === 'cli';
  const actor: Actor | null = by !== undefined ? by : cli ? null : await importerOfJob(trx, job);
  return { actor, clientIp: actor ? job.clientIp : 'cli' };
}

function endedHandlers() {
  return {
    async cancelled(trx: Kysely<DB>, job: Job, by: Actor | null) {
      const id = importIdOf(job);
      const row = await trx
        .updateTable('data_import')
        .set({ state: 'cancelled', updated_at: sql<Date>`now()` as never })
        .where('id', '=', id)
        .where('job_id', '=', job.id)
        .returning(['imported_count', 'updated_count', 'read_count', 'agency_id'])
        .executeTakeFirst();
      if (!row) return; // a dry run replaced by a new mapping
      await trx.deleteFrom('data_import_chunk').where('import_id', '=', id).execute();
      await recordAudit(trx, await auditFor(trx, job, by), {
        action: 'import.cancel',
        outcome: 'success',
        recordType: 'import',
        recordId: id,
        details: { agencyId: row.agency_id, jobId: job.id, imported: row.imported_count, updated: row.updated_count },
      });
    },
    async failed(trx: Kysely<DB>, job: Job) {
      const failed = await trx
        .updateTable('data_import')
        .set({ state: 'failed', updated_at: sql<Date>`now()` as never })
        .where('id', '=', importIdOf(job))
        .where('job_id', '=', job.id)
        .returning('state')
        .executeTakeFirst();
      // An import that failed cannot resume: its file is not kept (a dry run's is, for a new mapping).
      if (failed && job.kind === IMPORT_JOB)
        await trx.deleteFrom('data_import_chunk').where('import_id', '=', importIdOf(job)).execute();
    },
  };
}

/** The dry run: the mapping, then every row parsed and counted; rejects kept; nothing stored in the registry. */
export function previewJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: PREVIEW_JOB,
    ...endedHandlers(),
    async step(trx, job): Promise<JobStep> {
      let row = await loadImport(trx, importIdOf(job), true);
      if (!row || row.job_id !== job.id || row.state !== 'previewing')
        return { done: job.done, finished: true, result: { importId: importIdOf(job), superseded: true } };
      if (row.headers === null) {
        row = await readHeader(ctx, trx, row);
        const problems = row.problems ?? [];
        if (problems.length) return finishPreview(trx, row);
        return { done: 0, total: row.total_rows ?? 0, finished: false };
      }
      const { rows, end, eof } = await readBatch(ctx, trx, row, stepRows(ctx) * PREVIEW_STEP_FACTOR);
      const preview = row.preview
        ? (JSON.parse(ctx.keys.decrypt(row.preview)) as { line: number; person: ImportedPerson }[])
        : [];
      const previewBefore = preview.length;
      const rejects: { import_id: string; line: number; reasons: string; cells: string }[] = [];
      let valid = 0;
      for (const r of rows) {
        if (r.outcome.ok) {
          valid++;
          if (preview.length < PREVIEW_ROWS) preview.push({ line: r.line, person: r.outcome.person });
        } else
          rejects.push({
            import_id: row.id,
            line: r.line,
            reasons: ctx.keys.encrypt(JSON.stringify(r.outcome.reasons)),
            cells: ctx.keys.encrypt(JSON.stringify(r.raw)),
          });
      }
      for (let i = 0; i < rejects.length; i += 500)
        await trx
          .insertInto('data_import_reject')
          .values(rejects.slice(i, i + 500))
          .execute();
      await trx
        .updateTable('data_import')
        .set({
          read_count: row.read_count + rows.length,
          valid_count: row.valid_count + valid,
          rejected_count: row.rejected_count + rejects.length,
          ...(preview.length !== previewBefore ? { preview: ctx.keys.encrypt(JSON.stringify(preview)) } : {}),
          position_offset: end.offset,
          position_line: end.line,
          updated_at: sql<Date>`now()` as never,
        })
        .where('id', '=', row.id)
        .execute();
      const done = row.read_count + rows.length;
      if (!eof) return { done, total: Math.max(row.total_rows ?? 0, done), finished: false };
      return finishPreview(trx, (await loadImport(trx, row.id))!);
    },
  };
}

async function finishPreview(trx: Kysely<DB>, row: ImportRow): Promise<JobStep> {
  await trx
    .updateTable('data_import')
    .set({ state: 'previewed', total_rows: row.read_count || row.total_rows, updated_at: sql<Date>`now()` as never })
    .where('id', '=', row.id)
    .execute();
  return {
    done: row.read_count,
    total: row.read_count,
    finished: true,
    result: { importId: row.id, read: row.read_count, valid: row.valid_count, rejected: row.rejected_count },
  };
}

/** The import: every valid row stored, a batch per step, updating by (agency, source_id). */
export function importJobHandler(ctx: AppContext): JobHandler {
  return {
    kind: IMPORT_JOB,
    ...endedHandlers(),
    async step(trx, job): Promise<JobStep> {
      const row = await loadImport(trx, importIdOf(job), true);
      if (!row || row.job_id !== job.id || row.state !== 'importing')
        return { done: job.done, finished: true, result: { importId: importIdOf(job), superseded: true } };
      const { rows, end, eof } = await readBatch(ctx, trx, row, stepRows(ctx));
      const valid = rows.flatMap((r) => (r.outcome.ok ? [{ line: r.line, person: r.outcome.person }] : []));
      const stored = await storeRows(ctx, trx, row, valid);
      const counts = {
        imported: row.imported_count + stored.imported,
        updated: row.updated_count + stored.updated,
      };
      const passRead = row.pass_read + rows.length;
      await trx
        .updateTable('data_import')
        .set({
          imported_count: counts.imported,
          updated_count: counts.updated,
          pass_read: passRead,
          position_offset: end.offset,
          position_line: end.line,
          ...(eof ? { state: 'imported' } : {}),
          updated_at: sql<Date>`now()` as never,
        })
        .where('id', '=', row.id)
        .execute();
      if (!eof) return { done: passRead, finished: false };
      // The file is no longer needed (its rejects are kept for rejects.csv).
      await trx.deleteFrom('data_import_chunk').where('import_id', '=', row.id).execute();
      await recordAudit(trx, await auditFor(trx, job, undefined), {
        action: 'import.complete',
        outcome: 'success',
        recordType: 'import',
        recordId: row.id,
        details: {
          agencyId: row.agency_id,
          jobId: job.id,
          read: passRead,
          imported: counts.imported,
          updated: counts.updated,
        },
      });
      return {
        done: passRead,
        total: passRead,
        finished: true,
        result: { importId: row.id, read: passRead, ...counts, rejected: row.rejected_count },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Storing rows

const personColumns = (ctx: AppContext, p: ImportedPerson, contact: Record<string, unknown> | null, day: string) => ({
  family_name: p.familyName,
  middle_name: p.middleName,
  given_name: p.givenName,
  name_key: personNameKey([p.familyName, p.middleName, p.givenName]),
  sex: p.sex,
  date_of_birth: p.dateOfBirth,
  birth_year: p.birthYear,
  estimated_age_years: p.estimatedAgeYears,
  age_estimated_on: p.estimatedAgeYears !== null ? day : null,
  province: p.province,
  province_former: p.provinceFormer,
  citizenship: p.citizenship,
  contact: contact && Object.keys(contact).length ? ctx.keys.encrypt(JSON.stringify(contact)) : null,
});

/** The person columns an import writes, as jsonb_to_recordset reads them. */
const PERSON_RECORD = sql.raw(
  'id uuid, family_name text, middle_name text, given_name text, name_key text, sex text, date_of_birth date, ' +
    'birth_year int, estimated_age_years int, age_estimated_on date, province text, province_former text, ' +
    'citizenship text, contact text',
);

/**
 * New persons of the import's agency in one statement. The rows travel as one JSON
 * parameter (jsonb_to_recordset): a thousand rows of fourteen columns as bind
 * parameters cost more to send and bind than to store.
 */
async function insertPersons(
  trx: Kysely<DB>,
  imp: ImportRow,
  rows: ({ id: string } & ReturnType<typeof personColumns>)[],
) {
  if (rows.length === 0) return;
  await sql`INSERT INTO person (id, owner_agency_id, created_by, family_name, middle_name, given_name, name_key, sex,
      date_of_birth, birth_year, estimated_age_years, age_estimated_on, province, province_former, citizenship, contact,
      updated_at)
    SELECT v.id, ${imp.agency_id}::uuid, ${imp.created_by}::uuid, v.family_name, v.middle_name, v.given_name, v.name_key,
      v.sex, v.date_of_birth, v.birth_year, v.estimated_age_years, v.age_estimated_on, v.province, v.province_former,
      v.citizenship, v.contact, now()
    FROM jsonb_to_recordset(${jsonb(rows)}) AS v(${PERSON_RECORD})`.execute(trx);
}

/** Identity documents as registry/persons.ts builds them (identityDocumentRow), in one statement. */
async function insertDocuments(trx: Kysely<DB>, docs: ReturnType<typeof identityDocumentRow>[]) {
  if (docs.length === 0) return;
  await sql`INSERT INTO identity_document (id, person_id, type, number, number_hash, issuing_country)
    SELECT v.id, v.person_id, v.type, v.number, v.number_hash, v.issuing_country
    FROM jsonb_to_recordset(${jsonb(docs)})
      AS v(id uuid, person_id uuid, type text, number text, number_hash text, issuing_country text)`.execute(trx);
}

function caseInput(personId: string, c: NonNullable<ImportedPerson['case']>): CaseCreate {
  return {
    personId,
    reachedVia: c.reachedVia ?? 'other',
    exploitationTypes: c.exploitationTypes,
    ...(c.destinationCountry ? { route: { destinationCountry: c.destinationCountry } } : {}),
  } as CaseCreate;
}

/**
 * Stores a batch of valid rows for the import's agency: new source ids become persons
 * (and cases), known ones update the same person (and case). A later row with the same
 * source id in the batch wins. Bulk statements, one per table and kind of change.
 */
async function storeRows(
  ctx: AppContext,
  trx: Kysely<DB>,
  imp: ImportRow,
  rows: { line: number; person: ImportedPerson }[],
): Promise<{ imported: number; updated: number }> {
  if (rows.length === 0) return { imported: 0, updated: 0 };
  const bySource = new Map<string, { line: number; person: ImportedPerson }>();
  for (const r of rows) bySource.set(r.person.sourceId, r);
  const existing = new Map(
    (
      await trx
        .selectFrom('source_record')
        .select(['source_id', 'person_id', 'case_id'])
        .where('agency_id', '=', imp.agency_id)
        .where('source_id', 'in', [...bySource.keys()])
        .execute()
    ).map((s) => [s.source_id, s]),
  );
  const day = today();
  const owner = { agencyId: imp.agency_id, userId: imp.created_by };
  const fresh = [...bySource.values()].filter((r) => !existing.has(r.person.sourceId));
  const known = [...bySource.values()].filter((r) => existing.has(r.person.sourceId));

  // New persons, their documents and cases, and their provenance.
  const newIds = fresh.map(() => crypto.randomUUID());
  const newCases: { id: string; sourceId: string }[] = [];
  if (fresh.length) {
    await insertPersons(
      trx,
      imp,
      fresh.map((r, i) => ({
        id: newIds[i]!,
        ...personColumns(ctx, r.person, r.person.phone ? { phone: r.person.phone } : null, day),
      })),
    );
    await insertDocuments(
      trx,
      fresh.flatMap((r, i) =>
        r.person.idNumber
          ? [identityDocumentRow(ctx, newIds[i]!, { type: 'citizen_id_card', number: r.person.idNumber })]
          : [],
      ),
    );
    const cases = fresh.flatMap((r, i) => {
      if (!r.person.case) return [];
      const id = crypto.randomUUID();
      newCases.push({ id, sourceId: r.person.sourceId });
      return [newCaseRow(ctx, owner, id, caseInput(newIds[i]!, r.person.case), r.person.case.registeredOn)];
    });
    if (cases.length) await trx.insertInto('case_file').values(cases).execute();
  }
  const caseOfNew = new Map(newCases.map((c) => [c.sourceId, c.id]));

  // Known persons: updated in place (their contact keeps what the agency added besides the phone).
  const addedCases = new Map<string, string>();
  if (known.length) {
    const ids = known.map((r) => existing.get(r.person.sourceId)!.person_id);
    const contacts = new Map(
      (await trx.selectFrom('person').select(['id', 'contact']).where('id', 'in', ids).execute()).map((p) => [
        p.id,
        p.contact ? (JSON.parse(ctx.keys.decrypt(p.contact)) as Record<string, unknown>) : {},
      ]),
    );
    const values = known.map((r) => {
      const id = existing.get(r.person.sourceId)!.person_id;
      const contact = { ...(contacts.get(id) ?? {}) };
      if (r.person.phone) contact.phone = r.person.phone;
      return { id, ...personColumns(ctx, r.person, contact, day) };
    });
    await sql`UPDATE person AS p SET family_name = v.family_name, middle_name = v.middle_name, given_name = v.given_name,
        name_key = v.name_key, sex = v.sex, date_of_birth = v.date_of_birth, birth_year = v.birth_year,
        estimated_age_years = v.estimated_age_years, age_estimated_on = v.age_estimated_on, province = v.province,
        province_former = v.province_former, citizenship = v.citizenship, contact = v.contact,
        version = p.version + 1, updated_at = now()
      FROM jsonb_to_recordset(${jsonb(values)}) AS v(${PERSON_RECORD})
      WHERE p.id = v.id`.execute(trx);
    // The identity card number the agency's record holds replaces the one it held before.
    await trx
      .deleteFrom('identity_document')
      .where('person_id', 'in', ids)
      .where('type', '=', 'citizen_id_card')
      .execute();
    await insertDocuments(
      trx,
      known.flatMap((r) =>
        r.person.idNumber
          ? [
              identityDocumentRow(ctx, existing.get(r.person.sourceId)!.person_id, {
                type: 'citizen_id_card',
                number: r.person.idNumber,
              }),
            ]
          : [],
      ),
    );
    // Cases: the one this record opened is updated; a record that now has case columns opens one.
    const caseUpdates = known.filter((r) => r.person.case && existing.get(r.person.sourceId)!.case_id);
    if (caseUpdates.length) {
      const caseValues = caseUpdates.map((r) => {
        const c = r.person.case!;
        return sql`(${existing.get(r.person.sourceId)!.case_id}::uuid, ${sql`ARRAY[${sql.join(
          c.exploitationTypes.length ? c.exploitationTypes.map((t) => sql`${t}`) : [sql`NULL`],
        )}]::text[]`}, ${c.reachedVia}, ${c.destinationCountry})`;
      });
      await sql`UPDATE case_file AS c SET
          exploitation_types = array_remove(v.types, NULL),
          reached_via = coalesce(v.reached_via, c.reached_via),
          destination_country = coalesce(v.destination, c.destination_country),
          version = c.version + 1, updated_at = now()
        FROM (VALUES ${sql.join(caseValues)}) AS v(id, types, reached_via, destination)
        WHERE c.id = v.id`.execute(trx);
    }
    const caseInserts = known.filter((r) => r.person.case && !existing.get(r.person.sourceId)!.case_id);
    if (caseInserts.length)
      await trx
        .insertInto('case_file')
        .values(
          caseInserts.map((r) => {
            const id = crypto.randomUUID();
            addedCases.set(r.person.sourceId, id);
            const personId = existing.get(r.person.sourceId)!.person_id;
            return newCaseRow(ctx, owner, id, caseInput(personId, r.person.case!), r.person.case!.registeredOn);
          }),
        )
        .execute();
  }

  // Provenance, one row per agency record.
  const freshIndex = new Map(fresh.map((r, i) => [r.person.sourceId, i]));
  const provenance = [...bySource.values()].map((r) => {
    const before = existing.get(r.person.sourceId);
    return {
      source_id: r.person.sourceId,
      person_id: before ? before.person_id : newIds[freshIndex.get(r.person.sourceId)!]!,
      case_id: before?.case_id ?? caseOfNew.get(r.person.sourceId) ?? addedCases.get(r.person.sourceId) ?? null,
      line: r.line,
    };
  });
  await sql`INSERT INTO source_record (agency_id, source_id, person_id, case_id, import_id, file_name, line)
    SELECT ${imp.agency_id}::uuid, v.source_id, v.person_id, v.case_id, ${imp.id}::uuid, ${imp.file_name}, v.line
    FROM jsonb_to_recordset(${jsonb(provenance)}) AS v(source_id text, person_id uuid, case_id uuid, line int)
    ON CONFLICT (agency_id, source_id) DO UPDATE SET case_id = excluded.case_id, import_id = excluded.import_id,
      file_name = excluded.file_name, line = excluded.line, last_imported_at = now()`.execute(trx);
  const changed = provenance.map((p) => p.person_id);
  for (const hook of ctx.hooks.personsChanged) await hook(trx, changed);
  return { imported: fresh.length, updated: known.length };
}
