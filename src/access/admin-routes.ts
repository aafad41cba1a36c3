// Administration of agencies and users, and the audit trail for auditors.
import { actorOf } from './route-access.js';
import { RULES } from './rules.js';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { etagOf, stale, versionFromIfMatch } from '../platform/etag.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import {
  agencyCreateSchema,
  agencySchema,
  auditEventSchema,
  auditQuerySchema,
  userCreateSchema,
  resetCodeIssuedSchema,
  userPatchSchema,
  userSchema,
} from '../contract/schemas/access.js';
import { auditEventsPage } from './audit-view.js';
import { recordAudit } from './audit.js';
import {
  createAgency,
  createUser,
  getUser,
  listAgencies,
  listUsers,
  resetPassword,
  roleChange,
  setAgencyDisabled,
  updateUser,
} from './directory.js';
import {
  canListUsers,
  canManageAgencies,
  canManageUsersOf,
  canReadAuditTrail,
  canResetPassword,
  canSeeUser,
  canUpdateUser,
  changesOwnRoles,
  isOwnAgency,
  userCapabilities,
} from './account-policy.js';
import { issueResetCode, RESET_CODE_MINUTES } from './reset-codes.js';
import type { Actor } from '../platform/actor.js';
import type { UserView } from './directory.js';

/** A user as the caller sees it: with what the caller may do to the account. */
const withCan = (actor: Actor, user: UserView) => ({ ...user, can: userCapabilities(actor, user) });

