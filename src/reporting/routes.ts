// HTTP routes of public reporting (issue 14 §1). The pages /report and /report/follow-up are plain
// HTML forms that work without JavaScript; the API under /api/v1/public/reports takes JSON or
// multipart. None of them sets a cookie, and the request log (platform/http.ts) says only method,
// route, status and time: no address, no user agent, no body, no receipt. The form parsers
// (urlencoded, multipart) are registered in this plugin's scope only.
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { Language } from '../contract/codes.js';
import { PUBLIC_REPORT_LIMITS, PUBLIC_REPORT_SENDERS, PUBLIC_REPORT_STATUSES } from '../contract/public-reports.js';
import type { AppContext } from '../platform/context.js';
import { versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import { followUpPage, noticePage, PAGE_CSP, receiptPage, reportFormPage } from './pages.js';
import { PhotoProblem } from './photos.js';
import {
  addHotlineMessage,
  addReporterMessage,
  followUpReport,
  ReceiptFormatProblem,
  reportInputProblem,
  submitReport,
} from './public-reports.js';
import { languageOf, readReportInput } from './report-input.js';
import { activeSiteCode } from './sites.js';

/** The largest urlencoded or JSON report (text only: photos come as multipart). */
const TEXT_BODY_LIMIT = 64 * 1024;
const MULTIPART_LIMITS = {
  fileSize: PUBLIC_REPORT_LIMITS.photoBytes,
  files: PUBLIC_REPORT_LIMITS.photos,
  fields: 60,
  fieldSize: 64 * 1024,
  parts: 70,
  headerPairs: 100,
};
const TOO_LARGE_CODES = new Set([
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PARTS_LIMIT',
]);
const UNREADABLE_CODES = new Set([
  'FST_PROTO_VIOLATION',
  'FST_INVALID_MULTIPART_CONTENT_TYPE',
  'FST_INVALID_JSON_FIELD_ERROR',
  'FST_MP_PREMATURE_CLOSE',
]);

const tags = ['public reports'];
const receiptSchema = z.object({ receipt: z.string().describe('16 digits') });
const messageSchema = z.object({
  from: z.enum(PUBLIC_REPORT_SENDERS),
  text: z.string(),
  at: z.string().describe('ISO 8601 time'),
});
const followUpSchema = z.object({ status: z.enum(PUBLIC_REPORT_STATUSES), messages: z.array(messageSchema) });
const pageQuery = z.object({ lang: z.string().optional(), site: z.string().optional() });

const codeOf = (error: unknown) => String((error as { code?: unknown })?.code ?? '');

/** A multipart or form error as the API's problem; anything else goes on to the app's error handler. */
function apiError(error: unknown): never {
  const code = codeOf(error);
  if (TOO_LARGE_CODES.has(code))
    throw new Problem(
      'payload-too-large',
      `Too large: at most ${PUBLIC_REPORT_LIMITS.photos} photos of ${PUBLIC_REPORT_LIMITS.photoBytes / 1024 / 1024} MB each, and ${TEXT_BODY_LIMIT / 1024} kB of text. Nothing was stored.`,
      { maxPhotos: PUBLIC_REPORT_LIMITS.photos, maxPhotoBytes: PUBLIC_REPORT_LIMITS.photoBytes },
    );
  if (UNREADABLE_CODES.has(code))
    throw new Problem('validation', 'The multipart body could not be read; nothing was stored.', { errors: [] });
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    throw new Problem('unsupported-media-type', 'Send the body as application/json or multipart/form-data.');
  throw error;
}

/** The fields and photos of a report: a JSON or urlencoded body, or the parts of a multipart one. */
async function readSubmission(request: FastifyRequest): Promise<{ fields: Record<string, unknown>; photos: Buffer[] }> {
  if (!request.isMultipart()) {
    const body = request.body;
    return {
      fields: body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as never) : {},
      photos: [],
    };
  }
  const fields: Record<string, string[]> = Object.create(null);
  const photos: Buffer[] = [];
  try {
    for await (const part of request.parts({ limits: MULTIPART_LIMITS })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        // A form's file input with nothing chosen still sends an empty part.
        if (part.fieldname === 'photos' && data.length > 0) photos.push(data);
      } else (fields[part.fieldname] ??= []).push(String(part.value));
    }
  } catch (error) {
    // The limits (413) are the plugin's coded errors; anything else the parser throws is a malformed body.
    if (codeOf(error).startsWith('FST_')) throw error;
    throw new Problem('validation', 'The multipart body could not be read; nothing was stored.', { errors: [] });
  }
  return { fields, photos };
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .send(body);
}

