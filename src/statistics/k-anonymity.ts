// k-anonymity by full-domain generalisation and suppression (pure, no I/O), for the record-level
// HTCDS export (issue 11 §3).
//
// Written by hand: the npm packages that claim k-anonymity are unmaintained demos that hold every
// record in memory and search the lattice by brute force over rows; the export must work on counts
// of quasi-identifier combinations (1,000,000 persons in well under a gigabyte), and must be easy to
// audit. The method is Samarati's / LeFevre et al.'s Incognito:
//
// - Each quasi-identifier has a generalisation hierarchy: level 0 is the value as it is, each
//   higher level is coarser (age band -> minor/adult -> '*'), the top level is always '*'.
// - A node of the lattice gives every quasi-identifier a level. Under a node, the records fall
//   into equivalence classes (same generalised values); records in classes smaller than k are
//   suppressed (left out). A node is acceptable when it suppresses at most `maxSuppressedShare`
//   of the records. Acceptability is monotone (a coarser node merges classes, so it never
//   suppresses more), so the search goes up the lattice height by height and never evaluates
//   a node above an acceptable one.
// - Among acceptable nodes, the one with the least information loss is chosen: the sum over the
//   quasi-identifiers of level / top level (Sweeney's precision loss), then fewer records
//   suppressed, then the node's levels in order (deterministic).
//
// The input is the count of each combination of level-0 values, not the records; each node's
// counts are rolled up from a node one level below it (cached one height at a time), so the
// work grows with the number of distinct combinations, not with the number of records.

/** A quasi-identifier's generalisation hierarchy. */
export interface Hierarchy {
  /** The quasi-identifier's name (e.g. 'age'). */
  readonly name: string;
  /** The levels' names, from level 0 (the value as it is) to the top ('*'). At least two. */
  readonly levels: readonly string[];
  /** A level-0 value generalised to `level` (1 .. levels.length − 1); the top level gives '*'. */
  generalise(value: string, level: number): string;
}

export const SUPPRESSED_VALUE = '*';

export interface KAnonymityOptions {
  k: number;
  /** The largest share of records that may be suppressed (0 .. 1), default 0.05. */
  maxSuppressedShare?: number;
}

export interface Generalisation {
  k: number;
  /** The chosen level of each quasi-identifier (index into its hierarchy's levels). */
  levels: number[];
  /** The chosen levels by name: quasi-identifier -> level name. */
  levelNames: Record<string, string>;
  /** Records in all, and records left out because their class is smaller than k. */
  total: number;
  suppressed: number;
  /** Equivalence classes kept (each holds at least k records). */
  classes: number;
  /** Lattice nodes whose counts were computed. */
  nodesEvaluated: number;
  /** A record's level-0 values generalised under the chosen node, or null when it is suppressed. */
  apply(values: readonly string[]): string[] | null;
  /** The class key of generalised values (for callers that check classes). */
  classKey(generalised: readonly string[]): string;
  /** What to save to apply it again (generalisationOf). */
  save(): SavedGeneralisation;
}

const DEFAULT_MAX_SUPPRESSED_SHARE = 0.05;

/** Counts of level-0 combinations: add each record (or a count of identical ones). */
export class CombinationCounter {
  readonly #counts = new Map<string, number>();
  total = 0;

  constructor(readonly width: number) {}

  add(values: readonly string[], count = 1): void {
    if (values.length !== this.width) throw new Error(`expected ${this.width} values, got ${values.length}`);
    const key = joinKey(values);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + count);
    this.total += count;
  }

  get distinct(): number {
    return this.#counts.size;
  }

  *entries(): IterableIterator<[string[], number]> {
    for (const [key, count] of this.#counts) yield [splitKey(key), count];
  }
}

const SEP = '\u0001';
const joinKey = (values: readonly string[]) => values.join(SEP);
const splitKey = (key: string) => key.split(SEP);

/**
 * The least-generalised node of the lattice whose suppression stays within the bound, and how to
 * apply it. When no node keeps within the bound (fewer than k records in all), the top node is
 * chosen and every record is suppressed.
 */
