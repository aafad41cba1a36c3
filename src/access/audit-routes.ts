// The audit anchor over the API, for auditors: the same signed checkpoint as
// `lantern audit anchor`, to be kept outside the server by the inspection body.
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { Problem } from '../platform/problems.js';
import { AuditChainHeadError, takeAnchor } from './audit-chain.js';
import { recordAudit } from './audit.js';
import { actorOf } from './route-access.js';
import { RULES } from './rules.js';

export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/audit/anchor`,
    {
      config: { access: RULES.auditAnchor },
      schema: {
        tags: ['audit'],
        description:
          'A signed one-line checkpoint of the audit trail (sequence, time, chain hash, MAC). Keep it outside the ' +
          'server; `lantern audit verify --anchor <line>` fails if any event up to it is missing or changed.',
        response: {
          200: z.object({ anchor: z.string(), seq: z.number(), at: z.string() }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await recordAudit(ctx.db, { actor, clientIp: request.ip }, { action: 'audit.anchor', outcome: 'success' });
      try {
        const { text, anchor } = await takeAnchor(ctx.db, ctx.keys.auditKey);
        return { anchor: text, seq: anchor.seq, at: anchor.at.toISOString() };
      } catch (error) {
        if (error instanceof AuditChainHeadError)
          throw new Problem('conflict', `The audit trail is broken, so no anchor is issued: ${error.message}`, {
            reason: 'audit-broken',
          });
        throw error;
      }
    },
  );
}
