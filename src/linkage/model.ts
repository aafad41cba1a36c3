// Fellegi–Sunter, written here by hand: there is no maintained record-linkage library for
// Node/TypeScript (Splink, fastLink, recordlinkage are Python/R). Parameters come from the data:
// - u (P(level | different persons)) from random pairs;
// - m (P(level | same person)) by expectation–maximisation over the pairs of each training rule,
//   the fields that rule blocks on held out (they agree by construction), averaged over rules;
// - the prior lambda from deterministic rules (pairs sharing an ID number, …) and their assumed recall;
// - term frequencies of names: agreeing on "Nguyễn" (≈ 38 % of Vietnamese) weighs far less than
//   agreeing on a rare family name (the u of an exact agreement becomes that value's frequency).
import { blocksOf, allowedPair, forEachCandidatePair } from './blocking.js';
import { comparator, MISSING, type Comparator } from './comparisons.js';
import { prepareRecord, type Prepared } from './prepare.js';
import type {
  FieldComparison,
  FieldParameters,
  LinkRecord,
  LinkageSettings,
  ModelParameters,
  ScoredPair,
  TermFrequencyTable,
} from './types.js';
import { mulberry32 } from '../platform/seeded-random.js';

const TF_TABLE_SIZE = 20_000;
const MIN_PROBABILITY = 1e-6;
const MAX_LAMBDA = 1e-3;

/** The comparators of the settings; 'words' fields read their word frequencies from the tables given. */
export function comparatorsOf(settings: LinkageSettings, tables: readonly TermFrequencyTable[] = []): Comparator[] {
  return settings.comparisons.map((spec, i) => {
    const table = spec.kind === 'words' ? tables.find((t) => t.field === `${spec.field}${WORDS}`) : undefined;
    return comparator(
      spec,
      i,
      table ? { frequencies: new Map(Object.entries(table.frequencies)), floor: table.floor } : undefined,
    );
  });
}

/** Suffix of the field name of a 'words' field's word-frequency table. */
const WORDS = '#words';

function wordFrequencies(list: readonly Prepared[], settings: LinkageSettings): TermFrequencyTable[] {
  const tables: TermFrequencyTable[] = [];
  settings.comparisons.forEach((spec, index) => {
    if (spec.kind !== 'words') return;
    const counts = new Map<string, number>();
    let total = 0;
    for (const p of list) {
      const v = p.values[index];
      if (!v) continue;
      total++;
      for (const w of new Set(v.split(' '))) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    tables.push(frequencyTable(`${spec.field}${WORDS}`, counts, total));
  });
  return tables;
}

function frequencyTable(field: string, counts: Map<string, number>, total: number): TermFrequencyTable {
  const sorted = [...counts].sort((x, y) => y[1] - x[1]);
  const kept = sorted.slice(0, TF_TABLE_SIZE);
  const rest = sorted.slice(TF_TABLE_SIZE);
  const frequencies: Record<string, number> = {};
  for (const [v, n] of kept) frequencies[v] = n / Math.max(total, 1);
  // a value not in the table: as frequent as the average value left out, at least one record
  const floor = rest.length ? rest.reduce((s, [, n]) => s + n, 0) / rest.length / total : 1 / Math.max(total, 1);
  return { field, total, frequencies, floor };
}

/** Starting m: most of the mass on the best level, a little on each other, 5 % on 'different'. */
function defaultM(levels: number): number[] {
  if (levels === 1) return [1];
  const m = new Array<number>(levels).fill(0);
  m[0] = 0.75;
  m[levels - 1] = 0.05;
  for (let l = 1; l < levels - 1; l++) m[l] = 0.2 / (levels - 2);
  if (levels === 2) m[0] = 0.95;
  return m;
}

function normalise(values: number[], floor = MIN_PROBABILITY): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => Math.max(v / total, floor));
}

/** No level of m below this: a data-entry error must not veto a pair on its own (at most about -11 bits). */
const MIN_M = 5e-4;

