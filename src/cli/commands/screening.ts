// `lantern screening sets|classify`: the indicator sets, offline (no database).
import fs from 'node:fs';
import type { Language } from '../../contract/reference/index.js';
import { classify, ScreeningInputError } from '../../screening/classify.js';
import { getSet, listSets, localiseSet } from '../../screening/sets.js';
import { UsageError } from '../support.js';

export function listScreeningSets() {
  for (const s of listSets())
    console.log(
      `${s.id}\tv${s.version}\t${s.indicatorCount} ILO indicators${s.extensionCount ? ` + ${s.extensionCount} forced-criminality` : ''}`,
    );
}

export function classifyFile(o: { file: string; lang: Language }) {
  let input: { instrument?: string; answers?: Record<string, 'present' | 'absent' | 'unknown'> };
  try {
    input = JSON.parse(fs.readFileSync(o.file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read ${o.file}: ${(error as Error).message}`);
  }
  const set = input.instrument ? getSet(input.instrument) : undefined;
  if (!set)
    throw new UsageError(
      `"instrument" must be one of: ${listSets()
        .map((s) => s.id)
        .join(', ')}.`,
    );
  let result;
  try {
    result = classify(set, input.answers ?? {});
  } catch (error) {
    if (error instanceof ScreeningInputError)
      throw new UsageError(error.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
    throw error;
  }
  const labels = new Map(localiseSet(set, o.lang).dimensions.map((d) => [d.id, d.label]));
  console.log(`Outcome: ${result.outcome}  (${set.id} v${set.version})`);
  for (const d of result.dimensions)
    console.log(
      `  ${d.met ? '[met]' : '[   ]'} ${labels.get(d.id)}${d.present.length ? `: ${d.present.join(', ')}` : ''}`,
    );
  if (result.askNext.length) console.log(`Ask next: ${result.askNext.slice(0, 10).join(', ')}`);
}
