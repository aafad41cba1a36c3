// Finds the caller of a request from its bearer token or session cookie. Each
// handler asks for the session stage it accepts; everything else is 401/403.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { Problem } from '../platform/problems.js';
import type { Actor } from '../platform/actor.js';
import { resolveSession, type ResolvedSession, type SessionStage } from './sessions.js';

export const SESSION_COOKIE = 'lantern_session';
/** Header the web app sends with every state-changing request: a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-lantern-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenOf(request: FastifyRequest): { token: string; viaCookie: boolean } | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), viaCookie: false };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, viaCookie: true } : null;
}

const cache = new WeakMap<FastifyRequest, ResolvedSession>();

export async function requireSession(
  ctx: AppContext,
  request: FastifyRequest,
  stages: SessionStage[] = ['full'],
): Promise<ResolvedSession> {
  let session = cache.get(request);
  if (!session) {
    const found = tokenOf(request);
    if (!found)
      throw new Problem(
        'unauthenticated',
        'Sign in first: send `Authorization: Bearer <token>` or the session cookie.',
      );
    if (found.viaCookie && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] === undefined) {
      throw new Problem('forbidden', `Requests authenticated by cookie must send the ${CSRF_HEADER} header.`);
    }
    const resolved = await resolveSession(ctx.db, found.token, request.ip);
    if (!resolved) throw new Problem('unauthenticated', 'Your session has expired or was ended. Sign in again.');
    session = resolved;
    cache.set(request, session);
  }
  if (!stages.includes(session.stage)) {
    if (session.stage === 'password_change')
      throw new Problem(
        'password-change-required',
        'Your password was set by someone else: choose a new one at POST /api/v1/auth/password before going on.',
      );
    throw session.stage === 'mfa_enrolment'
      ? new Problem(
          'mfa-required',
          'Your role requires a second factor: enrol an authenticator app at POST /api/v1/auth/totp/enroll, then confirm it.',
        )
      : new Problem(
          'mfa-required',
          'Enter the code from your authenticator app at POST /api/v1/auth/totp/verify to finish signing in.',
        );
  }
  return session;
}

/** The fully signed-in caller of a request. */
export async function requireActor(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  return (await requireSession(ctx, request)).actor;
}
