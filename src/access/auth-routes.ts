// Sign-in, sign-out, the TOTP second factor, and changing one's own password.
import { appCapabilities } from './capabilities.js';
import {
  afterSecondFactorSchema,
  appCapabilitiesSchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  passwordChangeBodySchema,
  passwordChangedSchema,
  resetCodeBodySchema,
  totpEnrolmentSchema,
  totpCodeBodySchema,
} from '../contract/schemas/access.js';
import { RULES } from './rules.js';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import type { Role } from '../contract/codes.js';
import { recordAudit } from './audit.js';
import { requireSession, SESSION_COOKIE } from './authenticate.js';
import {
  DEVICE_COOKIE,
  DEVICE_DAYS,
  forgetOtherDevices,
  hasSignedInFrom,
  knownDeviceOf,
  rememberDevice,
} from './known-devices.js';
import { hashPassword, requireStrongPassword, verifyPassword } from './passwords.js';
import { requiresSecondFactor } from './account-policy.js';
import {
  createSession,
  revokeAllSessionsOf,
  revokeOtherSessionsOf,
  revokeSession,
  setSessionStage,
  type ResolvedSession,
  type SessionStage,
} from './sessions.js';
import {
  ADDRESS_RULE,
  KNOWN_DEVICE_RULE,
  PASSWORD_CHANGE_RULE,
  SECOND_FACTOR_RULE,
  UNKNOWN_DEVICE_RULE,
  accountKey,
  addressKey,
  clearFailures,
  deviceKey,
  lockedForSeconds,
  passwordChangeKey,
  recordFailure,
  RESET_CODE_RULE,
  resetCodeKey,
  secondFactorKey,
  takeAttempt,
} from './throttle.js';
import { dropResetCode, redeemResetCode } from './reset-codes.js';
import { acceptedStep, newTotpSecret, otpauthUrl } from './totp.js';

/** The capabilities of a session that has a step left (second factor, new password): none. */
const NOTHING: z.infer<typeof appCapabilitiesSchema> = {
  seeCases: false,
  registerCases: false,
  screen: false,
  runBorderEvents: false,
  seeReferrals: false,
  administerUsers: false,
  administerAllAgencies: false,
  manageAgencies: false,
  readAuditTrail: false,
  readAgencyAccessLogs: false,
  grantableRoles: [],
  importRecords: false,
  importForAnyAgency: false,
  reviewPairs: false,
  seeLinkage: false,
  runLinkage: false,
  seeStatistics: false,
  exportMicrodata: false,
  refreshStatistics: false,
  superviseTeam: false,
  seeAgencyKpis: false,
  workOnProsecution: false,
  recordIntelligence: false,
  seeSites: false,
  manageSites: false,
  triageReports: false,
};

function tooMany(seconds: number, what = 'failed sign-in attempts') {
  return new Problem('too-many-requests', `Too many ${what}. Try again in ${Math.ceil(seconds / 60)} minute(s).`, {
    retryAfterSeconds: seconds,
  });
}

const invalidTotp = () =>
  new Problem(
    'invalid-totp',
    'The code is wrong or was already used. Wait for the next code from your authenticator app.',
  );

