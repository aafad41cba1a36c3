// CPU profiles of Lantern under a benchmark's load (issue 15: "profile before changing").
//
// `profileWhile` records a V8 CPU profile of this process (where bench/api.ts runs Lantern) while a load runs;
// `summarise` turns it into where the time goes — self time by package or Lantern folder, and the costliest
// functions; `flameGraphSvg` draws it as a flame graph that a browser (or GitHub) shows without any tool.
// The flame graph is drawn here by hand: the libraries that do it (0x, d3-flame-graph) either run the whole
// process themselves or need a browser and d3, for what is one pass over a tree writing rectangles.
//
// As a command: `tsx bench/profile.ts FILE.cpuprofile [--svg OUT.svg]` prints the summary of a saved profile.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Records a CPU profile of this process (sampled every `intervalUs`) while `work` runs. */
export async function profileWhile<T>(
  work: () => Promise<T>,
  intervalUs = 200,
): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where a frame's code lives: an npm package, a folder of Lantern, Node itself, or V8's own states. */
export function categoryOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'garbage collection';
    if (frame.functionName === '(idle)') return 'idle';
    if (frame.functionName === '(program)') return 'V8 and native (program)';
    return 'native';
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) {
    const name = url.slice(5).replace(/^internal\//, '');
    return `node:${name.split('/')[0]}`;
  }
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const relative = path.relative(ROOT, file);
  if (relative.startsWith('src/')) {
    const parts = relative.split('/');
    return `lantern ${parts.length > 2 ? `src/${parts[1]}` : relative}`;
  }
  return relative.startsWith('..') ? file : relative;
}

export interface ProfileSummary {
  /** Milliseconds of samples in all, and of samples where the thread was not idle. */
  totalMs: number;
  busyMs: number;
  byCategory: { category: string; ms: number; share: number }[];
  byFunction: { name: string; category: string; ms: number; share: number }[];
}

/** Self time of every node, in milliseconds, from the samples and their time deltas. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0) {
    // A sample's time is the delta to the next one (the last one gets the mean).
    const mean = (profile.endTime - profile.startTime) / samples.length;
    for (let i = 0; i < samples.length; i++) {
      const us = i + 1 < deltas.length ? deltas[i + 1]! : mean;
      self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + us / 1000);
    }
  } else {
    const perHit =
      (profile.endTime - profile.startTime) / 1000 / Math.max(1, sum(profile.nodes.map((n) => n.hitCount ?? 0)));
    for (const node of profile.nodes) self.set(node.id, (node.hitCount ?? 0) * perHit);
  }
  return self;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const self = selfTimes(profile);
  const categories = new Map<string, number>();
  const functions = new Map<string, { name: string; category: string; ms: number }>();
  let totalMs = 0;
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const category = categoryOf(node.callFrame);
    if (category === 'idle') {
      idleMs += ms;
      continue;
    }
    categories.set(category, (categories.get(category) ?? 0) + ms);
    const where = node.callFrame.url ? `${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : '';
    const name = `${node.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    const entry = functions.get(name) ?? { name, category, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
  }
  const busyMs = totalMs - idleMs;
  const share = (ms: number) => ms / Math.max(busyMs, 1e-9);
  return {
    totalMs,
    busyMs,
    byCategory: [...categories]
      .map(([category, ms]) => ({ category, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    byFunction: [...functions.values()]
      .map((f) => ({ ...f, share: share(f.ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

/** The summary as Markdown tables; `perRequestOf` turns busy milliseconds into microseconds per request. */
export function summaryMarkdown(summary: ProfileSummary, requests: number, topCategories = 15): string {
  const us = (ms: number) => ((1000 * ms) / Math.max(1, requests)).toFixed(0);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const lines = [
    `${requests.toLocaleString('en')} requests; the thread was busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms ` +
      `(${us(summary.busyMs)} µs a request).`,
    '',
    '| where (self time) | share of busy time | µs a request |',
    '|---|---|---|',
    ...summary.byCategory.slice(0, topCategories).map((c) => `| ${c.category} | ${pct(c.share)} | ${us(c.ms)} |`),
    '',
    '| function (self time) | where | share | µs a request |',
    '|---|---|---|---|',
    ...summary.byFunction.map(
      (f) => `| \`${f.name.replace(/\|/g, '\\|')}\` | ${f.category} | ${pct(f.share)} | ${us(f.ms)} |`,
    ),
  ];
  return lines.join('\n');
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Colour of a category: Lantern warm, packages cool, Node and V8 grey. */
function colourOf(category: string): string {
  let hash = 0;
  for (const c of category) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  if (category.startsWith('lantern')) return `hsl(${20 + (hash % 30)}, 85%, ${55 + (hash % 15)}%)`;
  if (category.startsWith('node:') || /V8|native|garbage/.test(category)) return `hsl(0, 0%, ${65 + (hash % 20)}%)`;
  return `hsl(${170 + (hash % 90)}, 55%, ${60 + (hash % 20)}%)`;
}

/** A flame graph of the profile (idle left out), frames narrower than `minShare` of the whole dropped. */
export function flameGraphSvg(profile: CpuProfile, title: string, minShare = 0.002): string {
  const self = selfTimes(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<number, number>();
  const totalOf = (id: number): number => {
    const known = total.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const value =
      (node.callFrame.functionName === '(idle)' ? 0 : (self.get(id) ?? 0)) +
      sum((node.children ?? []).map((child) => totalOf(child)));
    total.set(id, value);
    return value;
  };
  const root = profile.nodes[0]!;
  const all = totalOf(root.id);
  const width = 1200;
  const rowHeight = 16;
  const rects: string[] = [];
  let depthMax = 0;
  const draw = (id: number, x: number, depth: number) => {
    const node = byId.get(id)!;
    const w = (totalOf(id) / all) * width;
    if (w < minShare * width) return;
    depthMax = Math.max(depthMax, depth);
    const category = categoryOf(node.callFrame);
    const name = node.callFrame.functionName || (id === root.id ? 'all' : '(anonymous)');
    const label = `${name} — ${category} — ${((100 * totalOf(id)) / all).toFixed(1)} %`;
    rects.push(
      `<g><title>${escapeXml(label)}</title><rect x="${x.toFixed(1)}" y="${depth}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="${colourOf(category)}"/>` +
        (w > 40
          ? `<text x="${(x + 3).toFixed(1)}" y="${depth}" dy="11">${escapeXml(name.slice(0, Math.floor(w / 6.5)))}</text>`
          : '') +
        '</g>',
    );
    let childX = x;
    for (const child of node.children ?? []) {
      draw(child, childX, depth + 1);
      childX += (totalOf(child) / all) * width;
    }
  };
  draw(root.id, 0, 0);
  // Flame graphs grow upwards: the root at the bottom.
  const height = (depthMax + 1) * rowHeight + 30;
  const flipped = rects.map((r) =>
    r.replace(/ y="(\d+)"/g, (_, depth: string) => ` y="${height - (Number(depth) + 1) * rowHeight}"`),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="10">`,
    `<text x="4" y="14" font-size="12">${escapeXml(title)} (hover a frame for its share)</text>`,
    ...flipped,
    '</svg>',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile.ts FILE.cpuprofile [--svg OUT.svg] [--requests N]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const at = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  console.log(summaryMarkdown(summarise(profile), Number(at('--requests') ?? 1)));
  const svg = at('--svg');
  if (svg) fs.writeFileSync(svg, flameGraphSvg(profile, path.basename(file)));
}
