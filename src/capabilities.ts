// The composition root of the capabilities: how they react to each other's events.
// Registry knows nothing of referrals; assistance ends a case's referrals and the
// access they gave when the registry closes the case.
import type { Logger } from 'pino';
import { bindAuditWriter } from './access/audit.js';
import { closeReferralsOfCase } from './assistance/referrals.js';
import { refreshPersons } from './linkage/store.js';
import { notifyCaseAssigned, notifyReferralChanged } from './notifications/notify.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import type { Database } from './platform/database.js';
import { openContext } from './platform/open-context.js';
import { refreshAfterLinkage } from './statistics/refresh.js';

/** Wires every cross-capability reaction into `ctx` (once). */
export function connectCapabilities(ctx: AppContext): AppContext {
  ctx.hooks.caseClosed.push((db, actor, caseId) => closeReferralsOfCase(ctx, db, actor, caseId));
  // record linkage keeps its registration-check index and the clusters in step with the registry
  ctx.hooks.personsChanged.push((db, personIds) => refreshPersons(ctx, db, personIds));
  // statistics count a person once per linkage cluster: a completed run changes who is one person
  ctx.hooks.clustersChanged.push((db, jobId) => refreshAfterLinkage(ctx, db, jobId));
  // notifications tell people of assignments and of referrals sent to them or answered
  ctx.hooks.caseAssigned.push((db, actor, event) => notifyCaseAssigned(ctx, db, actor, event));
  ctx.hooks.referralChanged.push((db, actor, event) => notifyReferralChanged(ctx, db, actor, event));
  return ctx;
}

/** The database, keys and wired capabilities that every command and the server work with. */
export async function openLanternContext(config: Config, logger: Logger, database?: Database): Promise<AppContext> {
  const ctx = await openContext(config, logger, database);
  bindAuditWriter(ctx.db, ctx.keys.auditKey); // recordAudit signs every event it writes
  return connectCapabilities(ctx);
}
