// The shape of an indicator set and its validation (pure). The four ILO/EC sets
// ship as JSON in ./sets/; they are checked once when loaded, so that a typo in
// the data fails at start-up rather than silently changing a screening outcome.
import type { Language } from '../contract/codes.js';
import {
  DIMENSION_IDS,
  EXPLOITATIONS,
  POPULATIONS,
  STRENGTHS,
  EXTENSIONS,
  type DimensionId,
  type Exploitation,
  type Extension,
  type Labels,
  type Population,
  type Strength,
} from '../contract/screening.js';

const LANGS: readonly Language[] = ['vi', 'en', 'fr'];

export interface Indicator {
  readonly id: string;
  readonly strength: Strength;
  readonly label: Labels;
  readonly extension?: Extension;
  /**
   * The ILO indicator (same dimension, same strength) that this extension indicator
   * restates in scam-compound terms. The two count once, so that recording one fact
   * in both wordings cannot meet a dimension on its own.
   */
  readonly refines?: string;
}

export interface Dimension {
  readonly id: DimensionId;
  readonly label: Labels;
  readonly indicators: readonly Indicator[];
}

export interface IndicatorSet {
  readonly id: string;
  readonly population: Population;
  readonly exploitation: Exploitation;
  /** Version of Lantern's transcription; a stored screening records it. */
  readonly version: string;
  readonly source: string;
  /** How far the transcription has been checked against the publication. */
  readonly verification?: { readonly status: string; readonly note: string };
  readonly dimensions: readonly Dimension[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

function checkLabels(v: unknown, where: string, problems: string[]): void {
  if (!isObject(v)) {
    problems.push(`${where}: label must be an object {vi, en, fr}`);
    return;
  }
  for (const lang of LANGS) if (!isText(v[lang])) problems.push(`${where}: label.${lang} is missing`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Check raw JSON against the set schema and the extension rules; returns it frozen, or throws listing every problem. */
export function parseIndicatorSet(raw: unknown): IndicatorSet {
  const problems: string[] = [];
  if (!isObject(raw)) throw new Error('indicator set: not an object');
  const setId = isText(raw.id) ? raw.id : '(no id)';
  if (!isText(raw.id) || !/^[a-z0-9-]+$/.test(raw.id))
    problems.push('id must be lower-case letters, digits and dashes');
  if (!oneOf(POPULATIONS, raw.population)) problems.push(`population must be one of ${POPULATIONS.join(', ')}`);
  if (!oneOf(EXPLOITATIONS, raw.exploitation)) problems.push(`exploitation must be one of ${EXPLOITATIONS.join(', ')}`);
  if (!isText(raw.version)) problems.push('version is missing');
  if (!isText(raw.source)) problems.push('source is missing');
  const dims = Array.isArray(raw.dimensions) ? raw.dimensions : [];
  if (dims.length !== DIMENSION_IDS.length)
    problems.push(`dimensions: expected the ${DIMENSION_IDS.length} ILO dimensions`);

  const seen = new Map<string, { dimension: number; strength: unknown; extension: unknown }>();
  dims.forEach((d: unknown, di: number) => {
    const where = `dimensions[${di}]`;
    if (!isObject(d)) {
      problems.push(`${where}: not an object`);
      return;
    }
    if (d.id !== DIMENSION_IDS[di]) problems.push(`${where}: expected id ${DIMENSION_IDS[di]}, found ${String(d.id)}`);
    checkLabels(d.label, where, problems);
    const indicators = Array.isArray(d.indicators) ? d.indicators : [];
    if (indicators.length === 0) problems.push(`${where}: no indicators`);
    for (const ind of indicators as unknown[]) {
      if (!isObject(ind) || !isText(ind.id) || /\s/.test(ind.id)) {
        problems.push(`${where}: an indicator has no valid id`);
        continue;
      }
      const at = `indicator ${ind.id}`;
      if (seen.has(ind.id)) problems.push(`${at}: duplicate id`);
      if (!oneOf(STRENGTHS, ind.strength)) problems.push(`${at}: strength must be one of ${STRENGTHS.join(', ')}`);
      checkLabels(ind.label, at, problems);
      if (ind.extension !== undefined && !oneOf(EXTENSIONS, ind.extension))
        problems.push(`${at}: unknown extension ${String(ind.extension)}`);
      if (ind.refines !== undefined) {
        const target = typeof ind.refines === 'string' ? seen.get(ind.refines) : undefined;
        if (ind.extension === undefined) problems.push(`${at}: only extension indicators may refine another`);
        if (!target || target.extension !== undefined || target.dimension !== di) {
          problems.push(`${at}: refines must name an earlier ILO indicator of the same dimension`);
        } else if (target.strength !== ind.strength) {
          problems.push(`${at}: must have the strength of the indicator it refines (${String(target.strength)})`);
        }
      }
      seen.set(ind.id, { dimension: di, strength: ind.strength, extension: ind.extension });
    }
  });
  if (problems.length > 0) throw new Error(`indicator set ${setId} is invalid:\n- ${problems.join('\n- ')}`);
  return deepFreeze(raw as unknown as IndicatorSet);
}
