// Benchmark: record linkage accuracy and speed (issue 10 section 4).
// Accuracy: pairwise precision, recall and F1 against ground truth on FEBRL3 (dedupe), FEBRL4
// (4a × 4b, links across the files), Splink's historical_figures_with_errors_50k, and a generated
// Vietnamese multi-agency data set next to an exact-match baseline (same folded full name and same
// date of birth). Speed: the generated set at --size records (default 1,000,000), estimated and linked.
// Run: npm run bench:linkage [-- --size N] [-- --only febrl3,febrl4,historical,vietnamese]
// The shared data sets are read from ../shared/data/linkage beside the repository.
import { cpus, totalmem } from 'node:os';
import { nameTokens } from '../src/contract/names.ts';
import {
  DEFAULT_AUTO_THRESHOLD,
  DEFAULT_REVIEW_THRESHOLD,
  estimateParameters,
  linkRecords,
  PERSON_SETTINGS,
  type LinkRecord,
  type LinkageSettings,
  type ScoredPair,
} from '../src/linkage/index.ts';
import { generateVietnamese } from './linkage-data.ts';
import { febrlRecords, febrlSettings, HISTORICAL, historicalRecords } from './linkage-sets.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SIZE = Number(option('size') ?? 1_000_000);
const ONLY = option('only')?.split(',');
const wanted = (name: string) => !ONLY || ONLY.includes(name);

// ---- Measuring ------------------------------------------------------------------------------