// ---------------------------------------------------------------------------------------------
// Compiled model: weights per field per level, term-frequency lookups

interface CompiledField {
  comparator: Comparator;
  weights: Float64Array;
  /** The chance two random records agree on a value of this field (sum of u over the reference levels). */
  uAgree: number;
  tf: Map<string, number> | null;
  tfFloor: number;
}

interface Compiled {
  fields: CompiledField[];
  priorWeight: number;
}

const compiledCache = new WeakMap<ModelParameters, WeakMap<LinkageSettings, Compiled>>();

export function compile(settings: LinkageSettings, params: ModelParameters): Compiled {
  let bySettings = compiledCache.get(params);
  if (!bySettings) compiledCache.set(params, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached) return cached;
  const comparators = comparatorsOf(settings, params.termFrequencies);
  const fields = comparators.map((c) => {
    const fp = params.fields.find((f) => f.field === c.spec.field);
    if (!fp) throw new Error(`The model has no parameters for field ${c.spec.field}: estimate it with these settings.`);
    if (fp.levels.join() !== c.levels.join())
      throw new Error(`The model's levels for ${c.spec.field} differ from the settings': estimate it again.`);
    const tfTable = c.spec.tf ? params.termFrequencies.find((t) => t.field === c.spec.field) : undefined;
    return {
      comparator: c,
      weights: Float64Array.from(fp.m.map((m, l) => Math.log2(m / fp.u[l]!))),
      uAgree: c.tfReference.reduce((sum, l) => sum + fp.u[l]!, 0),
      tf: tfTable ? new Map(Object.entries(tfTable.frequencies)) : null,
      tfFloor: tfTable?.floor ?? 0,
    };
  });
  const compiled = { fields, priorWeight: Math.log2(params.lambda / (1 - params.lambda)) };
  bySettings.set(settings, compiled);
  return compiled;
}

/** The weight of one field for a pair at a level, term-frequency adjusted. */
function fieldWeight(f: CompiledField, level: number, a: Prepared, b: Prepared): number {
  if (level === MISSING) return 0;
  let w = f.weights[level]!;
  if (f.tf && f.comparator.tfLevels.has(level)) {
    const value = f.comparator.tfValue!(a, b);
    if (value) {
      const freq = f.tf.get(value) ?? f.tfFloor;
      if (freq > 0) w += Math.log2(f.uAgree / freq);
    }
  }
  return w;
}

function totalWeight(c: Compiled, a: Prepared, b: Prepared): number {
  let w = c.priorWeight;
  const fields = c.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    w += fieldWeight(f, f.comparator.compare(a, b), a, b);
  }
  return w;
}

