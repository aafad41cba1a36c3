// The shipped indicator sets: loaded and validated once, looked up by id, localised
// for the API (GET /api/v1/screening/sets/:id), and chosen for a person (pure: the
// JSON is bundled by import, so the web app and the offline client get the same data).
import type { ExploitationType, Language } from '../contract/codes.js';
import { AGE_OF_MAJORITY } from '../contract/age.js';
import {
  parseIndicatorSet,
  SET_IDS,
  type DimensionId,
  type Exploitation,
  type Extension,
  type IndicatorSet,
  type Population,
  type SetId,
  type Strength,
} from './indicator-set.js';
import adultLabour from './sets/ilo-2009-adult-labour.json' with { type: 'json' };
import adultSexual from './sets/ilo-2009-adult-sexual.json' with { type: 'json' };
import childLabour from './sets/ilo-2009-child-labour.json' with { type: 'json' };
import childSexual from './sets/ilo-2009-child-sexual.json' with { type: 'json' };

const SETS: ReadonlyMap<string, IndicatorSet> = new Map(
  [adultLabour, adultSexual, childLabour, childSexual].map((raw: unknown) => {
    const set = parseIndicatorSet(raw);
    return [set.id, set] as const;
  }),
);
for (const id of SET_IDS) if (!SETS.has(id)) throw new Error(`indicator set ${id} is not shipped`);

// Which set each indicator id belongs to, to tell a caller that sent answers for the wrong population.
const SET_OF_INDICATOR = new Map<string, SetId>();
for (const set of SETS.values())
  for (const d of set.dimensions) for (const i of d.indicators) SET_OF_INDICATOR.set(i.id, set.id as SetId);

/** A shipped set by id, or undefined. */
export function getSet(id: string): IndicatorSet | undefined {
  return SETS.get(id);
}

export interface SetSummary {
  id: SetId;
  population: Population;
  exploitation: Exploitation;
  version: string;
  source: string;
  /** ILO indicators, then Lantern's extension indicators. */
  indicatorCount: number;
  extensionCount: number;
  verification: string | null;
}

/** The shipped sets, in their fixed order, without their indicators. */
export function listSets(): SetSummary[] {
  return SET_IDS.map((id) => {
    const set = SETS.get(id)!;
    const all = set.dimensions.flatMap((d) => d.indicators);
    const extensionCount = all.filter((i) => i.extension !== undefined).length;
    return {
      id,
      population: set.population,
      exploitation: set.exploitation,
      version: set.version,
      source: set.source,
      indicatorCount: all.length - extensionCount,
      extensionCount,
      verification: set.verification?.status ?? null,
    };
  });
}

/** The shipped set that has this indicator id, if any. */
export function setOfIndicator(indicatorId: string): SetId | undefined {
  return SET_OF_INDICATOR.get(indicatorId);
}

export interface LocalisedIndicator {
  id: string;
  label: string;
  strength: Strength;
  extension?: Extension;
}
export interface LocalisedSet {
  id: string;
  population: Population;
  exploitation: Exploitation;
  version: string;
  source: string;
  dimensions: { id: DimensionId; label: string; indicators: LocalisedIndicator[] }[];
}

/** A set with its labels in one language: the response body of GET /api/v1/screening/sets/:id. */
export function localiseSet(set: IndicatorSet, lang: Language): LocalisedSet {
  return {
    id: set.id,
    population: set.population,
    exploitation: set.exploitation,
    version: set.version,
    source: set.source,
    dimensions: set.dimensions.map((d) => ({
      id: d.id,
      label: d.label[lang],
      indicators: d.indicators.map((i) => ({
        id: i.id,
        label: i.label[lang],
        strength: i.strength,
        ...(i.extension ? { extension: i.extension } : {}),
      })),
    })),
  };
}

// Exploitation types that the ILO sexual-exploitation lists describe; the labour
// lists describe the others that have a list (forced criminality is labour
// exploitation in the ILO's terms and its extension lives in the labour sets).
const SEXUAL_TYPES: ReadonlySet<string> = new Set<ExploitationType>(['sexual_exploitation', 'forced_marriage']);
const LABOUR_TYPES: ReadonlySet<string> = new Set<ExploitationType>([
  'forced_labour',
  'forced_criminality',
  'domestic_servitude',
  'begging',
]);

/**
 * The set to screen a person with, when the screener does not choose one.
 * Child sets when the person is a minor, or may be one: an unknown age is presumed
 * to be a child's (the protective presumption of minority), and so is a conflict
 * between a stated age under 18 and an "adult" flag. Sexual sets only when sexual
 * exploitation or forced marriage outnumber the labour types on the case; otherwise
 * (ties, forced criminality, no recorded type) the labour sets, which carry the
 * forced-criminality extension used at border gates.
 */
export function derivePopulation(
  ageYears: number | null,
  isMinor: boolean | null,
  exploitationTypes: readonly ExploitationType[],
): SetId {
  const child =
    isMinor === true || (ageYears !== null && ageYears < AGE_OF_MAJORITY) || (ageYears === null && isMinor === null);
  let sexual = 0;
  let labour = 0;
  for (const t of new Set(exploitationTypes)) {
    if (SEXUAL_TYPES.has(t)) sexual += 1;
    else if (LABOUR_TYPES.has(t)) labour += 1;
  }
  const exploitation: Exploitation = sexual > labour ? 'sexual' : 'labour';
  return `ilo-2009-${child ? 'child' : 'adult'}-${exploitation}`;
}
