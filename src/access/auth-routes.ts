// Sign-in, sign-out and the TOTP second factor.
import { RULES } from './rules.js';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import type { Role } from '../contract/codes.js';
import { recordAudit } from './audit.js';
import { requireSession, SESSION_COOKIE } from './authenticate.js';
import { verifyPassword } from './passwords.js';
import { requiresSecondFactor } from './account-policy.js';
import { createSession, revokeSession, setSessionStage } from './sessions.js';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  accountKey,
  addressKey,
  clearFailures,
  lockedForSeconds,
  recordFailure,
} from './throttle.js';
import { acceptedStep, newTotpSecret, otpauthUrl } from './totp.js';

const loginUser = z.object({ id: z.uuid(), email: z.string(), roles: z.array(z.string()), agencyId: z.uuid() });
const loginResponse = z.object({
  token: z.string(),
  user: loginUser,
  mfaRequired: z.boolean().describe('true: finish sign-in with POST /auth/totp/verify'),
  mfaEnrolmentRequired: z
    .boolean()
    .describe('true: this role needs TOTP; enrol with POST /auth/totp/enroll and confirm'),
});
const codeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'a 6-digit code') });

function tooMany(seconds: number) {
  return new Problem(
    'too-many-requests',
    `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    { retryAfterSeconds: seconds },
  );
}

export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      maxAge: ctx.config.sessionHours * 3600,
    });

  app.post(
    `${API_PREFIX}/auth/login`,
    {
      config: { access: RULES.login },
      schema: {
        tags: ['auth'],
        security: [],
        body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: loginResponse },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const keys = [accountKey(email), addressKey(request.ip)];
      const audit = { actor: null, clientIp: request.ip };
      const locked = await lockedForSeconds(ctx.db, keys);
      if (locked > 0) {
        await recordAudit(ctx.db, audit, { action: 'auth.login', outcome: 'denied', details: { reason: 'throttled' } });
        throw tooMany(locked);
      }
      const user = await ctx.db
        .selectFrom('app_user as u')
        .innerJoin('agency as a', 'a.id', 'u.agency_id')
        .select([
          'u.id',
          'u.email',
          'u.roles',
          'u.agency_id',
          'u.password_hash',
          'u.disabled',
          'u.totp_secret',
          'a.disabled as agency_disabled',
        ])
        .where('u.email', '=', email)
        .executeTakeFirst();
      const passwordOk = await verifyPassword(user?.password_hash ?? null, request.body.password);
      if (!user || !passwordOk || user.disabled || user.agency_disabled) {
        await ctx.db.transaction().execute(async (trx) => {
          await recordFailure(trx, keys[0]!, ACCOUNT_RULE);
          await recordFailure(trx, keys[1]!, ADDRESS_RULE);
          await recordAudit(
            trx,
            { ...audit, actorIdOverride: user?.id ?? null },
            { action: 'auth.login', outcome: 'failure', recordType: user ? 'user' : null, recordId: user?.id ?? null },
          );
        });
        throw new Problem('invalid-credentials', 'The email or password is wrong, or the account is disabled.');
      }
      const roles = user.roles as Role[];
      const stage = user.totp_secret ? 'mfa_pending' : requiresSecondFactor(roles) ? 'mfa_enrolment' : 'full';
      const token = await ctx.db.transaction().execute(async (trx) => {
        await clearFailures(trx, keys[0]!);
        const t = await createSession(trx, user.id, stage, ctx.config.sessionHours, request.ip);
        await recordAudit(
          trx,
          { ...audit, actorIdOverride: user.id },
          { action: 'auth.login', outcome: 'success', recordType: 'user', recordId: user.id, details: { stage } },
        );
        return t;
      });
      setCookie(reply, token);
      return {
        token,
        user: { id: user.id, email: user.email, roles, agencyId: user.agency_id },
        mfaRequired: stage === 'mfa_pending',
        mfaEnrolmentRequired: stage === 'mfa_enrolment',
      };
    },
  );

  app.post(
    `${API_PREFIX}/auth/logout`,
    {
      config: { access: RULES.logout },
      schema: { tags: ['auth'], response: { 204: z.null() } },
    },
    async (request, reply) => {
      const session = await requireSession(ctx, request, ['full', 'mfa_pending', 'mfa_enrolment']);
      await ctx.db.transaction().execute(async (trx) => {
        await revokeSession(trx, session.tokenHash);
        await recordAudit(
          trx,
          { actor: session.actor, clientIp: request.ip },
          { action: 'auth.logout', outcome: 'success', recordType: 'user', recordId: session.actor.userId },
        );
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/auth/me`,
    {
      config: { access: RULES.me },
      schema: {
        tags: ['auth'],
        response: {
          200: z.object({
            id: z.uuid(),
            email: z.string(),
            displayName: z.string(),
            roles: z.array(z.string()),
            agencyId: z.uuid(),
            language: z.string(),
            stage: z.string(),
            totpEnabled: z.boolean(),
            version: z.number().describe('for If-Match on PATCH /users/:id (e.g. to remember the language)'),
          }),
        },
      },
    },
    async (request) => {
      const session = await requireSession(ctx, request, ['full', 'mfa_pending', 'mfa_enrolment']);
      const u = await ctx.db
        .selectFrom('app_user')
        .select(['display_name', 'totp_secret', 'version'])
        .where('id', '=', session.actor.userId)
        .executeTakeFirstOrThrow();
      const { actor } = session;
      return {
        id: actor.userId,
        email: session.email,
        displayName: u.display_name,
        roles: actor.roles,
        agencyId: actor.agencyId,
        language: actor.language,
        stage: session.stage,
        totpEnabled: u.totp_secret !== null,
        version: u.version,
      };
    },
  );

  app.post(
    `${API_PREFIX}/auth/totp/enroll`,
    {
      config: { access: RULES.totpEnrol },
      schema: { tags: ['auth'], response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) } },
    },
    async (request) => {
      const session = await requireSession(ctx, request, ['full', 'mfa_enrolment']);
      const user = await ctx.db
        .selectFrom('app_user')
        .select(['totp_secret'])
        .where('id', '=', session.actor.userId)
        .executeTakeFirstOrThrow();
      if (user.totp_secret)
        throw new Problem(
          'conflict',
          'A second factor is already enrolled for this account. An administrator can reset it.',
        );
      const secret = newTotpSecret();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ totp_pending: ctx.keys.encrypt(secret) })
          .where('id', '=', session.actor.userId)
          .execute();
        await recordAudit(
          trx,
          { actor: session.actor, clientIp: request.ip },
          { action: 'auth.totp_enroll', outcome: 'success', recordType: 'user', recordId: session.actor.userId },
        );
      });
      return { secret, otpauthUrl: otpauthUrl(secret, session.email) };
    },
  );

  /** Checks a code against the stored (pending or active) secret; counts failures against the account. */
  async function checkCode(
    request: FastifyRequest,
    userId: string,
    email: string,
    code: string,
    which: 'totp_pending' | 'totp_secret',
  ) {
    const keys = [accountKey(email), addressKey(request.ip)];
    const locked = await lockedForSeconds(ctx.db, keys);
    if (locked > 0) throw tooMany(locked);
    const row = await ctx.db
      .selectFrom('app_user')
      .select(['totp_pending', 'totp_secret', 'totp_last_step'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const sealed = row[which];
    if (!sealed)
      throw new Problem(
        'conflict',
        which === 'totp_pending'
          ? 'Start enrolment first (POST /api/v1/auth/totp/enroll).'
          : 'No second factor is enrolled.',
      );
    const secret = ctx.keys.decrypt(sealed);
    const step = acceptedStep(secret, email, code);
    if (step === null || (row.totp_last_step !== null && step <= Number(row.totp_last_step))) {
      await ctx.db.transaction().execute(async (trx) => {
        await recordFailure(trx, keys[0]!, ACCOUNT_RULE);
        await recordAudit(
          trx,
          { actor: null, actorIdOverride: userId, clientIp: request.ip },
          { action: 'auth.totp_verify', outcome: 'failure', recordType: 'user', recordId: userId },
        );
      });
      throw new Problem(
        'invalid-totp',
        'The code is wrong or was already used. Wait for the next code from your authenticator app.',
      );
    }
    return { secret, step };
  }

  app.post(
    `${API_PREFIX}/auth/totp/confirm`,
    {
      config: { access: RULES.totpEnrol },
      schema: { tags: ['auth'], body: codeBody, response: { 200: z.object({ totpEnabled: z.literal(true) }) } },
    },
    async (request) => {
      const session = await requireSession(ctx, request, ['full', 'mfa_enrolment']);
      const { secret, step } = await checkCode(
        request,
        session.actor.userId,
        session.email,
        request.body.code,
        'totp_pending',
      );
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ totp_secret: ctx.keys.encrypt(secret), totp_pending: null, totp_last_step: step })
          .where('id', '=', session.actor.userId)
          .execute();
        await setSessionStage(trx, session.tokenHash, 'full');
        await recordAudit(
          trx,
          { actor: session.actor, clientIp: request.ip },
          { action: 'auth.totp_confirm', outcome: 'success', recordType: 'user', recordId: session.actor.userId },
        );
      });
      return { totpEnabled: true as const };
    },
  );

  app.post(
    `${API_PREFIX}/auth/totp/verify`,
    {
      config: { access: RULES.totpVerify },
      schema: { tags: ['auth'], body: codeBody, response: { 200: z.object({ stage: z.literal('full') }) } },
    },
    async (request) => {
      const session = await requireSession(ctx, request, ['mfa_pending']);
      const { step } = await checkCode(request, session.actor.userId, session.email, request.body.code, 'totp_secret');
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ totp_last_step: step })
          .where('id', '=', session.actor.userId)
          .execute();
        await setSessionStage(trx, session.tokenHash, 'full');
        await recordAudit(
          trx,
          { actor: session.actor, clientIp: request.ip },
          { action: 'auth.totp_verify', outcome: 'success', recordType: 'user', recordId: session.actor.userId },
        );
      });
      return { stage: 'full' as const };
    },
  );
}