export function chooseGeneralisation(
  hierarchies: readonly Hierarchy[],
  combinations: Iterable<[readonly string[], number]>,
  options: KAnonymityOptions,
): Generalisation {
  const { k } = options;
  const share = options.maxSuppressedShare ?? DEFAULT_MAX_SUPPRESSED_SHARE;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  if (!(share >= 0 && share <= 1)) throw new Error(`maxSuppressedShare must be within 0 .. 1, got ${share}`);
  const q = hierarchies.length;
  for (const h of hierarchies)
    if (h.levels.length < 2) throw new Error(`hierarchy ${h.name} needs at least two levels`);

  // Code every quasi-identifier's values at every level as small integers.
  const codes: Map<string, number>[] = hierarchies.map(() => new Map()); // level-0 value -> code
  const base: { codes: number[]; count: number }[] = [];
  let total = 0;
  for (const [values, count] of combinations) {
    if (values.length !== q) throw new Error(`expected ${q} values, got ${values.length}`);
    if (count <= 0) continue;
    const row: number[] = [];
    for (let i = 0; i < q; i++) {
      const m = codes[i]!;
      let c = m.get(values[i]!);
      if (c === undefined) m.set(values[i]!, (c = m.size));
      row.push(c);
    }
    base.push({ codes: row, count });
    total += count;
  }
  // up[i][l][code at l] = code at l + 1; labels[i][l][code] = the generalised value.
  const up: Int32Array[][] = [];
  const labels: string[][][] = [];
  for (let i = 0; i < q; i++) {
    const h = hierarchies[i]!;
    const level0 = [...codes[i]!.keys()];
    const perLevel: string[][] = [level0];
    const ups: Int32Array[] = [];
    // Each level's value is computed from the level-0 value: every level-0 code maps to one code per level.
    let prevOf = level0.map((_, c) => c); // level-0 code -> code at previous level
    for (let l = 1; l < h.levels.length; l++) {
      const m = new Map<string, number>();
      const at = level0.map((v) => {
        const g = l === h.levels.length - 1 ? SUPPRESSED_VALUE : h.generalise(v, l);
        let c = m.get(g);
        if (c === undefined) m.set(g, (c = m.size));
        return c;
      });
      const u = new Int32Array(perLevel[l - 1]!.length);
      for (let c0 = 0; c0 < level0.length; c0++) u[prevOf[c0]!] = at[c0]!;
      // A hierarchy must be a tree: two values merged at one level stay merged above it.
      for (let c0 = 0; c0 < level0.length; c0++)
        if (u[prevOf[c0]!] !== at[c0]) throw new Error(`hierarchy ${h.name} is not a tree at level ${l}`);
      ups.push(u);
      perLevel.push([...m.keys()]);
      prevOf = at;
    }
    up.push(ups);
    labels.push(perLevel);
  }
  const radix = codes.map((m) => Math.max(1, m.size));
  const weights: number[] = [];
  let product = 1;
  for (let i = q - 1; i >= 0; i--) {
    weights[i] = product;
    product *= radix[i]!;
  }
  if (product > Number.MAX_SAFE_INTEGER) throw new Error('too many distinct quasi-identifier combinations');
  const decode = (key: number, i: number) => Math.floor(key / weights[i]!) % radix[i]!;

  const top = hierarchies.map((h) => h.levels.length - 1);
  const nodeId = (levels: readonly number[]) => levels.join(',');
  const limit = share * total;

  type Evaluated = { levels: number[]; counts: Map<number, number>; suppressed: number };
  const baseCounts = new Map<number, number>();
  for (const r of base) {
    let key = 0;
    for (let i = 0; i < q; i++) key += r.codes[i]! * weights[i]!;
    baseCounts.set(key, (baseCounts.get(key) ?? 0) + r.count);
  }
  const suppressedIn = (counts: Map<number, number>) => {
    let s = 0;
    for (const n of counts.values()) if (n < k) s += n;
    return s;
  };
  const loss = (levels: readonly number[]) => levels.reduce((sum, l, i) => sum + l / top[i]!, 0);

  const acceptable: Evaluated[] = [];
  let nodesEvaluated = 1;
  let layer = new Map<string, Evaluated>();
  const root: Evaluated = { levels: top.map(() => 0), counts: baseCounts, suppressed: suppressedIn(baseCounts) };
  if (root.suppressed <= limit) acceptable.push(root);
  else layer.set(nodeId(root.levels), root);
  const maxHeight = top.reduce((a, b) => a + b, 0);
  for (let height = 1; height <= maxHeight && layer.size > 0; height++) {
    const next = new Map<string, Evaluated>();
    for (const parent of layer.values()) {
      for (let i = 0; i < q; i++) {
        if (parent.levels[i]! >= top[i]!) continue;
        const levels = parent.levels.slice();
        levels[i]! += 1;
        const id = nodeId(levels);
        if (next.has(id)) continue;
        // Above an acceptable node (or a node above one): never better, never evaluated.
        if (acceptable.some((a) => a.levels.every((l, j) => levels[j]! >= l))) continue;
        // Every node below this one must have been unacceptable (else it would be skipped above).
        const u = up[i]![parent.levels[i]!]!;
        const counts = new Map<number, number>();
        for (const [key, n] of parent.counts) {
          const c = decode(key, i);
          const rolled = key + (u[c]! - c) * weights[i]!;
          counts.set(rolled, (counts.get(rolled) ?? 0) + n);
        }
        nodesEvaluated++;
        const node: Evaluated = { levels, counts, suppressed: suppressedIn(counts) };
        if (node.suppressed <= limit) acceptable.push(node);
        else next.set(id, node);
      }
    }
    // Nodes of this height found acceptable after a sibling was kept in `next` as a parent stay
    // there harmlessly: their ancestors are skipped by the check above.
    layer = next;
  }
  // Nothing acceptable below the top (fewer than k records, or an impossible bound): the top node.
  if (acceptable.length === 0) {
    const counts = new Map<number, number>();
    if (total > 0) counts.set(0, total);
    acceptable.push({ levels: top.slice(), counts, suppressed: suppressedIn(counts) });
  }
  acceptable.sort(
    (a, b) =>
      loss(a.levels) - loss(b.levels) ||
      a.suppressed - b.suppressed ||
      nodeId(a.levels).localeCompare(nodeId(b.levels)),
  );
  const best = acceptable[0]!;

  // The kept classes, by generalised values.
  const kept = new Map<string, number>();
  for (const [key, n] of best.counts) {
    if (n < k) continue;
    const values = hierarchies.map((_, i) => labels[i]![best.levels[i]!]![decode(key, i)]!);
    kept.set(joinKey(values), n);
  }
  return generalisationOf(hierarchies, {
    k,
    levels: best.levels,
    total,
    suppressed: best.suppressed,
    nodesEvaluated,
    kept: [...kept],
  });
}

