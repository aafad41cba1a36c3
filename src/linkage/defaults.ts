// Model parameters before any full run has estimated them from the registry (and for registries too
// small to estimate from): the registration check and the clusters need a model from the first person
// on. Per field and level, how often the same person (m) and two different persons (u) agree so:
// conservative guesses from the make-up of Vietnamese records (a third of the country is Nguyễn; two
// random persons share a year of birth about once in fifty). A full run replaces them with estimates.
import { levelNames } from './comparisons.js';
import type { LinkageSettings, ModelParameters } from './types.js';

/** [m, u] per level name, per field; levels not listed share what is left. */
const GUESSES: Record<string, Record<string, readonly [number, number]>> = {
  family_name: { exact: [0.6, 0.1], folded: [0.3, 0.05], reordered: [0.03, 0.005], 'jw_0.9': [0.05, 0.02] },
  middle_name: { exact: [0.6, 0.15], folded: [0.25, 0.1], middle_dropped: [0.1, 0.1] },
  given_name: {
    exact: [0.6, 0.01],
    folded: [0.3, 0.01],
    reordered: [0.03, 0.001],
    'jw_0.9': [0.03, 0.005],
    'jw_0.8': [0.02, 0.02],
  },
  sex: { same: [0.95, 0.5] },
  date_of_birth: {
    exact: [0.85, 0.00005],
    dmy_swap: [0.03, 0.00005],
    one_digit_off: [0.03, 0.0005],
    year_only: [0.1, 0.02], // both know only the year, and it is the same
    same_year: [0.02, 0.02],
    year_pm1: [0.02, 0.04],
  },
  id_number: { exact: [0.9, 0.000001], one_digit_off: [0.03, 0.00001] },
  phone: { exact: [0.7, 0.000001], one_digit_off: [0.05, 0.00001] },
  province: { same: [0.8, 0.05] },
};

/** The guesses of one field: listed levels as given, the others sharing the rest (the last level most). */
function guess(field: string, levels: readonly string[], which: 0 | 1): number[] {
  const known = GUESSES[field] ?? {};
  const listed = levels.map((l) => known[l]?.[which]);
  const used = listed.reduce<number>((s, v) => s + (v ?? 0), 0);
  const unlisted = listed.filter((v) => v === undefined).length;
  const rest = Math.max(1 - used, 0.01);
  const values = listed.map((v) => v ?? rest / Math.max(unlisted, 1));
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / total);
}

/**
 * Published shares of the commonest Vietnamese family names (folded), so that a shared "Nguyễn"
 * weighs little before any run has counted the registry's own.
 */
const FAMILY_NAME_SHARES: Record<string, number> = {
  nguyen: 0.38,
  tran: 0.11,
  le: 0.095,
  pham: 0.071,
  hoang: 0.051,
  huynh: 0.051,
  phan: 0.045,
  vu: 0.039,
  vo: 0.039,
  dang: 0.021,
  bui: 0.02,
  do: 0.014,
  ho: 0.013,
  ngo: 0.013,
  duong: 0.01,
  ly: 0.005,
};

export function defaultParameters(settings: LinkageSettings, now = new Date()): ModelParameters {
  return {
    version: 1,
    settings: settings.name,
    lambda: 0.00001,
    fields: settings.comparisons.map((spec) => {
      const levels = levelNames(spec).filter((l) => l !== 'missing');
      return {
        field: spec.field,
        levels,
        m: guess(spec.field, levels, 0),
        u: guess(spec.field, levels, 1),
        estimated: false,
      };
    }),
    termFrequencies: settings.comparisons.some((c) => c.field === 'family_name' && c.tf)
      ? [{ field: 'family_name', total: 0, frequencies: FAMILY_NAME_SHARES, floor: 0.003 }]
      : [],
    trainedOn: 0,
    trainedAt: now.toISOString(),
    sessions: [],
  };
}
