// The door every request passes. Each route declares in its definition the access
// rule that decides it (`config: { access: ... }`); a route without one stops the
// server from starting. Before the route's handler runs, the rule's session stage
// is checked and, for rules decided by the caller's roles alone, the policy
// function is applied; a refusal is audited here, so no route can forget to.
// Rules decided by the record itself name the policy function the service calls
// (through the gates in case-gate.ts and the policy module), which audits its own refusals.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction } from '../contract/audit-actions.js';
import type { AppContext } from '../platform/context.js';
import { forbidden, notFound, Problem } from '../platform/problems.js';
import type { Actor } from '../platform/actor.js';
import { recordAudit, type AuditDetails } from './audit.js';
import { writtenPositionOf } from '../platform/read-your-writes.js';
import { requireSession } from './authenticate.js';
import type { SessionStage } from './sessions.js';

export interface RouteAccess {
  /** Stable name of the rule; the OpenAPI document shows it as `x-lantern-access`. */
  readonly name: AuditAction;
  /** Session stages accepted; empty for a public route. */
  readonly stages: readonly SessionStage[];
  /** Decided from the caller alone before the handler runs; null when nothing is checked up front. */
  readonly gate: ((actor: Actor) => boolean) | null;
  /** How a refusal by `gate` answers: 404 when the route is about records the caller may not know of. */
  readonly refusal: 'not-found' | 'forbidden';
  /** The policy function the service applies to the record or list (for records: its refusals are 404s). */
  readonly decidedBy: string;
  /** Why a route is public (public routes only). */
  readonly publicBecause?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in caller, set by the access hook for every non-public route. */
    actor?: Actor;
  }
}

const FULL: readonly SessionStage[] = ['full'];

/** A route anyone may call, with the reason it needs no sign-in. */
export const publicRoute = (name: AuditAction, publicBecause: string): RouteAccess => ({
  name,
  stages: [],
  gate: null,
  refusal: 'not-found',
  decidedBy: 'public',
  publicBecause,
});

/** Decided by a policy function of the caller alone, before the handler runs. */
export const callerRule = (
  name: AuditAction,
  gate: (actor: Actor) => boolean,
  refusal: 'not-found' | 'forbidden',
  stages: readonly SessionStage[] = FULL,
): RouteAccess => ({ name, stages, gate, refusal, decidedBy: gate.name || name });

/** Decided per record (or per list row, in SQL) by the named policy function, which the service applies. */
export const recordRule = (
  name: AuditAction,
  decidedBy: { name: string },
  options: {
    gate?: (actor: Actor) => boolean;
    refusal?: 'not-found' | 'forbidden';
    stages?: readonly SessionStage[];
  } = {},
): RouteAccess => ({
  name,
  stages: options.stages ?? FULL,
  gate: options.gate ?? null,
  refusal: options.refusal ?? 'not-found',
  decidedBy: decidedBy.name,
});

/** The caller of a route that is not public (resolved by the access hook). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`${request.routeOptions.url}: a public route has no signed-in caller`);
  return request.actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Installs the door on `app`: routes registered after this must declare their
 * access, and every request is authenticated and gated by its route's rule.
 */
export function installAccessControl(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access rule: add config.access (src/access/route-access.ts).`,
      );
    }
    // The OpenAPI document says which rule decides each route.
    if (route.schema) (route.schema as Record<string, unknown>)['x-lantern-access'] = access.name;
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // unmatched routes: the not-found handler answers
    if (access.stages.length === 0) return;
    const session = await requireSession(ctx, request, [...access.stages]);
    if (ctx.reads.replicated) {
      const readAfter = writtenPositionOf(request); // the caller's last write: their reads wait for it
      if (readAfter) session.actor.readAfter = readAfter;
    }
    request.actor = session.actor;
    if (access.gate && !access.gate(session.actor)) {
      throw access.refusal === 'forbidden' ? forbidden(refusalMessage(access)) : notFound();
    }
  });

  // Every refusal of a signed-in caller is audited here, wherever it was decided: by the gate
  // above or by a policy function in a service (its transaction has rolled back by now).
  app.addHook('onError', async (request, _reply, error) => {
    const access = request.routeOptions.config.access;
    const actor = request.actor;
    if (!access || !actor || !(error instanceof Problem)) return;
    if (error.status !== 403 && error.status !== 404) return;
    const id = (request.params as Record<string, unknown> | undefined)?.id;
    await recordAudit(
      ctx.db,
      { actor, clientIp: actor.clientIp },
      {
        action: access.name,
        outcome: error.status === 403 ? 'denied' : 'not_found',
        ...(error.auditDetails ? { details: error.auditDetails as AuditDetails } : {}),
        ...(typeof id === 'string' && UUID.test(id)
          ? { recordType: recordTypeOf(request.routeOptions.url ?? ''), recordId: id }
          : {}),
      },
    );
  });
}

/** The kind of record a route's :id names, from its path: /api/v1/cases/:id/notes → case. */
export function recordTypeOf(url: string): string | null {
  const match = /^\/api\/v1\/(.+?)\/:id/.exec(url);
  if (!match) return null;
  return RECORD_TYPES[match[1]!] ?? null;
}

const RECORD_TYPES: Record<string, string> = {
  cases: 'case',
  persons: 'person',
  referrals: 'referral',
  consents: 'consent',
  services: 'service',
  'follow-ups': 'follow_up',
  screenings: 'screening',
  'screening/events': 'screening_event',
  'repatriation-groups': 'repatriation_group',
  users: 'user',
  agencies: 'agency',
  jobs: 'job',
  merges: 'person_merge',
  'linkage/pairs': 'candidate_pair',
  imports: 'import',
  attachments: 'attachment',
  'information-requests': 'information_request',
  reports: 'public_report',
  suspects: 'suspect',
  organisations: 'organisation',
};

function refusalMessage(access: RouteAccess): string {
  return `Your role does not allow this (${access.name}).`;
}