const minutes = (problem: Problem) => Math.max(1, Math.ceil(Number(problem.extra.retryAfterSeconds ?? 60) / 60));

/** The error pages of the HTML routes: what a person can do about it, in their language. */
function pageError(lang: (request: FastifyRequest) => Language) {
  return async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const code = codeOf(error);
    if (TOO_LARGE_CODES.has(code)) return html(reply, 413, noticePage(lang(request), 'tooLarge'));
    if (error instanceof Problem && error.type === 'too-many-requests') {
      reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
      return html(reply, 429, noticePage(lang(request), { throttledMinutes: minutes(error) }));
    }
    if (UNREADABLE_CODES.has(code) || (error instanceof Problem && error.status === 400))
      return html(reply, 400, noticePage(lang(request), 'badRequest'));
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return html(reply, 415, noticePage(lang(request), 'badRequest'));
    throw error;
  };
}

const queryLang = (request: FastifyRequest) => languageOf((request.query as { lang?: unknown } | undefined)?.lang);

/** Registers the public report pages and API, and the hotline's side of the conversation. */
export async function reportingRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    const app = scope as unknown as App;
    await app.register(formbody, { bodyLimit: TEXT_BODY_LIMIT });
    await app.register(multipart, { limits: MULTIPART_LIMITS });

    app.get(
      '/report',
      { config: { access: RULES.publicReportForm }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) =>
        html(
          reply,
          200,
          reportFormPage({
            lang: languageOf(request.query.lang),
            site: await activeSiteCode(ctx.db, request.query.site),
          }),
        ),
    );

    app.post(
      '/report',
      {
        config: { access: RULES.publicReportCreate },
        bodyLimit: TEXT_BODY_LIMIT,
        errorHandler: pageError(queryLang),
        schema: { hide: true },
      },
      async (request, reply) => {
        const { fields, photos } = await readSubmission(request);
        const { input, errors, honeypot } = readReportInput(fields);
        input.site = await activeSiteCode(ctx.db, input.site); // a poster's site, if it is one
        const lang = input.language;
        if (errors.length > 0 && !honeypot)
          return html(
            reply,
            400,
            reportFormPage({ lang, site: input.site, values: fields, errors: { fields: errors, photos: null } }),
          );
        if (photos.length > PUBLIC_REPORT_LIMITS.photos)
          return html(
            reply,
            400,
            reportFormPage({
              lang,
              site: input.site,
              values: fields,
              errors: { fields: [], photos: 'too-many-photos' },
            }),
          );
        try {
          const { receipt } = await submitReport(ctx, { input, honeypot, photos }, request.ip);
          return html(reply, 200, receiptPage(lang, receipt, input.site));
        } catch (error) {
          if (error instanceof PhotoProblem)
            return html(
              reply,
              400,
              reportFormPage({ lang, site: input.site, values: fields, errors: { fields: [], photos: error.code } }),
            );
          if (error instanceof Problem && error.type === 'too-many-requests') {
            reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
            return html(reply, 429, noticePage(lang, { throttledMinutes: minutes(error) }));
          }
          throw error;
        }
      },
    );

    app.get(
      '/report/follow-up',
      { config: { access: RULES.publicReportForm }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) => html(reply, 200, followUpPage({ lang: languageOf(request.query.lang) })),
    );

    app.post(
      '/report/follow-up',
      {
        config: { access: RULES.publicReportFollowUp },
        bodyLimit: TEXT_BODY_LIMIT,
        errorHandler: pageError(queryLang),
        schema: { hide: true },
      },
      async (request, reply) => {
        const { fields } = await readSubmission(request);
        const field = (name: string) => {
          const v = fields[name];
          return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
        };
        const lang = languageOf(field('language') || field('lang'));
        const receiptText = field('receipt');
        const reply_ = field('text');
        const show = async (
          status: number,
          notice?: 'sent',
          problem?: 'invalidText' | 'closed',
        ): Promise<FastifyReply> => {
          const view = await followUpReport(ctx, receiptText, request.ip);
          return html(
            reply,
            status,
            followUpPage({
              lang,
              timeZone: ctx.config.timeZone,
              receipt: receiptText.replace(/\D/g, ''),
              view,
              ...(notice ? { notice } : {}),
              ...(problem ? { problem, reply: reply_ } : {}),
            }),
          );
        };
        try {
          if (reply_.trim() === '') return await show(200);
          try {
            await addReporterMessage(ctx, receiptText, reply_, request.ip);
          } catch (error) {
            if (error instanceof Problem && error.type === 'validation' && !(error instanceof ReceiptFormatProblem))
              return await show(400, undefined, 'invalidText');
            if (error instanceof Problem && error.type === 'conflict') return await show(409, undefined, 'closed');
            throw error;
          }
          return await show(201, 'sent');
        } catch (error) {
          if (error instanceof ReceiptFormatProblem)
            return html(reply, 400, followUpPage({ lang, problem: 'receiptFormat' }));
          if (error instanceof Problem && error.type === 'not-found')
            return html(reply, 404, followUpPage({ lang, problem: 'notFound' }));
          if (error instanceof Problem && error.type === 'too-many-requests') {
            reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
            return html(reply, 429, followUpPage({ lang, problem: { throttledMinutes: minutes(error) } }));
          }
          throw error;
        }
      },
    );

    app.post(
      `${API_PREFIX}/public/reports`,
      {
        config: { access: RULES.publicReportCreate },
        bodyLimit: TEXT_BODY_LIMIT,
        errorHandler: apiError,
        schema: {
          tags,
          security: [],
          description:
            'An anonymous report, as JSON or multipart/form-data (photos as file parts named `photos`: at most 3 JPEG, PNG or ' +
            'WebP images of 5 MB each, their location and camera metadata stripped). Fields: whatHappened (required), province, ' +
            'place, when, minorInvolved and immediateDanger (yes | no | unknown), recruitment, destinationCountry (ISO 3166-1 ' +
            'alpha-2), destinationOther, identifiers (lines), contact (optional), language, site. The receipt is answered once ' +
            'and never stored. No cookie is set; the address is neither stored nor logged.',
          response: { 201: receiptSchema },
        },
      },
      async (request, reply) => {
        const { fields, photos } = await readSubmission(request);
        const { input, errors, honeypot } = readReportInput(fields);
        if (errors.length > 0 && !honeypot) throw reportInputProblem(errors);
        return reply.status(201).send(await submitReport(ctx, { input, honeypot, photos }, request.ip));
      },
    );

    app.post(
      `${API_PREFIX}/public/reports/follow-up`,
      {
        config: { access: RULES.publicReportFollowUp },
        errorHandler: apiError,
        schema: {
          tags,
          security: [],
          description:
            'The status and the conversation of the report this receipt opens. A wrong receipt is 404 whether or not it ever ' +
            'existed; attempts are throttled per address (by a daily keyed hash of it) and globally (429).',
          body: z.object({ receipt: z.string().max(64) }),
          response: { 200: followUpSchema },
        },
      },
      async (request) => followUpReport(ctx, request.body.receipt, request.ip),
    );

    app.post(
      `${API_PREFIX}/public/reports/follow-up/messages`,
      {
        config: { access: RULES.publicReportReply },
        errorHandler: apiError,
        schema: {
          tags,
          security: [],
          description: 'The reporter answers the hotline or adds information, with the receipt as the key.',
          body: z.object({ receipt: z.string().max(64), text: z.string().max(20_000) }),
          response: { 201: messageSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addReporterMessage(ctx, request.body.receipt, request.body.text, request.ip)),
    );
  });

  app.post(
    `${API_PREFIX}/reports/:id/messages`,
    {
      config: { access: RULES.publicReportMessage },
      schema: {
        tags,
        description:
          'A hotline operator writes to the reporter of a web report (a question, an answer); a report still ' +
          '"received" becomes "under review". If-Match with the report\'s ETag is checked when sent (412 when stale). ' +
          'A call has no reporter to read it (409 `report-is-a-call`); a closed report takes no more messages (409).',
        params: z.object({ id: z.uuid('an id (UUID)') }),
        body: z.object({ text: z.string().max(20_000) }),
        response: { 201: messageSchema.extend({ id: z.string() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addHotlineMessage(
            ctx,
            actorOf(request),
            request.params.id,
            request.body.text,
            request.headers['if-match'] === undefined ? undefined : versionFromIfMatch(request.headers['if-match']),
          ),
        ),
  );
}