interface Accuracy {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

function truePairCount(
  records: readonly LinkRecord[],
  truth: Map<string, unknown>,
  linkType: LinkageSettings['linkType'],
) {
  const groups = new Map<unknown, Map<string, number>>();
  for (const r of records) {
    const g = truth.get(r.id);
    const bySource = groups.get(g) ?? groups.set(g, new Map()).get(g)!;
    bySource.set(r.source ?? '', (bySource.get(r.source ?? '') ?? 0) + 1);
  }
  let total = 0;
  for (const bySource of groups.values()) {
    const counts = [...bySource.values()];
    const n = counts.reduce((s, c) => s + c, 0);
    const within = counts.reduce((s, c) => s + (c * (c - 1)) / 2, 0);
    total += linkType === 'link_only' ? (n * (n - 1)) / 2 - within : (n * (n - 1)) / 2;
  }
  return total;
}

function accuracy(
  pairs: readonly ScoredPair[],
  truth: Map<string, unknown>,
  trueTotal: number,
  threshold: number,
): Accuracy {
  let tp = 0;
  let predicted = 0;
  for (const p of pairs) {
    if (p.probability < threshold) continue;
    predicted++;
    if (truth.get(p.a) === truth.get(p.b)) tp++;
  }
  const precision = predicted ? tp / predicted : 0;
  const recall = trueTotal ? tp / trueTotal : 0;
  return { threshold, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

interface Row {
  data: string;
  records: number;
  candidates: string;
  atReview: Accuracy;
  atAuto: Accuracy;
  best: Accuracy;
  target: string;
  seconds: number;
}

function run(
  data: string,
  records: LinkRecord[],
  truth: Map<string, unknown>,
  settings: LinkageSettings,
  target: string,
): Row {
  const start = performance.now();
  const params = estimateParameters(records, settings, { seed: 1 });
  const pairs = linkRecords(records, settings, params, { minProbability: 0.01 });
  const seconds = (performance.now() - start) / 1000;
  const trueTotal = truePairCount(records, truth, settings.linkType);
  let best = accuracy(pairs, truth, trueTotal, 0.5);
  for (let t = 0.05; t < 1; t += 0.05) {
    const a = accuracy(pairs, truth, trueTotal, t);
    if (a.f1 > best.f1) best = a;
  }
  for (const t of [0.999, 0.9999]) {
    const a = accuracy(pairs, truth, trueTotal, t);
    if (a.f1 > best.f1) best = a;
  }
  return {
    data,
    records: records.length,
    candidates: `${pairs.length} ≥ 0.01 of ${trueTotal} true`,
    atReview: accuracy(pairs, truth, trueTotal, DEFAULT_REVIEW_THRESHOLD),
    atAuto: accuracy(pairs, truth, trueTotal, DEFAULT_AUTO_THRESHOLD),
    best,
    target,
    seconds,
  };
}

/** The exact-match baseline: same folded full name and same (full) date of birth. */
function exactBaseline(records: readonly LinkRecord[], truth: Map<string, unknown>, trueTotal: number): Accuracy {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    if (!r.dateOfBirth) continue;
    const name = nameTokens([r.familyName, r.middleName, r.givenName].filter(Boolean).join(' ')).join(' ');
    if (!name) continue;
    const key = `${name}|${r.dateOfBirth}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r.id);
  }
  let tp = 0;
  let predicted = 0;
  for (const ids of groups.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        predicted++;
        if (truth.get(ids[i]!) === truth.get(ids[j]!)) tp++;
      }
  const precision = predicted ? tp / predicted : 0;
  const recall = tp / trueTotal;
  return { threshold: 1, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

const f = (x: number) => x.toFixed(4);
const acc = (a: Accuracy) => `${f(a.precision)} / ${f(a.recall)} / **${f(a.f1)}**`;

const rows: Row[] = [];
if (wanted('febrl3')) {
  const { records, truth } = febrlRecords('febrl/dataset3.csv', 'f3');
  rows.push(run('FEBRL3 (dedupe)', records, truth, febrlSettings('dedupe'), '≥ 0.99'));
}
if (wanted('febrl4')) {
  const a = febrlRecords('febrl/dataset4a.csv', '4a');
  const b = febrlRecords('febrl/dataset4b.csv', '4b');
  const truth = new Map([...a.truth, ...b.truth]);
  rows.push(run('FEBRL4 (4a × 4b)', [...a.records, ...b.records], truth, febrlSettings('link_only'), '≥ 0.99'));
}
if (wanted('historical')) {
  const { records, truth } = historicalRecords();
  rows.push(run('historical_figures_with_errors_50k', records, truth, HISTORICAL, '≥ 0.85 (Splink 0.757)'));
}
let speed = '';
let baseline: Accuracy | null = null;
if (wanted('vietnamese')) {
  const t0 = performance.now();
  const set = generateVietnamese(SIZE, 10);
  const generated = (performance.now() - t0) / 1000;
  const truth = new Map<string, unknown>(set.truth);
  const row = run(
    `Vietnamese generated (${set.persons} persons)`,
    set.records,
    truth,
    PERSON_SETTINGS,
    'above baseline',
  );
  rows.push(row);
  baseline = exactBaseline(set.records, truth, truePairCount(set.records, truth, 'dedupe'));
  speed = `${SIZE.toLocaleString('en')} records generated in ${generated.toFixed(1)} s, estimated + linked in ${row.seconds.toFixed(1)} s (target < 60 s)`;
}

console.log(
  `\n## Record linkage (${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version})\n`,
);
console.log('Pairwise precision / recall / **F1**; thresholds are match probabilities.\n');
console.log(
  `| data | records | at review ${DEFAULT_REVIEW_THRESHOLD} | at auto ${DEFAULT_AUTO_THRESHOLD} | best (threshold) | target | estimate + link |`,
);
console.log('|---|---:|---|---|---|---|---:|');
for (const r of rows)
  console.log(
    `| ${r.data} | ${r.records.toLocaleString('en')} | ${acc(r.atReview)} | ${acc(r.atAuto)} | ${acc(r.best)} (${r.best.threshold.toFixed(4).replace(/0+$/, '')}) | ${r.target} | ${r.seconds.toFixed(1)} s |`,
  );
if (baseline) console.log(`| exact-match baseline (same folded name + date of birth) | | ${acc(baseline)} | | | | |`);
if (speed) console.log(`\n${speed}; peak resident memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`);
