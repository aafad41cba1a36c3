// The graph rules of the network view (issue 13 §3), free of I/O: node ids, connected groups (clusters) and
// the shortest path between two nodes by a bidirectional breadth-first search whose neighbours come from a
// function (the database in network.ts, an in-memory graph in the unit tests).

export const NODE_TYPES = ['suspect', 'organisation', 'case', 'identifier'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** A node id names its type and key: `suspect:<uuid>`, `case:<uuid>`, `identifier:<match key>`. */
export function parseNodeId(id: string): { type: NodeType; key: string } | null {
  const colon = id.indexOf(':');
  if (colon < 0) return null;
  const type = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (!(NODE_TYPES as readonly string[]).includes(type) || !key) return null;
  return { type: type as NodeType, key };
}

export const nodeId = (type: NodeType, key: string) => `${type}:${key}`;

/** An edge as the rules need it: its id and the two node ids it joins (undirected). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

/** The connected groups of a graph, largest first (ties: by their first node id), each with its node ids sorted. */
export function connectedComponents(nodes: Iterable<string>, edges: Iterable<GraphEdge>): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: later finds are near constant.
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  for (const n of nodes) parent.set(n, n);
  for (const e of edges) {
    if (!parent.has(e.source) || !parent.has(e.target)) continue; // an edge to a node left out (capped)
    const a = find(e.source);
    const b = find(e.target);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const groups = new Map<string, string[]>();
  for (const n of parent.keys()) {
    const root = find(n);
    const group = groups.get(root);
    if (group) group.push(n);
    else groups.set(root, [n]);
  }
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

/** The edges leaving a set of nodes (each edge once, whichever of its ends is in the set). */
export type ExpandFn<E extends GraphEdge> = (frontier: readonly string[]) => Promise<readonly E[]>;

/**
 * The shortest path from `from` to `to` of at most `maxHops` edges, as the node ids and the edges along it,
 * or null when there is none. Searches from both ends, each step widening the smaller frontier by one hop
 * (one call of `expand`), so a path of length d costs about two searches of depth d/2. `maxFrontier` stops a
 * search that would read too much of the graph (a hub): the answer is then null.
 */
export async function shortestPath<E extends GraphEdge>(
  from: string,
  to: string,
  maxHops: number,
  expand: ExpandFn<E>,
  maxFrontier = 20_000,
): Promise<{ nodes: string[]; edges: E[] } | null> {
  if (from === to) return { nodes: [from], edges: [] };
  // For each side, how each reached node was reached (the edge and the node it came from) and at what depth.
  type Step = { prev: string; edge: E; depth: number } | { prev: null; depth: 0 };
  const seen: [Map<string, Step>, Map<string, Step>] = [
    new Map([[from, { prev: null, depth: 0 }]]),
    new Map([[to, { prev: null, depth: 0 }]]),
  ];
  const frontiers: [string[], string[]] = [[from], [to]];
  let hops = 0;
  while (hops < maxHops && frontiers[0].length > 0 && frontiers[1].length > 0) {
    const side = frontiers[0].length <= frontiers[1].length ? 0 : 1;
    const mine = seen[side];
    const theirs = seen[side === 0 ? 1 : 0];
    const current = new Set(frontiers[side]);
    const next: string[] = [];
    let meeting: string | null = null;
    for (const edge of await expand(frontiers[side])) {
      const ends: [string, string][] = [];
      if (current.has(edge.source)) ends.push([edge.source, edge.target]);
      if (current.has(edge.target)) ends.push([edge.target, edge.source]);
      for (const [here, there] of ends) {
        if (mine.has(there)) continue;
        mine.set(there, { prev: here, edge, depth: mine.get(here)!.depth + 1 });
        next.push(there);
        // Of the nodes where the searches meet in this step, the one nearest the other end.
        const other = theirs.get(there);
        if (other && (meeting === null || other.depth < theirs.get(meeting)!.depth)) meeting = there;
      }
    }
    hops += 1;
    if (meeting !== null) return joinPath(meeting, seen[0], seen[1]);
    if (next.length > maxFrontier) return null;
    frontiers[side] = next;
  }
  return null;
}

type PathStep<E> = { prev: string; edge: E } | { prev: null };

function joinPath<E extends GraphEdge>(
  meeting: string,
  fromSide: Map<string, PathStep<E>>,
  toSide: Map<string, PathStep<E>>,
): { nodes: string[]; edges: E[] } {
  const nodes: string[] = [meeting];
  const edges: E[] = [];
  for (let step = fromSide.get(meeting); step && step.prev !== null; step = fromSide.get(step.prev)) {
    nodes.unshift(step.prev);
    edges.unshift(step.edge);
  }
  for (let step = toSide.get(meeting); step && step.prev !== null; step = toSide.get(step.prev)) {
    nodes.push(step.prev);
    edges.push(step.edge);
  }
  return { nodes, edges };
}

/**
 * Keeps the first `cap` nodes (in the order they were reached) and the edges between kept nodes; says whether
 * anything was left out.
 */
export function capGraph<E extends GraphEdge>(
  nodes: readonly string[],
  edges: readonly E[],
  cap: number,
): { nodes: string[]; edges: E[]; truncated: boolean } {
  if (nodes.length <= cap) return { nodes: [...nodes], edges: [...edges], truncated: false };
  const kept = nodes.slice(0, cap);
  const set = new Set(kept);
  return { nodes: kept, edges: edges.filter((e) => set.has(e.source) && set.has(e.target)), truncated: true };
}