export function probabilityOf(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

function weightOf(probability: number): number {
  const p = Math.min(Math.max(probability, 1e-15), 1 - 1e-15);
  return Math.log2(p / (1 - p));
}

function explain(c: Compiled, a: Prepared, b: Prepared): ScoredPair {
  let weight = c.priorWeight;
  const fields: FieldComparison[] = c.fields.map((f) => {
    const level = f.comparator.compare(a, b);
    const w = fieldWeight(f, level, a, b);
    weight += w;
    return {
      field: f.comparator.spec.field,
      level: level === MISSING ? 'missing' : f.comparator.levels[level]!,
      weight: round(w),
    };
  });
  return { a: a.id, b: b.id, weight: round(weight), probability: probabilityOf(weight), fields };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Scoring

const preparedCache = new WeakMap<LinkRecord, { settings: LinkageSettings; prepared: Prepared }>();

/** A record prepared once per settings (estimation, linking and scoring share it). */
export function prepared(record: LinkRecord, settings: LinkageSettings): Prepared {
  const hit = preparedCache.get(record);
  if (hit && hit.settings === settings) return hit.prepared;
  const p = prepareRecord(record, settings);
  preparedCache.set(record, { settings, prepared: p });
  return p;
}

/** The level each field of two records reaches (no model needed): what a reviewer sees before any weights. */
export function comparisonLevels(
  a: LinkRecord,
  b: LinkRecord,
  settings: LinkageSettings,
): { field: string; level: string }[] {
  const pa = prepared(a, settings);
  const pb = prepared(b, settings);
  return comparatorsOf(settings).map((c) => {
    const level = c.compare(pa, pb);
    return { field: c.spec.field, level: level === MISSING ? 'missing' : c.levels[level]! };
  });
}

/** One pair scored and explained: each field's level and weight (log2 Bayes factor), the total, the probability. */
export function scorePair(
  a: LinkRecord,
  b: LinkRecord,
  settings: LinkageSettings,
  params: ModelParameters,
): ScoredPair {
  return explain(compile(settings, params), prepared(a, settings), prepared(b, settings));
}

/** Every candidate pair (union over the blocking rules) scored, keeping those with probability >= minProbability. */
export function linkRecords(
  records: readonly LinkRecord[],
  settings: LinkageSettings,
  params: ModelParameters,
  options: { minProbability: number; onProgress?: (done: number, total: number) => void },
): ScoredPair[] {
  const c = compile(settings, params);
  const list = records.map((r) => prepared(r, settings));
  const minWeight = weightOf(options.minProbability);
  const out: ScoredPair[] = [];
  forEachCandidatePair(
    list,
    settings,
    (i, j) => {
      const a = list[i]!;
      const b = list[j]!;
      if (totalWeight(c, a, b) >= minWeight) out.push(explain(c, a, b));
    },
    { onProgress: options.onProgress },
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Estimation

function levelsOf(comparators: readonly Comparator[], a: Prepared, b: Prepared, out: Int8Array): void {
  for (let f = 0; f < comparators.length; f++) out[f] = comparators[f]!.compare(a, b);
}

function termFrequencies(list: readonly Prepared[], comparators: readonly Comparator[]): TermFrequencyTable[] {
  const tables: TermFrequencyTable[] = [];
  for (const c of comparators) {
    if (!c.spec.tf || !c.tfValue) continue;
    const counts = new Map<string, number>();
    let total = 0;
    for (const p of list) {
      const v = c.tfValue(p, p);
      if (!v) continue;
      total++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    tables.push(frequencyTable(c.spec.field, counts, total));
  }
  return tables;
}

function randomPairIndexes(list: readonly Prepared[], settings: LinkageSettings, random: () => number, count: number) {
  const n = list.length;
  const pairs: [number, number][] = [];
  let attempts = 0;
  while (pairs.length < count && attempts < count * 20) {
    attempts++;
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j || !allowedPair(settings, list[i]!, list[j]!)) continue;
    pairs.push([i, j]);
  }
  return pairs;
}

function estimateU(
  list: readonly Prepared[],
  settings: LinkageSettings,
  comparators: Comparator[],
  random: () => number,
) {
  const n = list.length;
  const possible = settings.linkType === 'link_only' ? (n * n) / 4 : (n * (n - 1)) / 2;
  const count = Math.min(settings.uSamplePairs, Math.max(1, Math.floor(possible)));
  const counts = comparators.map((c) => new Array<number>(c.levels.length).fill(0));
  const levels = new Int8Array(comparators.length);
  for (const [i, j] of randomPairIndexes(list, settings, random, count)) {
    levelsOf(comparators, list[i]!, list[j]!, levels);
    for (let f = 0; f < comparators.length; f++) if (levels[f]! !== MISSING) counts[f]![levels[f]!]! += 1;
  }
  // half a pair for levels never seen among random pairs (an ID number agreeing by chance)
  return counts.map((c) => normalise(c.map((x) => x + 0.5)));
}

interface Pattern {
  levels: Int8Array;
  count: number;
}

function trainingPatterns(
  list: readonly Prepared[],
  settings: LinkageSettings,
  comparators: Comparator[],
  rule: LinkageSettings['blocking'][number],
  random: () => number,
): { patterns: Pattern[]; pairs: number } {
  const { blocks } = blocksOf(list, rule, rule.maxBlockSize ?? settings.maxBlockSize);
  // blocks in random order, all pairs of each until the cap: an unbiased sample of the rule's pairs
  for (let i = blocks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [blocks[i], blocks[j]] = [blocks[j]!, blocks[i]!];
  }
  const byKey = new Map<string, Pattern>();
  const levels = new Int8Array(comparators.length);
  let pairs = 0;
  outer: for (const { members } of blocks) {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const a = list[members[x]!]!;
        const b = list[members[y]!]!;
        if (!allowedPair(settings, a, b)) continue;
        levelsOf(comparators, a, b, levels);
        const key = levels.join(',');
        const p = byKey.get(key);
        if (p) p.count++;
        else byKey.set(key, { levels: Int8Array.from(levels), count: 1 });
        if (++pairs >= settings.emMaxPairs) break outer;
      }
  }
  return { patterns: [...byKey.values()], pairs };
}

/** EM for m (u fixed) over one rule's pairs, the held-out fields left out of the likelihood. */
function expectationMaximisation(patterns: Pattern[], u: number[][], start: number[][], held: ReadonlySet<number>) {
  let m = start.map((x) => [...x]);
  let lambda = 0.3;
  let iterations = 0;
  for (; iterations < 50; iterations++) {
    const sums = m.map((x) => new Array<number>(x.length).fill(0));
    let matchMass = 0;
    let total = 0;
    for (const p of patterns) {
      let logit = Math.log(lambda / (1 - lambda));
      for (let f = 0; f < m.length; f++) {
        const l = p.levels[f]!;
        if (l === MISSING || held.has(f)) continue;
        logit += Math.log(m[f]![l]! / u[f]![l]!);
      }
      const prob = 1 / (1 + Math.exp(-Math.max(-700, Math.min(700, logit))));
      const w = prob * p.count;
      matchMass += w;
      total += p.count;
      for (let f = 0; f < m.length; f++) {
        const l = p.levels[f]!;
        if (l !== MISSING) sums[f]![l]! += w;
      }
    }
    const next = sums.map((s) => normalise(s.map((x) => x + 0.01)));
    const nextLambda = Math.min(Math.max(matchMass / Math.max(total, 1), 1e-6), 1 - 1e-6);
    let change = Math.abs(nextLambda - lambda);
    for (let f = 0; f < m.length; f++)
      for (let l = 0; l < m[f]!.length; l++) change = Math.max(change, Math.abs(next[f]![l]! - m[f]![l]!));
    m = next;
    lambda = nextLambda;
    if (change < 1e-5) break;
  }
  return { m, lambda, iterations };
}

function deterministicLambda(list: readonly Prepared[], settings: LinkageSettings): number {
  const n = list.length;
  const possible = settings.linkType === 'link_only' ? pairsAcrossSources(list) : (n * (n - 1)) / 2;
  if (possible <= 0) return 1e-6;
  let found = 0;
  forEachCandidatePair(list, { ...settings, blocking: settings.deterministic, maxBlockSize: Infinity }, () => {
    found++;
  });
  // nothing found (a handful of records): one match among all pairs; and never more than 1 in 1,000,
  // so that two records agreeing on nothing never reach a reviewer's queue on the prior alone
  const lambda = Math.max(found / settings.deterministicRecall, 1) / possible;
  return Math.min(lambda, MAX_LAMBDA);
}

/**
 * The prior as the share of all pairs the model itself expects to match: start from the deterministic
 * estimate, score every candidate pair, and take the mean match probability over all possible pairs
 * (pairs no rule proposes count as non-matches) until it settles. Used when the deterministic rules'
 * recall is unknown (a data set with errors in every field, where exact agreement is rare among matches).
 */
function candidatesLambda(
  list: readonly Prepared[],
  settings: LinkageSettings,
  fields: FieldParameters[],
  termFrequencies: TermFrequencyTable[],
  start: number,
): number {
  const n = list.length;
  const possible = settings.linkType === 'link_only' ? pairsAcrossSources(list) : (n * (n - 1)) / 2;
  if (possible <= 0) return start;
  const provisional: ModelParameters = {
    version: 1,
    settings: settings.name,
    lambda: 0.5, // prior weight 0: totalWeight gives the evidence alone
    fields,
    termFrequencies,
    trainedOn: n,
    trainedAt: '',
    sessions: [],
  };
  const c = compile(settings, provisional);
  const weights: number[] = [];
  forEachCandidatePair(list, settings, (i, j) => {
    const w = totalWeight(c, list[i]!, list[j]!);
    if (w > -40) weights.push(w); // below that, no prior up to MAX_LAMBDA makes the pair count
  });
  let lambda = start;
  for (let iteration = 0; iteration < 100; iteration++) {
    const prior = Math.log2(lambda / (1 - lambda));
    let expected = 0;
    for (const w of weights) expected += probabilityOf(w + prior);
    const next = Math.min(Math.max(expected / possible, 1 / possible), MAX_LAMBDA);
    const settled = Math.abs(next - lambda) <= lambda * 1e-6;
    lambda = next;
    if (settled) break;
  }
  return lambda;
}

function pairsAcrossSources(list: readonly Prepared[]): number {
  const counts = new Map<string, number>();
  for (const p of list) counts.set(p.source, (counts.get(p.source) ?? 0) + 1);
  let total = 0;
  let sum = 0;
  for (const c of counts.values()) {
    total += c * sum;
    sum += c;
  }
  return total;
}

export function estimateParameters(
  records: readonly LinkRecord[],
  settings: LinkageSettings,
  options: { seed?: number; onProgress?: (done: number, total: number) => void; now?: Date } = {},
): ModelParameters {
  const random = mulberry32(options.seed ?? 20251201);
  const training = settings.training ?? settings.blocking;
  const steps = 3 + training.length;
  let step = 0;
  const progress = () => options.onProgress?.(++step, steps);
  const list = records.map((r) => prepared(r, settings));
  const words = wordFrequencies(list, settings);
  const comparators = comparatorsOf(settings, words);
  progress();
  const u = estimateU(list, settings, comparators, random);
  progress();
  const defaults = comparators.map((c) => defaultM(c.levels.length));
  const sums = comparators.map((c) => new Array<number>(c.levels.length).fill(0));
  const sessionsPerField = comparators.map(() => 0);
  const sessions: ModelParameters['sessions'] = [];
  for (const rule of training) {
    const held = new Set(
      rule.holdOut.map((f) => comparators.findIndex((c) => c.spec.field === f)).filter((i) => i >= 0),
    );
    const { patterns, pairs } = trainingPatterns(list, settings, comparators, rule, random);
    if (pairs > 0) {
      const em = expectationMaximisation(patterns, u, defaults, held);
      sessions.push({ rule: rule.name, pairs, iterations: em.iterations, matchShare: round(em.lambda) });
      for (let f = 0; f < comparators.length; f++) {
        if (held.has(f)) continue;
        sessionsPerField[f]! += 1;
        for (let l = 0; l < em.m[f]!.length; l++) sums[f]![l]! += em.m[f]![l]!;
      }
    }
    progress();
  }
  const fields: FieldParameters[] = comparators.map((c, f) => ({
    field: c.spec.field,
    levels: c.levels,
    m: sessionsPerField[f]!
      ? normalise(
          sums[f]!.map((x) => x / sessionsPerField[f]!),
          MIN_M,
        )
      : defaults[f]!,
    u: u[f]!,
    estimated: sessionsPerField[f]! > 0,
  }));
  const termFrequenciesTables = termFrequencies(list, comparators);
  const tables = [...termFrequenciesTables, ...words];
  let lambda = deterministicLambda(list, settings);
  if (settings.prior === 'candidates') lambda = candidatesLambda(list, settings, fields, tables, lambda);
  progress();
  return {
    version: 1,
    settings: settings.name,
    lambda,
    fields,
    termFrequencies: tables,
    trainedOn: records.length,
    trainedAt: (options.now ?? new Date()).toISOString(),
    sessions,
  };
}
