// The network (issue 13 §3): suspects, organisations, cases and identifiers as a graph, read hop by hop from
// the link tables. Every hop is filtered in SQL by the prosecution policy (src/access/prosecution-sql.ts): a
// suspect or organisation the caller may not see, a case whose prosecution side they may not read, or an
// identifier row whose holder is invisible to them never becomes a node or an edge. Cases are labelled by
// their reference, never by the victim's name; identifiers by kind and normalised value from a readable row.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../access/audit.js';
import {
  ownIntelligenceCondition,
  prosecutionCaseCondition,
  visibleIdentifierHolderCondition,
  visibleOrganisationCondition,
  visibleSuspectCondition,
} from '../access/prosecution-sql.js';
import type {
  clustersSchema,
  networkEdgeSchema,
  networkNodeSchema,
  networkSchema,
} from '../contract/schemas/prosecution-network.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db-schema.js';
import { notFound, Problem } from '../platform/problems.js';
import { capGraph, connectedComponents, nodeId, parseNodeId, shortestPath, type NodeType } from './network-rules.js';
import { suspectLabel } from './suspects.js';

export type NetworkNode = z.infer<typeof networkNodeSchema>;
export type NetworkEdge = z.infer<typeof networkEdgeSchema>;
export type Network = z.infer<typeof networkSchema>;

/** The most nodes one answer holds; beyond it the answer says `truncated`. */
export const NODE_CAP = 500;

export interface EdgeFilters {
  /** Keep only role-carrying links with one of these roles (links between suspects and identifiers stay). */
  roles?: readonly string[] | undefined;
  /** Links recorded on or after / on or before these days (YYYY-MM-DD). */
  from?: string | undefined;
  to?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));

interface EdgeRow {
  id: string;
  type: NetworkEdge['type'];
  source: string;
  target: string;
  role: string | null;
  relation: string | null;
  recorded_at: Date;
}

function filterSql(alias: string, filters: EdgeFilters, hasRole: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (filters.roles?.length && hasRole) parts.push(sql`${sql.ref(`${alias}.role`)} IN (${list(filters.roles)})`);
  if (filters.from) parts.push(sql`${sql.ref(`${alias}.recorded_at`)} >= ${filters.from}::date`);
  if (filters.to) parts.push(sql`${sql.ref(`${alias}.recorded_at`)} < ${filters.to}::date + 1`);
  return parts.length ? sql`AND ${sql.join(parts, sql` AND `)}` : sql``;
}

/**
 * The visible edges leaving a set of nodes: one query per kind of link that can touch the frontier. Both ends
 * of every edge are visible to the caller (a frontier node is visible; the other end is checked here).
 */
