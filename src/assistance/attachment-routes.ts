// HTTP routes of attachments: the file is the request body (its own type, or
// application/octet-stream), its name in the query; downloads answer the file itself.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import {
  ATTACHMENT_TYPES,
  attachmentListQuery,
  attachmentSchema,
  attachmentTargetUploadQuery,
  attachmentUploadQuery,
} from '../contract/schemas/dataio.js';
import {
  addAttachment,
  deleteAttachment,
  downloadAttachment,
  listAttachments,
  type AttachmentTarget,
} from './attachments.js';

const idParams = z.object({ id: z.uuid('an id (UUID)') });
const tags = ['attachments'];
const UPLOAD_TYPES = [...ATTACHMENT_TYPES, 'application/octet-stream'];

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function attachmentRoutes(app: App, ctx: AppContext): Promise<void> {
  const maxBytes = ctx.config.attachmentMaxBytes;
  const megabytes = `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`;

  // The uploads, in their own scope: their body is the file, kept as bytes.
  await app.register(async (scope) => {
    const app = scope as unknown as App;
    for (const type of UPLOAD_TYPES) if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
      done(null, body),
    );
    const errorHandler = (error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new Problem('payload-too-large', `The file is larger than ${megabytes}; nothing was stored.`, {
          max: maxBytes,
        });
      if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_EMPTY_TYPE')
        throw new Problem(
          'unsupported-media-type',
          'Send the file itself as the request body, as application/pdf, image/jpeg, image/png, image/webp or application/octet-stream.',
        );
      throw error;
    };
    /** Stores the request's file on `target`; the route's schema has checked the query. */
    const store = async (request: FastifyRequest, target: AttachmentTarget) => {
      const data = request.body;
      if (!Buffer.isBuffer(data) || data.length === 0)
        throw new Problem('validation', 'The request holds no file.', {
          errors: [{ field: 'body', message: 'empty file' }],
        });
      const declaredType = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const { fileName } = request.query as { fileName: string };
      return addAttachment(ctx, actorOf(request), target, { fileName, declaredType, data });
    };
    const description =
      `The file is the request body (application/pdf, image/jpeg, image/png or image/webp; or application/octet-stream), ` +
      `at most ${megabytes} (LANTERN_ATTACHMENT_MAX_BYTES). Its type is checked from its content; a photo's metadata ` +
      '(EXIF location, camera) is removed before it is stored, encrypted.';
    app.post(
      `${API_PREFIX}/cases/:id/attachments`,
      {
        config: { access: RULES.attachmentCreate },
        bodyLimit: maxBytes,
        errorHandler,
        schema: {
          tags,
          description: `${description} \`part\`: the part of the case whose readers may download it.`,
          params: idParams,
          querystring: attachmentUploadQuery,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await store(request, { kind: 'case', id: request.params.id, part: request.query.part })),
    );
    app.post(
      `${API_PREFIX}/consents/:id/attachments`,
      {
        config: { access: RULES.attachmentCreate },
        bodyLimit: maxBytes,
        errorHandler,
        schema: {
          tags,
          description: `${description} A consent's files (the signed form) are read by whoever reads the case's consents.`,
          params: idParams,
          querystring: attachmentTargetUploadQuery,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await store(request, { kind: 'consent', id: request.params.id })),
    );
    app.post(
      `${API_PREFIX}/referrals/:id/attachments`,
      {
        config: { access: RULES.attachmentCreate },
        bodyLimit: maxBytes,
        errorHandler,
        schema: {
          tags,
          description: `${description} A referral's files are read by the case's owner and, once it may read the case, the agency it was sent to.`,
          params: idParams,
          querystring: attachmentTargetUploadQuery,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await store(request, { kind: 'referral', id: request.params.id })),
    );
  });

  app.get(
    `${API_PREFIX}/cases/:id/attachments`,
    {
      config: { access: RULES.attachmentList },
      schema: {
        tags,
        description: 'The files of the case (and of its consents and referrals) the caller may download.',
        params: idParams,
        querystring: attachmentListQuery,
        response: { 200: z.object({ items: z.array(attachmentSchema) }) },
      },
    },
    async (request) => ({
      items: await listAttachments(ctx, actorOf(request), request.params.id, request.query),
    }),
  );
  app.get(
    `${API_PREFIX}/attachments/:id`,
    {
      config: { access: RULES.attachmentRead },
      schema: {
        tags,
        description: 'The file itself. Each download is an audit event of the case.',
        params: idParams,
        querystring: z.object({ inline: z.enum(['true', 'false']).optional() }),
        response: {
          200: { description: 'The file', content: { 'application/octet-stream': { schema: z.any() } } },
        },
      },
    },
    async (request, reply) => {
      const file = await downloadAttachment(ctx, actorOf(request), request.params.id);
      return reply
        .type(file.mediaType)
        .header(
          'content-disposition',
          contentDisposition(file.fileName, request.query.inline === 'true' ? 'inline' : 'attachment'),
        )
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .send(file.data);
    },
  );
  app.delete(
    `${API_PREFIX}/attachments/:id`,
    {
      config: { access: RULES.attachmentDelete },
      schema: { tags, params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteAttachment(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
