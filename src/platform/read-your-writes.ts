// The HTTP half of read-your-writes with a read replica (the rule and its reasons: platform/replica.ts). After a
// request that changed something, the client is given the primary's WAL position; the next requests bring it
// back and `ctx.reads.of(actor)` keeps their reads on the primary until the replica has replayed that far.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from './context.js';
import { lsnText, lsnValue, WRITTEN_COOKIE, WRITTEN_HEADER } from './replica.js';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The latest WAL position the request brought back (cookie or header), if any and well formed. */
export function writtenPositionOf(request: FastifyRequest): string | undefined {
  const header = request.headers[WRITTEN_HEADER];
  const values = [request.cookies?.[WRITTEN_COOKIE], Array.isArray(header) ? header[0] : header]
    .map(lsnValue)
    .filter((v): v is bigint => v !== undefined);
  if (values.length === 0) return undefined;
  return lsnText(values.reduce((a, b) => (a > b ? a : b)));
}

/**
 * Gives the client the primary's WAL position after each request that changed something (only with a
 * replica: without one nothing is added, not even a hook). One short query per such request, none per read.
 */
export function followWrites(app: FastifyInstance, ctx: AppContext): void {
  if (!ctx.reads.replicated) return;
  // Past this age the lag rule covers the write anyway: a replica that has not replayed it by then is more than
  // LANTERN_REPLICA_MAX_LAG_MS behind, and then nobody reads from it.
  const maxAge = Math.ceil(ctx.config.replicaMaxLagMs / 1000) + 60;
  app.addHook('onSend', async (request, reply, payload) => {
    // Signed-in callers only: nobody else reads from the replica, and the public's report form sets no cookie.
    if (!request.actor || !CHANGES.has(request.method) || reply.statusCode >= 400) return payload;
    let position: string | undefined;
    try {
      position = await ctx.reads.writtenNow();
    } catch (error) {
      // the answer stands; without a position the client's next reads may miss this write on a lagging replica
      request.log.warn({ err: { type: (error as Error)?.name } }, 'could not read the WAL position after a write');
    }
    if (!position) return payload;
    reply.header(WRITTEN_HEADER, position);
    // written here, not with reply.setCookie: the cookie plugin's own onSend hook has already run
    reply.header(
      'set-cookie',
      app.serializeCookie(WRITTEN_COOKIE, position, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.cookieSecure,
        path: '/',
        maxAge,
      }),
    );
    return payload;
  });
}