const idParams = z.object({ id: z.uuid('an id (UUID)') });

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/agencies`,
    {
      config: { access: RULES.agencies },
      schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(agencySchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request); // agency names are not personal data; every user needs them (e.g. to refer)
      return { items: (await listAgencies(ctx.db)).map((a) => ({ ...a, mine: isOwnAgency(actor, a.id) })) };
    },
  );

  app.post(
    `${API_PREFIX}/agencies`,
    {
      config: { access: RULES.agencyManage },
      schema: {
        tags: ['admin'],
        body: agencyCreateSchema,
        response: { 201: agencySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canManageAgencies(actor)) throw forbidden('Only a system administrator can add agencies.');
      const agency = await ctx.db.transaction().execute(async (trx) => {
        const created = await createAgency(trx, request.body);
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          { action: 'agency.create', outcome: 'success', recordType: 'agency', recordId: created.id },
        );
        return created;
      });
      return reply.status(201).send({ ...agency, mine: isOwnAgency(actor, agency.id) });
    },
  );

  app.patch(
    `${API_PREFIX}/agencies/:id`,
    {
      config: { access: RULES.agencyManage },
      schema: {
        tags: ['admin'],
        params: idParams,
        body: z.object({ disabled: z.boolean() }).strict(),
        response: { 200: agencySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!canManageAgencies(actor)) throw forbidden('Only a system administrator can disable agencies.');
      return ctx.db.transaction().execute(async (trx) => {
        const agency = await setAgencyDisabled(trx, request.params.id, request.body.disabled);
        if (!agency) throw notFound('agency');
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          {
            action: 'agency.update',
            outcome: 'success',
            recordType: 'agency',
            recordId: agency.id,
            details: { disabled: request.body.disabled },
          },
        );
        return { ...agency, mine: isOwnAgency(actor, agency.id) };
      });
    },
  );

  app.get(
    `${API_PREFIX}/users`,
    {
      config: { access: RULES.userList },
      schema: {
        tags: ['admin'],
        querystring: z.object({ agencyId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const agencyId = request.query.agencyId ?? (actor.roles.includes('system_admin') ? null : actor.agencyId);
      if (!canListUsers(actor, agencyId))
        throw forbidden('Only administrators can list users, and agency administrators only their own agency.');
      return { items: (await listUsers(ctx.db, agencyId)).map((u) => withCan(actor, u)) };
    },
  );

  app.post(
    `${API_PREFIX}/users`,
    {
      config: { access: RULES.userCreate },
      schema: {
        tags: ['admin'],
        body: userCreateSchema,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!canManageUsersOf(actor, request.body.agencyId, request.body.roles)) {
        throw forbidden(
          'You can only create users of your own agency, and only a system administrator grants the roles system_admin and auditor.',
        ).withAuditDetails({ rolesAfter: [...new Set(request.body.roles)].sort() });
      }
      const user = await ctx.db.transaction().execute(async (trx) => {
        // The administrator chose this password: the user must replace it at first sign-in.
        const created = await createUser(trx, { ...request.body, mustChangePassword: true });
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          {
            action: 'user.create',
            outcome: 'success',
            recordType: 'user',
            recordId: created.id,
            details: { rolesBefore: [], rolesAfter: [...created.roles].sort() },
          },
        );
        return created;
      });
      return reply.status(201).header('etag', etagOf(user.version)).send(withCan(actor, user));
    },
  );

  app.patch(
    `${API_PREFIX}/users/:id`,
    {
      config: { access: RULES.userUpdate },
      schema: {
        tags: ['admin'],
        params: idParams,
        body: userPatchSchema,
        response: { 200: userSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const version = versionFromIfMatch(request.headers['if-match']);
      const fields = Object.keys(request.body).sort();
      const target = await getUser(ctx.db, request.params.id);
      if (target && changesOwnRoles(actor, target.id, fields)) {
        throw forbidden('Nobody can change their own roles: ask another administrator.').withAuditDetails({
          fields,
          reason: 'own-roles',
        });
      }
      if (!target || !canSeeUser(actor, target)) {
        throw notFound('user').withAuditDetails({ fields });
      }
      if (!canUpdateUser(actor, target, fields, request.body.roles ?? [])) {
        throw forbidden(
          'Only a system administrator grants the roles system_admin and auditor, or changes the accounts that hold them.',
        ).withAuditDetails({
          fields,
          ...(request.body.roles ? { rolesAfter: [...new Set(request.body.roles)].sort() } : {}),
        });
      }
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const result = await updateUser(trx, target.id, version, request.body);
        if (result === 'stale') throw stale();
        if (!result) throw notFound('user');
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          {
            action: 'user.update',
            outcome: 'success',
            recordType: 'user',
            recordId: target.id,
            details: { fields, ...roleChange(result.before.roles, result.after.roles) },
          },
        );
        return result.after;
      });
      return reply.header('etag', etagOf(updated.version)).send(withCan(actor, updated));
    },
  );

  app.post(
    `${API_PREFIX}/users/:id/password-reset`,
    {
      config: { access: RULES.userPasswordReset },
      schema: {
        tags: ['admin'],
        description:
          'Sets a password for another user, who must choose a new one at their next sign-in; ends their sessions. ' +
          'A weak password is a 400 on `body.password` with a `code` (see POST /auth/password). To change your own, use POST /auth/password.',
        params: idParams,
        body: z.object({ password: z.string().min(1).max(256) }).strict(),
        response: { 200: userSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const target = await getUser(ctx.db, request.params.id);
      if (!target || !canSeeUser(actor, target)) {
        throw notFound('user');
      }
      if (!canResetPassword(actor, target)) {
        throw forbidden(
          'You cannot set this password: change your own at POST /auth/password; only a system administrator resets those of system_admin and auditor accounts.',
        );
      }
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const result = await resetPassword(trx, target.id, request.body.password);
        if (!result) throw notFound('user');
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          { action: 'user.password_reset', outcome: 'success', recordType: 'user', recordId: target.id },
        );
        return result;
      });
      return reply.header('etag', etagOf(updated.version)).send(withCan(actor, updated));
    },
  );

  app.post(
    `${API_PREFIX}/users/:id/reset-code`,
    {
      config: { access: RULES.userResetCode },
      schema: {
        tags: ['admin'],
        description:
          `Issues a one-time reset code for a user who forgot their password (valid ${RESET_CODE_MINUTES} minutes, ` +
          'single use; a new code replaces the last). The user signs in with it (POST /auth/reset-code) and can only ' +
          'choose a new password; their other sessions end then. Shown once: only its hash is kept.',
        params: idParams,
        response: { 200: resetCodeIssuedSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const target = await getUser(ctx.db, request.params.id);
      if (!target || !canSeeUser(actor, target)) throw notFound('user');
      if (!canResetPassword(actor, target)) {
        throw forbidden(
          'You cannot reset this password: change your own in your account; only a system administrator resets those of system_admin, auditor and data_steward accounts.',
        );
      }
      if (target.disabled) throw new Problem('conflict', 'This account is disabled: enable it first.');
      const issued = await ctx.db.transaction().execute(async (trx) => {
        const result = await issueResetCode(trx, target.id, actor.userId);
        await recordAudit(
          trx,
          { actor, clientIp: request.ip },
          { action: 'user.reset_code', outcome: 'success', recordType: 'user', recordId: target.id },
        );
        return result;
      });
      return { code: issued.code, expiresAt: issued.expiresAt.toISOString(), validMinutes: RESET_CODE_MINUTES };
    },
  );

  app.get(
    `${API_PREFIX}/audit`,
    {
      config: { access: RULES.auditTrail },
      schema: {
        tags: ['audit'],
        querystring: auditQuerySchema,
        response: { 200: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!canReadAuditTrail(actor)) throw notFound('resource');
      const { recordId, actorId, action } = request.query;
      const page = await auditEventsPage(ctx.db, request.query);
      await recordAudit(
        ctx.db,
        { actor, clientIp: request.ip },
        {
          action: 'audit.read',
          outcome: 'success',
          details: { recordId: recordId ?? null, actorId: actorId ?? null, action: action ?? null },
        },
      );
      return page;
    },
  );
}