/** A chosen generalisation as it can be saved (JSON) and applied again later (a job's next step). */
export interface SavedGeneralisation {
  k: number;
  levels: number[];
  total: number;
  suppressed: number;
  nodesEvaluated: number;
  /** The classes kept: class key (generalised values) and size. */
  kept: [string, number][];
}

/** The generalisation saved by `save()`, to apply with the same hierarchies. */
export function generalisationOf(hierarchies: readonly Hierarchy[], saved: SavedGeneralisation): Generalisation {
  const kept = new Map(saved.kept);
  const top = hierarchies.map((h) => h.levels.length - 1);
  const generaliseValue = (i: number, value: string) => {
    const level = saved.levels[i]!;
    if (level === 0) return value;
    if (level === top[i]) return SUPPRESSED_VALUE;
    return hierarchies[i]!.generalise(value, level);
  };
  return {
    k: saved.k,
    levels: saved.levels,
    levelNames: Object.fromEntries(hierarchies.map((h, i) => [h.name, h.levels[saved.levels[i]!]!])),
    total: saved.total,
    suppressed: saved.suppressed,
    classes: kept.size,
    nodesEvaluated: saved.nodesEvaluated,
    apply(values) {
      const generalised = values.map((v, i) => generaliseValue(i, v));
      return kept.has(joinKey(generalised)) ? generalised : null;
    },
    classKey: joinKey,
    save: () => saved,
  };
}

/**
 * The mechanical check: the equivalence classes of `rows` over the columns `columns` (indexes),
 * each with its size. Used by tests and by the export itself, which refuses to finish a file
 * with a class smaller than k.
 */
export function equivalenceClasses(rows: Iterable<readonly string[]>, columns: readonly number[]): Map<string, number> {
  const classes = new Map<string, number>();
  for (const row of rows) {
    const key = joinKey(columns.map((c) => row[c] ?? ''));
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  return classes;
}

/** The smallest class of rows over the columns (Infinity when there is no row). */
export function smallestClass(rows: Iterable<readonly string[]>, columns: readonly number[]): number {
  let min = Infinity;
  for (const n of equivalenceClasses(rows, columns).values()) min = Math.min(min, n);
  return min;
}