/** The otpauth URL as a QR code to scan: an SVG data URL, made here (no third party sees the secret). */
async function qrCodeOf(url: string): Promise<string> {
  // Loaded on first use: only enrolment needs it.
  const QRCode = (await import('qrcode')).default;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The stage after the second factor: a password chosen by someone else must be changed first. */
async function stageAfterSecondFactor(db: Kysely<DB>, userId: string): Promise<'full' | 'password_change'> {
  const row = await db
    .selectFrom('app_user')
    .select('must_change_password')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.must_change_password ? 'password_change' : 'full';
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
  // Sent only to the sign-in routes; it proves nothing on its own (see known-devices.ts).
  const setDeviceCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(DEVICE_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: `${API_PREFIX}/auth`,
      maxAge: DEVICE_DAYS * 86_400,
    });
  const deviceTokenOf = (request: FastifyRequest) => request.cookies?.[DEVICE_COOKIE];

  app.post(
    `${API_PREFIX}/auth/login`,
    {
      config: { access: RULES.login },
      schema: {
        tags: ['auth'],
        security: [],
        body: loginBodySchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const audit = { actor: null, clientIp: request.ip };
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
          'u.must_change_password',
          'a.disabled as agency_disabled',
        ])
        .where('u.email', '=', email)
        .executeTakeFirst();

      // Which counters this attempt falls under (throttle.ts): its known device's, or
      // the account's for unknown devices, plus its address's for accounts never seen there.
      const device = user ? await knownDeviceOf(ctx.db, user.id, deviceTokenOf(request)) : null;
      const deviceCounter = user && device ? deviceKey(user.id, device) : null;
      const known = deviceCounter !== null && (await lockedForSeconds(ctx.db, [deviceCounter])) === 0;
      const seenHere = !known && user ? await hasSignedInFrom(ctx.db, user.id, request.ip) : false;
      const counter = known ? deviceCounter! : accountKey(email);
      const addressCounts = !known && !seenHere;
      const throttled = async (seconds: number) => {
        await recordAudit(
          ctx.db,
          { ...audit, actorIdOverride: user?.id ?? null },
          {
            action: 'auth.login',
            outcome: 'denied',
            recordType: user ? 'user' : null,
            recordId: user?.id ?? null,
            details: { reason: 'throttled', device: known ? 'known' : 'unknown' },
          },
        );
        return tooMany(seconds);
      };
      const locked = known
        ? 0
        : await lockedForSeconds(ctx.db, addressCounts ? [counter, addressKey(request.ip)] : [counter]);
      if (locked > 0) throw await throttled(locked);
      const wait = await takeAttempt(ctx.db, counter, known ? KNOWN_DEVICE_RULE : UNKNOWN_DEVICE_RULE);
      if (wait > 0) throw await throttled(wait);

      const passwordOk = await verifyPassword(user?.password_hash ?? null, request.body.password);
      if (!user || !passwordOk || user.disabled || user.agency_disabled) {
        await ctx.db.transaction().execute(async (trx) => {
          if (addressCounts) await recordFailure(trx, addressKey(request.ip), ADDRESS_RULE);
          await recordAudit(
            trx,
            { ...audit, actorIdOverride: user?.id ?? null },
            { action: 'auth.login', outcome: 'failure', recordType: user ? 'user' : null, recordId: user?.id ?? null },
          );
        });
        throw new Problem('invalid-credentials', 'The email or password is wrong, or the account is disabled.');
      }
      const roles = user.roles as Role[];
      const stage: SessionStage = user.totp_secret
        ? 'mfa_pending'
        : requiresSecondFactor(roles)
          ? 'mfa_enrolment'
          : user.must_change_password
            ? 'password_change'
            : 'full';
      const { token, deviceToken } = await ctx.db.transaction().execute(async (trx) => {
        await clearFailures(trx, counter);
        await trx.updateTable('app_user').set({ last_sign_in_at: new Date() }).where('id', '=', user.id).execute();
        const t = await createSession(trx, user.id, stage, ctx.config.sessionHours, request.ip);
        const d = await rememberDevice(trx, user.id, deviceTokenOf(request));
        await recordAudit(
          trx,
          { ...audit, actorIdOverride: user.id },
          {
            action: 'auth.login',
            outcome: 'success',
            recordType: 'user',
            recordId: user.id,
            details: { stage, device: known ? 'known' : 'unknown' },
          },
        );
        return { token: t, deviceToken: d };
      });
      setCookie(reply, token);
      setDeviceCookie(reply, deviceToken);
      return {
        token,
        user: { id: user.id, email: user.email, roles, agencyId: user.agency_id },
        mfaRequired: stage === 'mfa_pending',
        mfaEnrolmentRequired: stage === 'mfa_enrolment',
        passwordChangeRequired: user.must_change_password,
      };
    },
  );

  app.post(
    `${API_PREFIX}/auth/reset-code`,
    {
      config: { access: RULES.resetCodeSignIn },
      schema: {
        tags: ['auth'],
        security: [],
        description:
          'Signs in with a one-time reset code issued by an administrator (POST /users/:id/reset-code) or the CLI ' +
          '(`lantern user reset-password`). The code is used up; every other session of the user ends; the new ' +
          'session (after the second factor, if the account has one) can only choose a new password with ' +
          'POST /auth/password, without the current one. Wrong codes are throttled like passwords (429).',
        body: resetCodeBodySchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const user = await ctx.db
        .selectFrom('app_user as u')
        .innerJoin('agency as a', 'a.id', 'u.agency_id')
        .select(['u.id', 'u.email', 'u.roles', 'u.agency_id', 'u.disabled', 'u.totp_secret', 'a.disabled as off'])
        .where('u.email', '=', email)
        .executeTakeFirst();
      const audit = { actor: null, actorIdOverride: user?.id ?? null, clientIp: request.ip };
      const target = { recordType: user ? 'user' : null, recordId: user?.id ?? null };
      // Guesses count per account, and per address for accounts never signed in from there (as at sign-in).
      const counter = resetCodeKey(email);
      const seenHere = user ? await hasSignedInFrom(ctx.db, user.id, request.ip) : false;
      const keys = seenHere ? [counter] : [counter, addressKey(request.ip)];
      const locked = await lockedForSeconds(ctx.db, keys);
      const wait = locked > 0 ? locked : await takeAttempt(ctx.db, counter, RESET_CODE_RULE);
      if (wait > 0) {
        await recordAudit(ctx.db, audit, {
          action: 'auth.reset_code',
          outcome: 'denied',
          ...target,
          details: { reason: 'throttled' },
        });
        throw tooMany(wait, 'wrong reset codes');
      }
      const usable = user !== undefined && !user.disabled && !user.off;
      const session = usable
        ? await ctx.db.transaction().execute(async (trx) => {
            if (!(await redeemResetCode(trx, user.id, request.body.code))) return null;
            const roles = user.roles as Role[];
            // The second factor still stands between a code and the account; then only a new password.
            const stage: SessionStage = user.totp_secret
              ? 'mfa_pending'
              : requiresSecondFactor(roles)
                ? 'mfa_enrolment'
                : 'password_change';
            await trx
              .updateTable('app_user')
              .set({ must_change_password: true, last_sign_in_at: new Date() })
              .where('id', '=', user.id)
              .execute();
            await revokeAllSessionsOf(trx, user.id);
            await clearFailures(trx, counter);
            const token = await createSession(trx, user.id, stage, ctx.config.sessionHours, request.ip, true);
            const deviceToken = await rememberDevice(trx, user.id, deviceTokenOf(request));
            await recordAudit(
              trx,
              { ...audit, actorIdOverride: user.id },
              { action: 'auth.reset_code', outcome: 'success', ...target, details: { stage } },
            );
            return { token, deviceToken, stage };
          })
        : null;
      if (!session) {
        await ctx.db.transaction().execute(async (trx) => {
          if (!seenHere) await recordFailure(trx, addressKey(request.ip), ADDRESS_RULE);
          await recordAudit(trx, audit, { action: 'auth.reset_code', outcome: 'failure', ...target });
        });
        throw new Problem(
          'invalid-credentials',
          'The email or reset code is wrong, the code has expired or was already used, or the account is disabled. Ask your administrator for a new code.',
        );
      }
      setCookie(reply, session.token);
      setDeviceCookie(reply, session.deviceToken);
      return {
        token: session.token,
        user: { id: user!.id, email: user!.email, roles: user!.roles, agencyId: user!.agency_id },
        mfaRequired: session.stage === 'mfa_pending',
        mfaEnrolmentRequired: session.stage === 'mfa_enrolment',
        passwordChangeRequired: true,
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
      const session = await requireSession(ctx, request, [...RULES.logout.stages]);
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
          200: meSchema,
        },
      },
    },
    async (request) => {
      const session = await requireSession(ctx, request, [...RULES.me.stages]);
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
        viaResetCode: session.viaResetCode && session.stage !== 'full',
        version: u.version,
        // Only a full session may do anything; until then the web app shows the step still to do.
        can: session.stage === 'full' ? appCapabilities(actor) : NOTHING,
      };
    },
  );

  app.post(
    `${API_PREFIX}/auth/password`,
    {
      config: { access: RULES.passwordChange },
      schema: {
        tags: ['auth'],
        description:
          'Changes the caller’s own password. The current password is required (except in a session opened with a reset ' +
          'code, POST /auth/reset-code); the new one must not be easy to guess ' +
          '(a 400 names `body.newPassword` with a `code`: password-too-short, password-too-long, password-personal, ' +
          'password-too-guessable, password-unchanged). Ends the caller’s other sessions and forgets their other devices.',
        body: passwordChangeBodySchema,
        response: {
          200: passwordChangedSchema,
        },
      },
    },
    async (request) => {
      const session = await requireSession(ctx, request, [...RULES.passwordChange.stages]);
      const { actor } = session;
      const user = await ctx.db
        .selectFrom('app_user')
        .select(['password_hash', 'display_name'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      const audit = { actor, clientIp: request.ip };
      const { currentPassword, newPassword } = request.body;
      // A session opened with a reset code chooses a new password without the forgotten one.
      const resetting = session.viaResetCode && session.stage === 'password_change';
      if (!resetting) {
        if (currentPassword === undefined)
          throw new Problem('validation', 'Give your current password.', {
            errors: [{ field: 'body.currentPassword', message: 'is required', code: 'password-required' }],
          });
        const counter = passwordChangeKey(actor.userId);
        const wait = await takeAttempt(ctx.db, counter, PASSWORD_CHANGE_RULE);
        if (wait > 0) {
          await recordAudit(ctx.db, audit, {
            action: 'auth.password_change',
            outcome: 'denied',
            recordType: 'user',
            recordId: actor.userId,
            details: { reason: 'throttled' },
          });
          throw tooMany(wait, 'wrong current passwords');
        }
        if (!(await verifyPassword(user.password_hash, currentPassword))) {
          await recordAudit(ctx.db, audit, {
            action: 'auth.password_change',
            outcome: 'failure',
            recordType: 'user',
            recordId: actor.userId,
            details: { reason: 'wrong-current-password' },
          });
          throw new Problem('validation', 'The current password is wrong.', {
            errors: [
              { field: 'body.currentPassword', message: 'is not your current password', code: 'password-wrong' },
            ],
          });
        }
        await clearFailures(ctx.db, counter);
        if (newPassword === currentPassword)
          throw new Problem('validation', 'The new password is the current one: choose a different password.', {
            errors: [
              {
                field: 'body.newPassword',
                message: 'must differ from the current password',
                code: 'password-unchanged',
              },
            ],
          });
      }
      await requireStrongPassword(
        newPassword,
        { email: session.email, displayName: user.display_name },
        'body.newPassword',
      );
      const hash = await hashPassword(newPassword);
      const endedSessions = await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({
            password_hash: hash,
            must_change_password: false,
            password_changed_at: new Date(),
            version: (eb) => eb('version', '+', 1),
            updated_at: new Date(),
          })
          .where('id', '=', actor.userId)
          .execute();
        const ended = await revokeOtherSessionsOf(trx, actor.userId, session.tokenHash);
        await forgetOtherDevices(trx, actor.userId, deviceTokenOf(request));
        await dropResetCode(trx, actor.userId);
        if (session.stage !== 'full') await setSessionStage(trx, session.tokenHash, 'full');
        if (session.viaResetCode)
          await trx
            .updateTable('user_session')
            .set({ via_reset_code: false })
            .where('token_hash', '=', session.tokenHash)
            .execute();
        await recordAudit(trx, audit, {
          action: 'auth.password_change',
          outcome: 'success',
          recordType: 'user',
          recordId: actor.userId,
          details: {
            forced: session.stage === 'password_change',
            endedSessions: ended,
            ...(resetting ? { via: 'reset-code' } : {}),
          },
        });
        return ended;
      });
      return { stage: 'full' as const, endedSessions };
    },
  );

  app.post(
    `${API_PREFIX}/auth/totp/enroll`,
    {
      config: { access: RULES.totpEnrol },
      schema: { tags: ['auth'], response: { 200: totpEnrolmentSchema } },
    },
    async (request) => {
      const session = await requireSession(ctx, request, [...RULES.totpEnrol.stages]);
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
      const url = otpauthUrl(secret, session.email);
      return { secret, otpauthUrl: url, qrCode: await qrCodeOf(url) };
    },
  );

  /**
   * Checks a code against the stored (pending or active) secret and accepts it
   * atomically: one conditional UPDATE marks its time step used, so of concurrent
   * requests with one code exactly one succeeds. Every attempt counts against the
   * account (SECOND_FACTOR_RULE) across sign-ins; only an accepted code clears the count.
   * Returns the session's next stage.
   */
  async function acceptCode(
    request: FastifyRequest,
    session: ResolvedSession,
    code: string,
    which: 'totp_pending' | 'totp_secret',
  ): Promise<'full' | 'password_change'> {
    const userId = session.actor.userId;
    const action = which === 'totp_pending' ? 'auth.totp_confirm' : 'auth.totp_verify';
    const audit = { actor: null, actorIdOverride: userId, clientIp: request.ip };
    const row = await ctx.db
      .selectFrom('app_user')
      .select(['totp_pending', 'totp_secret'])
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
    const counter = secondFactorKey(userId);
    const wait = await takeAttempt(ctx.db, counter, SECOND_FACTOR_RULE);
    if (wait > 0) {
      await recordAudit(ctx.db, audit, {
        action,
        outcome: 'denied',
        recordType: 'user',
        recordId: userId,
        details: { reason: 'throttled' },
      });
      throw tooMany(wait, 'wrong verification codes');
    }
    const secret = ctx.keys.decrypt(sealed);
    const step = acceptedStep(secret, session.email, code);
    // Enrolling from a full session (no enrolment was required) leaves it full.
    const next = session.stage === 'full' ? ('full' as const) : await stageAfterSecondFactor(ctx.db, userId);
    const accepted =
      step !== null &&
      (await ctx.db.transaction().execute(async (trx) => {
        let update = trx
          .updateTable('app_user')
          .set(
            which === 'totp_pending'
              ? { totp_secret: ctx.keys.encrypt(secret), totp_pending: null, totp_last_step: step }
              : { totp_last_step: step },
          )
          .where('id', '=', userId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]));
        if (which === 'totp_pending') update = update.where('totp_pending', '=', sealed);
        const done = await update.returning('id').executeTakeFirst();
        if (!done) return false; // the step was used meanwhile (or the enrolment changed)
        await clearFailures(trx, counter);
        if (session.stage !== next) await setSessionStage(trx, session.tokenHash, next);
        await recordAudit(
          trx,
          { actor: session.actor, clientIp: request.ip },
          { action, outcome: 'success', recordType: 'user', recordId: userId },
        );
        return true;
      }));
    if (!accepted) {
      await recordAudit(ctx.db, audit, { action, outcome: 'failure', recordType: 'user', recordId: userId });
      throw invalidTotp();
    }
    return next;
  }

  app.post(
    `${API_PREFIX}/auth/totp/confirm`,
    {
      config: { access: RULES.totpEnrol },
      schema: {
        tags: ['auth'],
        body: totpCodeBodySchema,
        response: { 200: afterSecondFactorSchema.extend({ totpEnabled: z.literal(true) }) },
      },
    },
    async (request) => {
      const session = await requireSession(ctx, request, [...RULES.totpEnrol.stages]);
      return {
        totpEnabled: true as const,
        stage: await acceptCode(request, session, request.body.code, 'totp_pending'),
      };
    },
  );

  app.post(
    `${API_PREFIX}/auth/totp/verify`,
    {
      config: { access: RULES.totpVerify },
      schema: { tags: ['auth'], body: totpCodeBodySchema, response: { 200: afterSecondFactorSchema } },
    },
    async (request) => {
      const session = await requireSession(ctx, request, [...RULES.totpVerify.stages]);
      return { stage: await acceptCode(request, session, request.body.code, 'totp_secret') };
    },
  );
}
