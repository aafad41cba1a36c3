// HTTP routes of the network (issue 13 §3): the graph around a node, the shortest path between two suspects,
// clusters, and the export as GraphML or CSV. Law-enforcement investigators and prosecutors only (404 else).
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import { today } from '../contract/calendar.js';
import {
  clustersQuerySchema,
  clustersSchema,
  networkExportQuerySchema,
  networkQuerySchema,
  networkSchema,
  pathQuerySchema,
  pathSchema,
} from '../contract/schemas/prosecution-network.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import { auditNetwork, clusters, networkAround, pathBetween } from './network.js';
import { toEdgesCsv, toGraphML, toNodesCsv } from './network-export.js';

const tags = ['prosecution'];

export async function networkRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/network`,
    {
      config: { access: RULES.networkRead },
      schema: {
        tags,
        description:
          'The network around a node (suspect:<id>, organisation:<id>, case:<id>, identifier:<key>), 1 to 3 links ' +
          'deep, as far as the caller may see; at most 500 nodes (then `truncated`). `roles` keeps only links ' +
          'with these roles (links between suspects and identifiers stay); `from`/`to` the links recorded then.',
        querystring: networkQuerySchema,
        response: { 200: networkSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return networkAround(ctx, actorOf(request), q.around, q.hops, { roles: q.roles, from: q.from, to: q.to });
    },
  );
  app.get(
    `${API_PREFIX}/network/path`,
    {
      config: { access: RULES.networkPath },
      schema: {
        tags,
        description: 'The shortest chain of links between two suspects, or 404 when there is none within maxHops.',
        querystring: pathQuerySchema,
        response: { 200: pathSchema },
      },
    },
    async (request) => pathBetween(ctx, actorOf(request), request.query.from, request.query.to, request.query.maxHops),
  );
  app.get(
    `${API_PREFIX}/network/clusters`,
    {
      config: { access: RULES.networkClusters },
      schema: {
        tags,
        description:
          'The connected groups reachable from `around`, or from the suspects of the caller’s agency, largest first.',
        querystring: clustersQuerySchema,
        response: { 200: clustersSchema },
      },
    },
    async (request) => clusters(ctx, actorOf(request), request.query.around),
  );
  app.get(
    `${API_PREFIX}/network/export`,
    {
      config: { access: RULES.networkExport },
      schema: {
        tags,
        description:
          'The network around a node as a file: format=graphml (GraphML 1.0, keys type/label/kind for nodes and ' +
          'type/role/relation/recordedAt for edges), csv-nodes (id,type,label,kind) or csv-edges ' +
          '(id,source,target,type,role,relation,recordedAt). Audited as an export.',
        querystring: networkExportQuerySchema,
        response: {
          200: {
            description: 'The file (GraphML or CSV)',
            content: {
              'application/graphml+xml': { schema: z.any().describe('GraphML 1.0') },
              'text/csv': { schema: z.any().describe('CSV with a header row') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const q = request.query;
      const network = await networkAround(
        ctx,
        actor,
        q.around,
        q.hops,
        { roles: q.roles, from: q.from, to: q.to },
        null,
      );
      await auditNetwork(ctx, actor, 'network.export', q.around, {
        nodes: network.nodes.length,
        edges: network.edges.length,
        hops: q.hops,
        format: q.format,
      });
      const [body, type, ext] =
        q.format === 'graphml'
          ? [toGraphML(network), 'application/graphml+xml; charset=utf-8', 'graphml']
          : q.format === 'csv-nodes'
            ? [toNodesCsv(network.nodes), 'text/csv; charset=utf-8', 'nodes.csv']
            : [toEdgesCsv(network.edges), 'text/csv; charset=utf-8', 'edges.csv'];
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="lantern-network-${today()}.${ext}"`)
        .send(body);
    },
  );
}
