// Benchmark: screening classifications per second on one core (issue 3 asks for
// at least 200,000/s). Answers are random but realistic: per set, 0 to 20
// indicators present, a few absent, the rest unknown, so that `askNext` (the
// costlier half) is computed as it is for a screening in progress.
// Run: npm run bench:screening   (prints a markdown table for bench/RESULTS.md)
import { cpus } from 'node:os';
import { classify } from '../src/screening/classify.ts';
import type { Answer } from '../src/contract/screening.ts';
import type { IndicatorSet } from '../src/screening/indicator-set.ts';
import { getSet, listSets } from '../src/screening/sets.ts';
import { mulberry32 as rng } from '../src/platform/seeded-random.ts';

const TARGET_PER_SECOND = 200_000;
const SAMPLES = 2_000; // distinct answer sheets per set, cycled through
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

function answerSheets(set: IndicatorSet, random: () => number): Record<string, Answer>[] {
  const ids = set.dimensions.flatMap((d) => d.indicators.map((i) => i.id));
  return Array.from({ length: SAMPLES }, () => {
    const sheet: Record<string, Answer> = {};
    const presentCount = Math.floor(random() * 21);
    for (let k = 0; k < presentCount; k++) sheet[ids[Math.floor(random() * ids.length)]!] = 'present';
    for (let k = 0; k < 10; k++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      sheet[id] ??= random() < 0.7 ? 'absent' : 'unknown';
    }
    return sheet;
  });
}

interface Row {
  set: string;
  indicators: number;
  perSecond: number;
  presumed: number;
  possible: number;
  none: number;
  askNext: number;
}

function measure(set: IndicatorSet, sheets: Record<string, Answer>[]): Row {
  const tally = { presumed_victim: 0, possible_victim: 0, no_indicators_met: 0 };
  let asked = 0;
  for (let w = 0; w < 20_000; w++) classify(set, sheets[w % SAMPLES]!); // warm-up: let the JIT settle
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < deadline) {
    for (let j = 0; j < 1_000; j++, n++) {
      const r = classify(set, sheets[n % SAMPLES]!);
      tally[r.outcome] += 1;
      asked += r.askNext.length;
    }
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  const pct = (x: number) => Math.round((100 * x) / n);
  return {
    set: set.id,
    indicators: set.dimensions.reduce((sum, d) => sum + d.indicators.length, 0),
    perSecond: Math.round(n / seconds),
    presumed: pct(tally.presumed_victim),
    possible: pct(tally.possible_victim),
    none: pct(tally.no_indicators_met),
    askNext: Math.round(asked / n),
  };
}

const random = rng(20250703);
const rows = listSets().map((s) => {
  const set = getSet(s.id)!;
  return measure(set, answerSheets(set, random));
});

const fmt = (x: number) => x.toLocaleString('en-US');
console.log(`### Screening classifier (${new Date().toISOString().slice(0, 10)})\n`);
console.log(
  `CPU: ${cpus()[0]?.model ?? 'unknown'} (one core used) · Node ${process.version} · ${SECONDS} s per set, ${fmt(SAMPLES)} random answer sheets per set\n`,
);
console.log('| set | indicators | classifications/s | presumed | possible | none | mean askNext |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.set} | ${r.indicators} | ${fmt(r.perSecond)} | ${r.presumed}% | ${r.possible}% | ${r.none}% | ${r.askNext} |`,
  );
}
const slowest = Math.min(...rows.map((r) => r.perSecond));
console.log(
  `\nSlowest set: ${fmt(slowest)}/s — target ≥ ${fmt(TARGET_PER_SECOND)}/s: ${slowest >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
);
if (slowest < TARGET_PER_SECOND) process.exitCode = 1;