export async function expandFrontier(
  db: Kysely<DB>,
  actor: Actor,
  frontier: readonly string[],
  filters: EdgeFilters = {},
): Promise<NetworkEdge[]> {
  const keys: Record<NodeType, string[]> = { suspect: [], organisation: [], case: [], identifier: [] };
  for (const id of frontier) {
    const parsed = parseNodeId(id);
    if (parsed && (parsed.type === 'identifier' || UUID.test(parsed.key))) keys[parsed.type].push(parsed.key);
  }
  const S = keys.suspect;
  const O = keys.organisation;
  const C = keys.case;
  const K = keys.identifier;
  const queries: Promise<{ rows: EdgeRow[] }>[] = [];
  const run = (q: RawBuilder<EdgeRow>) => queries.push(q.execute(db));

  if (S.length || C.length) {
    const fromSuspects = S.length
      ? sql`(cs.suspect_id IN (${list(S)}) AND ${prosecutionCaseCondition(actor, 'c')})`
      : sql`false`;
    // A suspect linked to a case the caller may read is visible to them (visibleSuspectCondition says so).
    const fromCases = C.length ? sql`cs.case_id IN (${list(C)})` : sql`false`;
    run(sql<EdgeRow>`SELECT cs.id, 'case_suspect' AS type, 'suspect:' || cs.suspect_id AS source,
        'case:' || cs.case_id AS target, cs.role, NULL AS relation, cs.recorded_at
      FROM case_suspect cs JOIN case_file c ON c.id = cs.case_id
      WHERE (${fromSuspects} OR ${fromCases}) ${filterSql('cs', filters, true)}`);
  }
  if (O.length || C.length) {
    const fromOrgs = O.length
      ? sql`(co.organisation_id IN (${list(O)}) AND ${prosecutionCaseCondition(actor, 'c')})`
      : sql`false`;
    const fromCases = C.length ? sql`co.case_id IN (${list(C)})` : sql`false`;
    run(sql<EdgeRow>`SELECT co.id, 'case_organisation' AS type, 'organisation:' || co.organisation_id AS source,
        'case:' || co.case_id AS target, co.role, NULL AS relation, co.recorded_at
      FROM case_organisation co JOIN case_file c ON c.id = co.case_id
      WHERE (${fromOrgs} OR ${fromCases}) ${filterSql('co', filters, true)}`);
  }
  if (S.length) {
    run(sql<EdgeRow>`SELECT l.id, 'suspect_link' AS type, 'suspect:' || l.suspect_id AS source,
        'suspect:' || l.other_suspect_id AS target, NULL AS role, l.relation, l.recorded_at
      FROM suspect_link l JOIN suspect a ON a.id = l.suspect_id JOIN suspect b ON b.id = l.other_suspect_id
      WHERE (l.suspect_id IN (${list(S)}) OR l.other_suspect_id IN (${list(S)}))
        AND ${visibleSuspectCondition(actor, 'a')} AND ${visibleSuspectCondition(actor, 'b')}
        ${filterSql('l', filters, false)}`);
  }
  if (S.length || O.length) {
    const fromSuspects = S.length
      ? sql`(so.suspect_id IN (${list(S)}) AND ${visibleOrganisationCondition(actor, 'o')})`
      : sql`false`;
    const fromOrgs = O.length
      ? sql`(so.organisation_id IN (${list(O)}) AND ${visibleSuspectCondition(actor, 's')})`
      : sql`false`;
    run(sql<EdgeRow>`SELECT so.id, 'suspect_organisation' AS type, 'suspect:' || so.suspect_id AS source,
        'organisation:' || so.organisation_id AS target, so.role, NULL AS relation, so.recorded_at
      FROM suspect_organisation so JOIN suspect s ON s.id = so.suspect_id
        JOIN organisation o ON o.id = so.organisation_id
      WHERE (${fromSuspects} OR ${fromOrgs}) ${filterSql('so', filters, true)}`);
  }
  // Identifiers: a frontier holder's own rows, and the rows sharing a frontier match key whose holder is visible.
  const holderClauses: RawBuilder<unknown>[] = [];
  if (S.length) holderClauses.push(sql`i.suspect_id IN (${list(S)})`);
  if (O.length) holderClauses.push(sql`i.organisation_id IN (${list(O)})`);
  if (C.length) holderClauses.push(sql`i.case_id IN (${list(C)})`);
  if (K.length)
    holderClauses.push(sql`(i.match_key IN (${list(K)}) AND ${visibleIdentifierHolderCondition(actor, 'i')})`);
  if (holderClauses.length) {
    run(sql<EdgeRow>`SELECT i.id, 'identifier' AS type,
        CASE WHEN i.case_id IS NOT NULL THEN 'case:' || i.case_id
             WHEN i.suspect_id IS NOT NULL THEN 'suspect:' || i.suspect_id
             ELSE 'organisation:' || i.organisation_id END AS source,
        'identifier:' || i.match_key AS target, NULL AS role, NULL AS relation, i.recorded_at
      FROM identifier i WHERE (${sql.join(holderClauses, sql` OR `)}) ${filterSql('i', filters, false)}`);
  }
  const results = await Promise.all(queries);
  return results.flatMap((r) =>
    r.rows.map((e) => ({
      id: `${e.type}-${e.id}`,
      source: e.source,
      target: e.target,
      type: e.type,
      ...(e.role ? { role: e.role } : {}),
      ...(e.relation ? { relation: e.relation } : {}),
      recordedAt: new Date(e.recorded_at).toISOString(),
    })),
  );
}

