// Synthetic indicator sets for the classifier's tests: every dimension has three
// strong, three medium and three weak indicators, so that every combination the
// ILO rule names can be built in every dimension (the real lists cannot: no real
// dimension has three weak indicators, and some have no strong one).
import { parseIndicatorSet, type IndicatorSet } from './indicator-set.js';
import { DIMENSION_IDS, type Answers, type DimensionId, type Population } from '../contract/screening.js';

const label = (text: string) => ({ vi: text, en: text, fr: text });

/** A synthetic set; indicator ids are `<dimension>.<s|m|w><1..3>`, e.g. `exploitative_conditions.s1`. */
export function syntheticSet(population: Population, perStrength = 3): IndicatorSet {
  return parseIndicatorSet({
    id: `test-${population}`,
    population,
    exploitation: 'labour',
    version: 'test',
    source: 'synthetic, for tests',
    dimensions: DIMENSION_IDS.map((id) => ({
      id,
      label: label(id),
      indicators: (['strong', 'medium', 'weak'] as const).flatMap((strength) =>
        Array.from({ length: perStrength }, (_, n) => ({
          id: `${id}.${strength[0]}${n + 1}`,
          strength,
          label: label(`${id} ${strength} ${n + 1}`),
        })),
      ),
    })),
  });
}

/** Ids that make a dimension hold `pattern`, e.g. present('coercion_at_destination', 'SMW') → one strong, one medium, one weak. */
export function ids(dimension: DimensionId, pattern: string): string[] {
  const next = { S: 0, M: 0, W: 0 } as Record<string, number>;
  return [...pattern].map((ch) => `${dimension}.${ch.toLowerCase()}${(next[ch] = (next[ch] ?? 0) + 1)}`);
}

/** Answers with every given id `present`. */
export function present(...groups: string[][]): Answers {
  return Object.fromEntries(groups.flat().map((id) => [id, 'present' as const]));
}
