// Clusters from scored pairs and reviewers' decisions. Links are taken strongest first (reviewer
// joins before any model link), and a link is skipped when it would put two records a reviewer
// separated into one cluster: so the weakest links between them are the ones cut.
import type { ScoredPair } from './types.js';

/** Cluster id (the smallest member id) for every id. */
export function clusterRecords(
  ids: readonly string[],
  pairs: readonly ScoredPair[],
  options: {
    threshold: number;
    confirmed?: readonly (readonly [string, string])[];
    separated?: readonly (readonly [string, string])[];
  },
): Map<string, string> {
  const index = new Map<string, number>();
  const names: string[] = [];
  const idx = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = names.length;
      index.set(id, i);
      names.push(id);
    }
    return i;
  };
  for (const id of ids) idx(id);
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // separated partners of the members of each root
  const apart = new Map<number, Set<number>>();
  const edges: { a: number; b: number; strength: number }[] = [];
  for (const [a, b] of options.confirmed ?? []) edges.push({ a: idx(a), b: idx(b), strength: Infinity });
  for (const p of pairs)
    if (p.probability >= options.threshold) edges.push({ a: idx(p.a), b: idx(p.b), strength: p.weight });
  for (const [a, b] of options.separated ?? []) {
    const x = idx(a);
    const y = idx(b);
    if (x === y) continue;
    if (!apart.has(x)) apart.set(x, new Set());
    if (!apart.has(y)) apart.set(y, new Set());
    apart.get(x)!.add(y);
    apart.get(y)!.add(x);
  }
  for (let i = 0; i < names.length; i++) parent.push(i);
  edges.sort((x, y) => y.strength - x.strength);
  for (const { a, b } of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const sa = apart.get(ra);
    const sb = apart.get(rb);
    // the smaller set of separated partners is checked against the other cluster's root
    let conflict = false;
    if (sa || sb) {
      const [small, otherRoot] = (sa?.size ?? 0) <= (sb?.size ?? 0) ? [sa, rb] : [sb, ra];
      if (small)
        for (const x of small)
          if (find(x) === otherRoot) {
            conflict = true;
            break;
          }
    }
    if (conflict) continue;
    const [big, little] = (sa?.size ?? 0) >= (sb?.size ?? 0) ? [ra, rb] : [rb, ra];
    parent[little] = big;
    const sl = apart.get(little);
    if (sl) {
      const target = apart.get(big) ?? new Set<number>();
      for (const x of sl) target.add(x);
      apart.set(big, target);
      apart.delete(little);
    }
  }
  const smallest = new Map<number, string>();
  for (let i = 0; i < names.length; i++) {
    const r = find(i);
    const cur = smallest.get(r);
    if (cur === undefined || names[i]! < cur) smallest.set(r, names[i]!);
  }
  const out = new Map<string, string>();
  for (let i = 0; i < names.length; i++) out.set(names[i]!, smallest.get(find(i))!);
  return out;
}
