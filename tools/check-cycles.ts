// `npm run check:cycles`: no import cycles, between files or between capability
// folders (src/access, src/registry, ...). Type-only imports count too: a folder
// that needs another's types depends on it. The graph comes from dpdm; the folder
// check (strongly connected components) is written here because dpdm checks files only.
import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

const root = path.resolve(import.meta.dirname, '..');

/** The unit a file belongs to: its capability folder, the composition root (src/*.ts), or the web app. */
function unitOf(file: string): string | null {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('web/src/')) return 'web';
  const match = /^src\/([^/]+)\//.exec(rel);
  if (match) return `src/${match[1]}`;
  return rel.startsWith('src/') ? 'src (composition root)' : null;
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        component.push(top);
      } while (top !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

const tree = await parseDependencyTree(['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'], {
  context: root,
  cwd: root,
  transform: false,
  tsconfig: path.join(root, 'tsconfig.json'),
  exclude: /node_modules/,
});

let failed = false;
const fileCycles = parseCircular(tree);
for (const cycle of fileCycles) {
  failed = true;
  console.error(`file cycle: ${cycle.join(' -> ')} -> ${cycle[0]}`);
}

const folders = new Map<string, Set<string>>();
const examples = new Map<string, string>();
for (const [file, deps] of Object.entries(tree)) {
  const from = unitOf(path.resolve(root, file));
  if (!from || from === 'src (composition root)') continue; // the root depends on everything, nothing on it
  if (!folders.has(from)) folders.set(from, new Set());
  for (const dep of deps ?? []) {
    if (!dep.id) continue;
    const to = unitOf(path.resolve(root, dep.id));
    if (!to || to === from) continue;
    folders.get(from)!.add(to);
    if (!examples.has(`${from}>${to}`)) examples.set(`${from}>${to}`, `${file} imports ${dep.id}`);
  }
}
for (const cycle of cycles(folders)) {
  failed = true;
  const edges = cycle.flatMap((a) => cycle.filter((b) => folders.get(a)?.has(b)).map((b) => examples.get(`${a}>${b}`)));
  console.error(`folder cycle: ${cycle.join(' <-> ')}\n  ${edges.join('\n  ')}`);
}

if (failed) process.exit(1);
const summary = [...folders].map(([from, to]) => `${from} -> ${[...to].sort().join(', ') || '(nothing)'}`).sort();
console.log(`No import cycles (${Object.keys(tree).length} files).\n${summary.join('\n')}`);