/** The labels of the nodes the caller may see, by node id; an invisible or unknown node has none. */
export async function labelNodes(
  ctx: AppContext,
  db: Kysely<DB>,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, NetworkNode>> {
  const keys: Record<NodeType, string[]> = { suspect: [], organisation: [], case: [], identifier: [] };
  for (const id of ids) {
    const parsed = parseNodeId(id);
    if (parsed && (parsed.type === 'identifier' || UUID.test(parsed.key))) keys[parsed.type].push(parsed.key);
  }
  const out = new Map<string, NetworkNode>();
  if (keys.suspect.length) {
    const { rows } = await sql<{ id: string; full_name: string | null; aliases: string[]; own: boolean }>`
      SELECT s.id, s.full_name, s.aliases, ${ownIntelligenceCondition(actor, 's')} AS own FROM suspect s
      WHERE s.id IN (${list(keys.suspect)}) AND ${visibleSuspectCondition(actor, 's')}`.execute(db);
    for (const r of rows) {
      const id = nodeId('suspect', r.id);
      out.set(id, { id, type: 'suspect', label: suspectLabel(r), ownAgency: r.own });
    }
  }
  if (keys.organisation.length) {
    const { rows } = await sql<{ id: string; name: string; kind: string; own: boolean }>`
      SELECT o.id, o.name, o.kind, ${ownIntelligenceCondition(actor, 'o')} AS own FROM organisation o
      WHERE o.id IN (${list(keys.organisation)}) AND ${visibleOrganisationCondition(actor, 'o')}`.execute(db);
    for (const r of rows) {
      const id = nodeId('organisation', r.id);
      out.set(id, { id, type: 'organisation', label: r.name, kind: r.kind, ownAgency: r.own });
    }
  }
  if (keys.case.length) {
    // The reference only: a case node never carries the victim's name.
    const { rows } = await sql<{ id: string; reference: string }>`SELECT c.id, c.reference FROM case_file c
      WHERE c.id IN (${list(keys.case)}) AND ${prosecutionCaseCondition(actor, 'c')}`.execute(db);
    for (const r of rows) {
      const id = nodeId('case', r.id);
      out.set(id, { id, type: 'case', label: r.reference });
    }
  }
  if (keys.identifier.length) {
    const { rows } = await sql<{ match_key: string; kind: string; normalized: string }>`
      SELECT DISTINCT ON (i.match_key) i.match_key, i.kind, i.normalized FROM identifier i
      WHERE i.match_key IN (${list(keys.identifier)}) AND ${visibleIdentifierHolderCondition(actor, 'i')}
      ORDER BY i.match_key, i.recorded_at, i.id`.execute(db);
    for (const r of rows) {
      const id = nodeId('identifier', r.match_key);
      out.set(id, { id, type: 'identifier', label: `${r.kind}: ${ctx.keys.decrypt(r.normalized)}`, kind: r.kind });
    }
  }
  return out;
}

/** Breadth-first from `seeds` up to `hops` levels; stops early once more than `cap` nodes are reached. */
async function explore(
  db: Kysely<DB>,
  actor: Actor,
  seeds: readonly string[],
  hops: number,
  cap: number,
  filters: EdgeFilters,
): Promise<{ order: string[]; edges: NetworkEdge[]; exhausted: boolean }> {
  const order = [...seeds];
  const seen = new Set(seeds);
  const edges = new Map<string, NetworkEdge>();
  let frontier = [...seeds];
  for (let hop = 0; hop < hops && frontier.length > 0 && order.length <= cap; hop++) {
    const next: string[] = [];
    for (const e of await expandFrontier(db, actor, frontier, filters)) {
      edges.set(e.id, e);
      for (const end of [e.source, e.target]) {
        if (!seen.has(end)) {
          seen.add(end);
          order.push(end);
          next.push(end);
        }
      }
    }
    frontier = next;
  }
  return { order, edges: [...edges.values()], exhausted: frontier.length === 0 };
}

/** The network around a node the caller may see, `hops` links deep (404 when the node is not theirs to see). */
export async function networkAround(
  ctx: AppContext,
  actor: Actor,
  around: string,
  hops: number,
  filters: EdgeFilters = {},
  audit: 'network.read' | 'network.export' | null = 'network.read',
): Promise<Network> {
  const start = await labelNodes(ctx, ctx.db, actor, [around]);
  if (!start.has(around)) throw notFound('node');
  const explored = await explore(ctx.db, actor, [around], hops, NODE_CAP, filters);
  const capped = capGraph(explored.order, explored.edges, NODE_CAP);
  const labels = await labelNodes(ctx, ctx.db, actor, capped.nodes);
  // A node without a label is one the caller may not see: it and its edges go (the SQL should not yield any).
  const nodes = capped.nodes.filter((n) => labels.has(n)).map((n) => labels.get(n)!);
  const kept = new Set(nodes.map((n) => n.id));
  const edges = capped.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  if (audit) await auditNetwork(ctx, actor, audit, around, { nodes: nodes.length, edges: edges.length, hops });
  return { nodes, edges, truncated: capped.truncated };
}

async function auditNetwork(
  ctx: AppContext,
  actor: Actor,
  action: 'network.read' | 'network.export' | 'network.path' | 'network.clusters',
  around: string | null,
  details: { nodes: number; edges: number; hops?: number; format?: string },
) {
  const parsed = around ? parseNodeId(around) : null;
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action,
      outcome: 'success',
      ...(parsed && parsed.type !== 'identifier' ? { recordType: parsed.type, recordId: parsed.key } : {}),
      details,
    },
  );
}

