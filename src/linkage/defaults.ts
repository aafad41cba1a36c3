// Model parameters before any full run has estimated them from the registry: the registration check
// and the clusters need a model from the first person on. Conservative guesses, per level, of how often
// the same person (m) and two different persons (u) agree so; a full run replaces them with estimates.
import { levelNames } from './comparisons.js';
import type { LinkageSettings, ModelParameters } from './types.js';

/** u of the best level of each field: how often two random persons agree exactly. */
const CHANCE: Record<string, number> = {
  family_name: 0.1, // a third of the country is Nguyễn; term frequencies are not known yet
  middle_name: 0.15,
  given_name: 0.01,
  sex: 0.5,
  date_of_birth: 0.0001,
  id_number: 0.000001,
  phone: 0.000001,
  province: 0.05,
};

function spread(levels: number, first: number, rest: number): number[] {
  if (levels === 1) return [1];
  const out = new Array<number>(levels).fill(rest / Math.max(levels - 2, 1));
  out[0] = first;
  out[levels - 1] = 1 - first - (levels > 2 ? rest : 0);
  return out;
}

export function defaultParameters(settings: LinkageSettings, now = new Date()): ModelParameters {
  return {
    version: 1,
    settings: settings.name,
    lambda: 0.0001,
    fields: settings.comparisons.map((spec) => {
      const levels = levelNames(spec).filter((l) => l !== 'missing');
      const chance = CHANCE[spec.field] ?? 0.01;
      return {
        field: spec.field,
        levels,
        m: spread(levels.length, levels.length === 2 ? 0.95 : 0.75, levels.length === 2 ? 0 : 0.2),
        u: spread(levels.length, chance, levels.length === 2 ? 0 : Math.min(chance * 4, 0.2)),
        estimated: false,
      };
    }),
    termFrequencies: [],
    trainedOn: 0,
    trainedAt: now.toISOString(),
    sessions: [],
  };
}
