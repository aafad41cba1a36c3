// The HTTP application: Fastify with Zod validation (the same schemas produce the
// OpenAPI document), problem+json errors and request logs without personal data.
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { Problem, type FieldError } from './problems.js';

export type App = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const API_PREFIX = '/api/v1';
const BODY_LIMIT = 1024 * 1024;

function fieldErrors(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const where = (error as { validationContext?: string }).validationContext ?? 'body';
  return error.validation.map((v) => ({
    field: [where, ...(v.instancePath ? v.instancePath.split('/').filter(Boolean) : [])].join('.'),
    message: v.message ?? 'is invalid',
  }));
}

/** Maps any thrown error to a Problem the client can act on; unknown errors become a bare 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const errors = fieldErrors(e);
    return new Problem('validation', `Some fields are invalid: ${errors.map((f) => f.field).join(', ')}.`, { errors });
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413)
    return new Problem('payload-too-large', `The request body is larger than ${BODY_LIMIT} bytes.`);
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e?.statusCode === 415)
    return new Problem('unsupported-media-type', 'Send the body as application/json.');
  if (e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new Problem('malformed-json', 'The body is empty but its content type is application/json.');
  if (e instanceof SyntaxError || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return new Problem('malformed-json', 'The request body is not valid JSON.');
  return new Problem(
    'internal',
    'Something went wrong on the server. The error has been logged; try again, and report it if it persists.',
  );
}

export async function createHttpApp(ctx: AppContext, register: (app: App) => Promise<void>): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // An empty JSON body is no body: actions whose body is optional (revoke, accept) accept one.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    return parseJson(request, String(body), done);
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lantern API',
        version: '1',
        description: 'Counter-trafficking case management. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'lantern_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Logs say what was asked and how it ended, never the query string or body (names live there).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500)
      request.log.error(
        { err: { type: (error as Error)?.name, code: (error as FastifyError)?.code, stack: (error as Error)?.stack } },
        'request failed',
      );
    if (problem.extra.retryAfterSeconds) reply.header('retry-after', String(problem.extra.retryAfterSeconds));
    return reply
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify(problem.toJSON(request.url.split('?')[0])));
  });
  app.setNotFoundHandler(async (request, reply) => {
    const problem = new Problem('not-found', `There is no ${request.method} ${request.url.split('?')[0]} in this API.`);
    return reply.status(404).type('application/problem+json').send(JSON.stringify(problem.toJSON()));
  });

  await register(app);
  return app;
}