export { auditNetwork };

/** The shortest chain of visible links between two suspects, at most `maxHops` long; 404 "no connection". */
export async function pathBetween(
  ctx: AppContext,
  actor: Actor,
  fromSuspect: string,
  toSuspect: string,
  maxHops: number,
): Promise<{ nodes: NetworkNode[]; edges: NetworkEdge[] }> {
  const from = nodeId('suspect', fromSuspect);
  const to = nodeId('suspect', toSuspect);
  const ends = await labelNodes(ctx, ctx.db, actor, [from, to]);
  if (!ends.has(from) || !ends.has(to)) throw notFound('suspect');
  const found = await shortestPath(from, to, maxHops, (frontier) => expandFrontier(ctx.db, actor, frontier));
  if (!found) {
    throw new Problem(
      'not-found',
      `No connection between these two suspects within ${maxHops} links that you may see.`,
    ).withAuditDetails({ hops: maxHops });
  }
  const labels = await labelNodes(ctx, ctx.db, actor, found.nodes);
  const nodes = found.nodes.map((n) => labels.get(n)).filter((n): n is NetworkNode => n !== undefined);
  if (nodes.length !== found.nodes.length) throw new Error('a path node without a label');
  await auditNetwork(ctx, actor, 'network.path', from, { nodes: nodes.length, edges: found.edges.length });
  return { nodes, edges: found.edges };
}

/** How many of its own agency's suspects a cluster view starts from, and how far it reads. */
const CLUSTER_SEEDS = 1000;
const CLUSTER_CAP = 2000;
const CLUSTER_HOPS = 6;

/**
 * The connected groups of the caller's visible network: the one reachable from `around`, or those of their own
 * agency's suspects, with their sizes (largest first).
 */
export async function clusters(
  ctx: AppContext,
  actor: Actor,
  around: string | undefined,
): Promise<z.infer<typeof clustersSchema>> {
  let seeds: string[];
  if (around) {
    const start = await labelNodes(ctx, ctx.db, actor, [around]);
    if (!start.has(around)) throw notFound('node');
    seeds = [around];
  } else {
    const { rows } = await sql<{ id: string }>`SELECT s.id FROM suspect s
      WHERE ${ownIntelligenceCondition(actor, 's')} ORDER BY s.created_at DESC, s.id
      LIMIT ${CLUSTER_SEEDS}`.execute(ctx.db);
    seeds = rows.map((r) => nodeId('suspect', r.id));
  }
  const explored = await explore(ctx.db, actor, seeds, CLUSTER_HOPS, CLUSTER_CAP, {});
  const capped = capGraph(explored.order, explored.edges, CLUSTER_CAP);
  const groups = connectedComponents(capped.nodes, capped.edges);
  await auditNetwork(ctx, actor, 'network.clusters', around ?? null, {
    nodes: capped.nodes.length,
    edges: capped.edges.length,
  });
  return {
    clusters: groups.map((g) => ({
      id: g[0]!,
      size: g.length,
      suspects: g.filter((n) => n.startsWith('suspect:')).length,
      nodes: g.slice(0, 50),
    })),
    truncated: capped.truncated || !explored.exhausted || seeds.length === CLUSTER_SEEDS,
  };
}
