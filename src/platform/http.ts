// The HTTP application: Fastify with Zod validation (the same schemas produce the
// OpenAPI document), problem+json errors and request logs without personal data.
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
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

/** Deeper nesting than this in a body or query is refused: no request of this API needs it. */
export const MAX_NESTING = 32;

// A NUL byte (PostgreSQL text cannot hold one) or half of a surrogate pair (not Unicode).
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every string (and key) of a parsed body, query or params that no text column
 * can store, and nesting deeper than MAX_NESTING, as field errors. Walks without
 * recursion so that a hostile depth cannot exhaust the stack.
 */
export function unstorableFields(where: string, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length > 0 && errors.length < 20) {
    const [v, at] = stack.pop()!;
    const field = [where, ...at].join('.');
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v))
        errors.push({ field, message: 'contains a NUL character or an unpaired surrogate; send valid Unicode text' });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      if (at.length >= MAX_NESTING) {
        errors.push({ field, message: `is nested more than ${MAX_NESTING} levels deep` });
        continue;
      }
      for (const [k, child] of Object.entries(v)) {
        if (UNSTORABLE.test(k)) {
          errors.push({ field, message: 'has a key with a NUL character or an unpaired surrogate' });
          continue;
        }
        stack.push([child, [...at, k]]);
      }
    }
  }
  return errors;
}

// PostgreSQL errors that a value sent by the client causes (the statement itself is
// ours): class 22 (data exception: a value out of the type's range, a date the
// database cannot hold, a NUL byte), class 54 (a statement too complex, e.g. a huge
// array), and the constraints no service can check ahead of a concurrent writer
// (23505 unique, 23503 foreign key). Their text may echo the value, so the client
// gets a generic problem and the log only the SQLSTATE code. Other constraint
// violations (CHECK, NOT NULL) mean validation missed a rule: they stay 500s, to be
// found and fixed (the fuzz test looks for them).
function databaseInputProblem(code: string): Problem | undefined {
  if (!/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code === '23505')
    return new Problem('conflict', 'A record with this value exists already.', { reason: 'duplicate' });
  if (code === '23503')
    return new Problem('validation', 'The request refers to a record that does not exist.', { errors: [] });
  if (code.startsWith('22') || code.startsWith('54'))
    return new Problem(
      'validation',
      'A value in the request cannot be stored or compared (wrong form or out of range).',
      {
        errors: [],
      },
    );
  return undefined;
}

function isDatabaseError(e: unknown): e is { code: string } {
  const name = (e as Error)?.name;
  return (
    typeof (e as { code?: unknown })?.code === 'string' &&
    (name === 'PostgresError' || name === 'DatabaseError' || (e as { severity?: unknown }).severity !== undefined)
  );
}

/** Maps any thrown error to a Problem the client can act on; unknown errors become a bare 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  const e = error as FastifyError;
  if (isDatabaseError(error)) {
    const problem = databaseInputProblem(error.code);
    if (problem) return problem;
  }
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

/**
 * What a log may say about an error: its class, code and where it was thrown —
 * never its message, which for a database error may echo the values sent.
 */
export function errorForLog(error: unknown): { type?: string; code?: string; frames?: string[] } {
  const e = error as Error & { code?: unknown };
  const frames = typeof e?.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
  return {
    type: e?.name ?? typeof error,
    ...(typeof e?.code === 'string' || typeof e?.code === 'number' ? { code: String(e.code) } : {}),
    frames: frames.map((l) => l.trim()).slice(0, 15),
  };
}

export async function createHttpApp(ctx: AppContext, register: (app: App) => Promise<void>): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
    // A URL the router cannot read (bad percent-encoding, an over-long segment): a problem, never an echo of it.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const problem =
        error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new Problem('validation', 'The URL is not valid: check its percent-encoding and length.', { errors: [] })
          : toProblem(error);
      void reply
        .status(problem.status)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .type('application/problem+json')
        .send(JSON.stringify(problem.toJSON()));
    },
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

  // Bad text anywhere in what the client sent is refused before validation, naming the field.
  app.addHook('preValidation', async (request) => {
    const errors = [
      ...unstorableFields('params', request.params),
      ...unstorableFields('query', request.query),
      ...unstorableFields('body', request.body),
    ];
    if (errors.length > 0)
      throw new Problem('validation', `Some fields are invalid: ${errors.map((f) => f.field).join(', ')}.`, { errors });
  });

  // API answers may hold personal data: never cached, never sniffed into another type.
  app.addHook('onSend', async (request, reply) => {
    const url = request.url;
    if (url === API_PREFIX || url.startsWith(API_PREFIX + '/') || url.startsWith(API_PREFIX + '?')) {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
    }
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
    if (problem.status >= 500) request.log.error({ err: errorForLog(error) }, 'request failed');
    else if (isDatabaseError(error))
      request.log.warn({ err: errorForLog(error), route: request.routeOptions.url }, 'input refused by the database');
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
