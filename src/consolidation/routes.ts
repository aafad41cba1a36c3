// The import API (issue 10 §1; shapes in src/contract/schemas/consolidation.ts): upload
// a file (streamed), read its dry run, change its mapping, commit it, download its
// rejects. Who may: see canImportFor in src/access/policy.ts.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import {
  importListSchema,
  importMappingUpdateSchema,
  importSchema,
  importUploadQuerySchema,
} from '../contract/schemas/consolidation.js';
import type { AppContext } from '../platform/context.js';
import { Problem } from '../platform/problems.js';
import { API_PREFIX, type App } from '../platform/http.js';
import type { JobRunner } from '../platform/jobs.js';
import {
  changeMapping,
  commitImport,
  getImport,
  getImportSummary,
  importJobHandler,
  listImports,
  previewJobHandler,
  purgeAbandonedUploads,
  rejectsCsv,
  UPLOAD_TYPES,
  uploadImport,
  XLSX_TYPE,
} from './imports.js';

const tags = ['imports'];
const idParams = z.object({ id: z.uuid('an id (UUID)') });

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw body of an upload, left unread by its content-type parser so that the route streams it. */
    uploadStream?: NodeJS.ReadableStream;
  }
}

/** Registers the import jobs' handlers on a runner (the server's, or the CLI's in-process one). */
export function registerImportJobs(ctx: AppContext, jobs: JobRunner): void {
  jobs.register(previewJobHandler(ctx));
  jobs.register(importJobHandler(ctx));
}

export async function importRoutes(app: App, ctx: AppContext, jobs: JobRunner): Promise<void> {
  registerImportJobs(ctx, jobs);
  const purged = await purgeAbandonedUploads(ctx.db);
  if (purged) ctx.logger.info({ imports: purged }, 'removed uploads cut short more than a day ago');

  // The upload route, in its own scope: its body is streamed by the handler, not parsed.
  await app.register(async (scope) => {
    const app = scope as unknown as App;
    for (const type of UPLOAD_TYPES) if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser([...UPLOAD_TYPES], (request, payload, done) => {
      request.uploadStream = payload;
      done(null, undefined);
    });
    app.post(
      `${API_PREFIX}/imports`,
      {
        config: { access: RULES.importUpload },
        errorHandler: (error) => {
          if ((error as { code?: string }).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
            throw new Problem(
              'unsupported-media-type',
              `Send the file itself as the request body, as text/csv, ${XLSX_TYPE} or application/octet-stream.`,
            );
          throw error;
        },
        schema: {
          tags,
          description:
            `Upload an agency's records as the raw body (text/csv, text/plain, ${XLSX_TYPE} or application/octet-stream), ` +
            'with a header row. The file is streamed into the database (encrypted) and its dry run starts as a job: ' +
            'poll GET /imports/:id. Limits (413 with what to do): ' +
            `${ctx.config.importMaxBytes} bytes for CSV, ${ctx.config.importMaxXlsxBytes} for XLSX (read whole; save large sheets as CSV). ` +
            'An agency_admin imports for their agency, a data_steward for any.',
          querystring: importUploadQuerySchema,
          response: { 202: importSchema.omit({ preview: true, rejects: true }) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const length = Number(request.headers['content-length']);
        const stream = request.uploadStream;
        const { id } = await uploadImport(
          ctx,
          { actor, auditActor: actor },
          {
            agency: request.query.agency,
            fileName: request.query.fileName,
            ...(request.query.format ? { format: request.query.format } : {}),
            contentType: String(request.headers['content-type'] ?? ''),
            ...(Number.isFinite(length) ? { contentLength: length } : {}),
            body: (stream ?? Readable.from([])) as AsyncIterable<Uint8Array>,
          },
        );
        jobs.kick();
        return reply
          .status(202)
          .header('location', `${API_PREFIX}/imports/${id}`)
          .send(await getImportSummary(ctx, actor, id));
      },
    );
  });

  app.get(
    `${API_PREFIX}/imports`,
    {
      config: { access: RULES.importList },
      schema: {
        tags,
        description: 'Imports of the agencies the caller imports for, newest first (no personal data).',
        response: { 200: importListSchema },
      },
    },
    async (request) => listImports(ctx, actorOf(request)),
  );

  app.get(
    `${API_PREFIX}/imports/:id`,
    {
      config: { access: RULES.importRead },
      schema: {
        tags,
        description:
          'An import: its mapping (and what blocks it), the first rows as they will be stored, the first rejected rows ' +
          'with their line numbers and reasons, its counts and its job. Personal data: the read is audited.',
        params: idParams,
        response: { 200: importSchema },
      },
    },
    async (request) => getImport(ctx, actorOf(request), request.params.id),
  );

  app.put(
    `${API_PREFIX}/imports/:id/mapping`,
    {
      config: { access: RULES.importMapping },
      schema: {
        tags,
        description:
          'Maps headers of this file to the columns Lantern imports (or null to ignore them); the dry run runs again. ' +
          'The mapping is saved for the agency when the import is committed.',
        params: idParams,
        body: importMappingUpdateSchema,
        response: { 202: importSchema.omit({ preview: true, rejects: true }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await changeMapping(ctx, { actor, auditActor: actor }, request.params.id, request.body.columns);
      jobs.kick();
      return reply.status(202).send(await getImportSummary(ctx, actor, request.params.id));
    },
  );

  app.post(
    `${API_PREFIX}/imports/:id/commit`,
    {
      config: { access: RULES.importCommit },
      schema: {
        tags,
        description:
          'Stores the valid rows (a job): each agency record (source_id) becomes a person of the agency, with a case when ' +
          'the file has case columns; a record imported before is updated, never duplicated. 409 while the dry run runs, ' +
          'or when the mapping has problems (it says what to map).',
        params: idParams,
        response: { 202: importSchema.omit({ preview: true, rejects: true }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await commitImport(ctx, { actor, auditActor: actor }, request.params.id);
      jobs.kick();
      return reply.status(202).send(await getImportSummary(ctx, actor, request.params.id));
    },
  );

  app.get(
    `${API_PREFIX}/imports/:id/rejects.csv`,
    {
      config: { access: RULES.importRejects },
      schema: {
        tags,
        description: 'Every rejected row of the dry run: line, reasons, then the row’s cells as in the file (audited).',
        params: idParams,
        response: {
          200: {
            description: 'CSV, UTF-8: line, reasons, then the cells of the rejected row',
            content: { 'text/csv': { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const lines = rejectsCsv(ctx, actorOf(request), request.params.id);
      const first = await lines.next(); // 404 and the audit event before anything is sent
      const body = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* lines;
        })(),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${request.params.id}-rejects.csv"`)
        .send(body as never); // a stream is sent as it is, never through the schema's serializer
    },
  );
}
