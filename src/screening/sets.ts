// The shipped indicator sets: loaded and validated once, looked up by id, localised
// for the API (GET /api/v1/screening/sets/:id), and chosen for a person (pure: the
// JSON is bundled by import, so the web app and the offline client get the same data).
import type { Language } from '../contract/codes.js';
import { parseIndicatorSet, type IndicatorSet } from './indicator-set.js';
import {
  SET_IDS,
  type DimensionId,
  type Exploitation,
  type Extension,
  type Population,
  type SetId,
  type Strength,
} from '../contract/screening.js';
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
