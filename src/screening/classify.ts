// Screening classification (pure: no I/O; shared by the server, the web app and the CLI).
//
// Hand-written on purpose: no library implements the ILO/European Commission
// "Operational indicators of trafficking in human beings" (2009) combination rule,
// and the rule is small enough to state and test directly (docs/screening.md).
//
// Step 1, per dimension: met with at least two strong indicators, or one strong plus
// one medium or weak, or three medium, or two medium plus one weak.
// Step 2, adults: a recruitment dimension (deceptive, coercive or by abuse of
// vulnerability) AND exploitation AND (coercion OR abuse of vulnerability at
// destination). Children: recruitment AND exploitation; no means are needed.
// `possible_victim` is Lantern's design on top of the binary ILO rule: some dimension
// is met or near-threshold (one more medium indicator would meet it).
//
// Speed matters (a border gate screens hundreds of returnees; the web app
// re-classifies on every answer), so each set is compiled once into flat arrays.
import { type IndicatorSet } from './indicator-set.js';
import type { Outcome } from '../contract/screening.js';
import { ANSWERS, DIMENSION_IDS, type Answers, type DimensionId } from '../contract/screening.js';

export interface DimensionResult {
  id: DimensionId;
  /** The ILO threshold is reached in this dimension. */
  met: boolean;
  /** Met, or one more medium indicator would meet it (Lantern's `possible_victim` tier). */
  nearThreshold: boolean;
  /** Indicators answered `present`, in set order (extension indicators included). */
  present: string[];
  /** What the rule counted; an extension indicator and the ILO indicator it refines count once. */
  counts: { strong: number; medium: number; weak: number };
}

export interface ElementStatus {
  met: boolean;
  /** false for the coercion element of a child: the children's rule needs no means. */
  required: boolean;
}

export interface Classification {
  setId: string;
  setVersion: string;
  outcome: Outcome;
  /** The rule's three elements: recruitment (any recruitment dimension), exploitation, coercion or abuse of vulnerability at destination. */
  elements: { recruitment: ElementStatus; exploitation: ElementStatus; coercion: ElementStatus };
  dimensions: DimensionResult[];
  /** `unknown` indicators that could still change the outcome, the most decisive first. */
  askNext: string[];
}

/** Answers that do not fit the set: ids it does not have, or values other than present/absent/unknown. */
export class ScreeningInputError extends Error {
  readonly code = 'invalid_screening_answers';
  constructor(
    readonly setId: string,
    readonly unknownIndicators: readonly string[],
    readonly invalidValues: readonly string[] = [],
  ) {
    const parts: string[] = [];
    if (unknownIndicators.length) parts.push(`not indicators of ${setId}: ${unknownIndicators.join(', ')}`);
    if (invalidValues.length) parts.push(`answers must be ${ANSWERS.join(', ')}: ${invalidValues.join(', ')}`);
    super(`Invalid screening answers (${parts.join('; ')})`);
    this.name = 'ScreeningInputError';
  }

  /** One entry per bad answer, in the shape of the API's field errors. */
  get errors(): { field: string; message: string }[] {
    return [
      ...this.unknownIndicators.map((id) => ({ field: `answers.${id}`, message: `not an indicator of ${this.setId}` })),
      ...this.invalidValues.map((id) => ({ field: `answers.${id}`, message: `must be one of ${ANSWERS.join(', ')}` })),
    ];
  }
}

// Strength codes: 0 strong, 1 medium, 2 weak. Dimension groups of the rule:
const RECRUITMENT = [0, 1, 2];
const EXPLOITATION = 3;
const DESTINATION = [4, 5];
const STRENGTH_CODE = { strong: 0, medium: 1, weak: 2 } as const;
const IDX_BITS = 10; // indicator index packed into the low bits of an ask-next sort key

interface CompiledSet {
  child: boolean;
  ids: string[];
  index: Map<string, number>;
  unitOf: Uint16Array; // indicator -> counting unit (an ILO indicator with its refining extension indicators)
  unitDim: Uint8Array;
  unitStrength: Uint8Array;
  dimOf: Uint8Array; // indicator -> dimension
  // scratch buffers, reused by every call (classification is synchronous, so never shared)
  state: Uint8Array; // 0 unknown, 1 present, 2 absent
  unitState: Uint8Array;
  keys: Int32Array;
}

const compiledSets = new WeakMap<IndicatorSet, CompiledSet>();

function compile(set: IndicatorSet): CompiledSet {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const unitOfList: number[] = [];
  const dimList: number[] = [];
  const unitDim: number[] = [];
  const unitStrength: number[] = [];
  set.dimensions.forEach((d, di) => {
    for (const ind of d.indicators) {
      const refined = ind.refines === undefined ? undefined : index.get(ind.refines);
      let unit: number;
      if (refined !== undefined) unit = unitOfList[refined] as number;
      else {
        unit = unitDim.length;
        unitDim.push(di);
        unitStrength.push(STRENGTH_CODE[ind.strength]);
      }
      index.set(ind.id, ids.length);
      ids.push(ind.id);
      unitOfList.push(unit);
      dimList.push(di);
    }
  });
  if (ids.length >= 1 << IDX_BITS) throw new Error(`indicator set ${set.id} is too large to classify`);
  return {
    child: set.population === 'child',
    ids,
    index,
    unitOf: Uint16Array.from(unitOfList),
    unitDim: Uint8Array.from(unitDim),
    unitStrength: Uint8Array.from(unitStrength),
    dimOf: Uint8Array.from(dimList),
    state: new Uint8Array(ids.length),
    unitState: new Uint8Array(unitDim.length),
    keys: new Int32Array(ids.length),
  };
}

function compiled(set: IndicatorSet): CompiledSet {
  let c = compiledSets.get(set);
  if (!c) {
    c = compile(set);
    compiledSets.set(set, c);
  }
  return c;
}

/** ILO step 1: is a dimension met with this many strong, medium and weak indicators? */
export function dimensionMet(strong: number, medium: number, weak: number): boolean {
  return strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1);
}

/** Lantern's near-threshold: one more medium indicator would meet the dimension (or it is met). */
export function dimensionNearThreshold(strong: number, medium: number, weak: number): boolean {
  return strong >= 1 || medium >= 2 || (medium >= 1 && weak >= 1);
}

/** ILO step 2 over the six dimensions' met flags. */
export function ruleSatisfied(met: readonly boolean[], child: boolean): boolean {
  const recruitment = RECRUITMENT.some((d) => met[d]);
  const exploitation = met[EXPLOITATION] === true;
  return recruitment && exploitation && (child || DESTINATION.some((d) => met[d]));
}

const tierOf = (rule: boolean, anyNear: boolean): number => (rule ? 2 : anyNear ? 1 : 0);
const OUTCOME_OF_TIER: readonly Outcome[] = ['no_indicators_met', 'possible_victim', 'presumed_victim'];

/** Classify one screening: outcome, per-dimension explanation, and what to ask next. Throws ScreeningInputError on answers that do not fit the set. */
export function classify(set: IndicatorSet, answers: Answers): Classification {
  const c = compiled(set);
  const { state, unitState, unitOf, unitDim, unitStrength, ids } = c;
  state.fill(0);
  let unknownIds: string[] | undefined;
  let invalid: string[] | undefined;
  for (const id of Object.keys(answers)) {
    const i = c.index.get(id);
    const v = answers[id];
    if (i === undefined) (unknownIds ??= []).push(id);
    else if (v === 'present') state[i] = 1;
    else if (v === 'absent') state[i] = 2;
    else if (v !== 'unknown' && v !== undefined) (invalid ??= []).push(id);
  }
  if (unknownIds || invalid) throw new ScreeningInputError(set.id, unknownIds ?? [], invalid ?? []);

  // A unit is present if any of its indicators is, unknown if none is present and one is unanswered.
  unitState.fill(2);
  for (let i = 0; i < ids.length; i++) {
    const u = unitOf[i] as number;
    if (state[i] === 1) unitState[u] = 1;
    else if (state[i] === 0 && unitState[u] === 2) unitState[u] = 0;
  }
  const present = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // [dimension * 3 + strength]
  const open = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // unknown units, same layout
  for (let u = 0; u < unitState.length; u++) {
    const k = (unitDim[u] as number) * 3 + (unitStrength[u] as number);
    if (unitState[u] === 1) present[k]! += 1;
    else if (unitState[u] === 0) open[k]! += 1;
  }
  const met: boolean[] = [];
  const near: boolean[] = [];
  for (let d = 0; d < 6; d++) {
    const s = present[d * 3]!,
      m = present[d * 3 + 1]!,
      w = present[d * 3 + 2]!;
    met.push(dimensionMet(s, m, w));
    near.push(dimensionNearThreshold(s, m, w));
  }
  const rule = ruleSatisfied(met, c.child);
  const tier = tierOf(rule, near.includes(true));

  const dimensions: DimensionResult[] = DIMENSION_IDS.map((id, d) => ({
    id,
    met: met[d]!,
    nearThreshold: near[d]!,
    present: [],
    counts: { strong: present[d * 3]!, medium: present[d * 3 + 1]!, weak: present[d * 3 + 2]! },
  }));
  for (let i = 0; i < ids.length; i++) if (state[i] === 1) dimensions[c.dimOf[i]!]!.present.push(ids[i]!);

  return {
    setId: set.id,
    setVersion: set.version,
    outcome: OUTCOME_OF_TIER[tier]!,
    elements: {
      recruitment: { met: RECRUITMENT.some((d) => met[d]), required: true },
      exploitation: { met: met[EXPLOITATION]!, required: true },
      coercion: { met: DESTINATION.some((d) => met[d]), required: !c.child },
    },
    dimensions,
    askNext: tier === 2 ? [] : askNext(c, present, open, met, near, tier),
  };
}

// What one more unknown indicator of strength k can do to a dimension that has
// (ps, pm, pw) present and (os, om, ow) other unknown units, over every way of
// answering those others: bits 0-1 = the fewest others that must also turn present
// for it to complete the dimension (NO_RULE_EFFECT if it never can); bit 2 = it can
// lift the dimension from below to near-threshold. The answer depends only on counts
// clipped at the thresholds (2 strong, 3 medium, 1 weak), so it is tabulated once.
const NO_RULE_EFFECT = 3;
const LIFTS = 4;
const clip = (v: number, max: number) => (v > max ? max : v);
const effectIndex = (ps: number, pm: number, pw: number, os: number, om: number, ow: number, k: number) =>
  (((((clip(ps, 2) * 4 + clip(pm, 3)) * 2 + clip(pw, 1)) * 3 + clip(os, 2)) * 4 + clip(om, 3)) * 2 + clip(ow, 1)) * 3 +
  k;
const EFFECTS = tabulateEffects();

function tabulateEffects(): Uint8Array {
  const table = new Uint8Array(3 * 4 * 2 * 3 * 4 * 2 * 3);
  for (let ps = 0; ps <= 2; ps++)
    for (let pm = 0; pm <= 3; pm++)
      for (let pw = 0; pw <= 1; pw++)
        for (let os = 0; os <= 2; os++)
          for (let om = 0; om <= 3; om++)
            for (let ow = 0; ow <= 1; ow++)
              for (let k = 0; k < 3; k++) {
                const xs = k === 0 ? 1 : 0,
                  xm = k === 1 ? 1 : 0,
                  xw = k === 2 ? 1 : 0;
                let fewest: number = NO_RULE_EFFECT;
                let lifts = 0;
                for (let a = 0; a <= os; a++)
                  for (let b = 0; b <= om; b++)
                    for (let e = 0; e <= ow; e++) {
                      const s = ps + a,
                        m = pm + b,
                        w = pw + e;
                      if (!dimensionMet(s, m, w) && dimensionMet(s + xs, m + xm, w + xw))
                        fewest = Math.min(fewest, a + b + e);
                      if (!dimensionNearThreshold(s, m, w) && dimensionNearThreshold(s + xs, m + xm, w + xw))
                        lifts = LIFTS;
                    }
                table[effectIndex(ps, pm, pw, os, om, ow, k)] = fewest | lifts;
              }
  return table;
}
const unitEffect = (ps: number, pm: number, pw: number, os: number, om: number, ow: number, k: number): number =>
  EFFECTS[effectIndex(ps, pm, pw, os, om, ow, k)]!;

/**
 * The unknown indicators whose answer could still change the outcome, ordered:
 * those that change it on their own first; then those that can complete a dimension
 * the rule still needs, by how few further indicators that dimension would need;
 * then strong before medium before weak; then set order. An indicator is left out
 * when no answers to the other unknowns would let it change the outcome.
 */
function askNext(
  c: CompiledSet,
  present: number[],
  open: number[],
  met: boolean[],
  near: boolean[],
  tier: number,
): string[] {
  // Which dimensions could still be met if every unknown were present.
  const canMeet = met.map(
    (m, d) =>
      m ||
      dimensionMet(
        present[d * 3]! + open[d * 3]!,
        present[d * 3 + 1]! + open[d * 3 + 1]!,
        present[d * 3 + 2]! + open[d * 3 + 2]!,
      ),
  );
  const recruitmentMet = RECRUITMENT.some((d) => met[d]);
  const recruitmentCan = RECRUITMENT.some((d) => canMeet[d]);
  const destinationCan = c.child || DESTINATION.some((d) => canMeet[d]);
  // A dimension is pivotal when some way of answering the other unknowns makes the rule turn on it.
  const pivotal = met.map((m, d) => {
    if (m) return false;
    if (RECRUITMENT.includes(d)) return !recruitmentMet && canMeet[EXPLOITATION]! && destinationCan;
    if (d === EXPLOITATION) return recruitmentCan && destinationCan;
    return !c.child && !DESTINATION.some((e) => met[e]) && recruitmentCan && canMeet[EXPLOITATION]!;
  });

  // Per (dimension, strength): what one more such unit can do. -1 = cannot help.
  const need = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1];
  const gain = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const anyNear = near.includes(true);
  for (let d = 0; d < 6; d++) {
    const ruleMatters = pivotal[d]!;
    const floorMatters = tier === 0; // every dimension is below near-threshold: one can lift the outcome to possible
    if (!ruleMatters && !floorMatters) continue;
    const ps = present[d * 3]!,
      pm = present[d * 3 + 1]!,
      pw = present[d * 3 + 2]!;
    for (let k = 0; k < 3; k++) {
      if (open[d * 3 + k] === 0) continue;
      const xs = k === 0 ? 1 : 0,
        xm = k === 1 ? 1 : 0,
        xw = k === 2 ? 1 : 0;
      const effect = unitEffect(ps, pm, pw, open[d * 3]! - xs, open[d * 3 + 1]! - xm, open[d * 3 + 2]! - xw, k);
      const ruleNeed = ruleMatters ? effect & 3 : NO_RULE_EFFECT;
      const lifts = floorMatters && (effect & LIFTS) !== 0;
      if (ruleNeed === NO_RULE_EFFECT && !lifts) continue;
      need[d * 3 + k] = ruleNeed;
      // The tier if this one indicator alone turned present.
      const metNow = dimensionMet(ps + xs, pm + xm, pw + xw);
      const nearNow = dimensionNearThreshold(ps + xs, pm + xm, pw + xw);
      const wasMet = met[d]!;
      met[d] = metNow;
      gain[d * 3 + k] = tierOf(ruleSatisfied(met, c.child), nearNow || anyNear) - tier;
      met[d] = wasMet;
    }
  }

  const { ids, unitOf, unitState, state, dimOf, unitStrength, keys } = c;
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    if (state[i] !== 0 || unitState[unitOf[i]!] !== 0) continue; // answered, or its fact is already present
    const k = unitStrength[unitOf[i]!]!;
    const slot = dimOf[i]! * 3 + k;
    if (need[slot] === -1) continue;
    const ruleRank = need[slot] === NO_RULE_EFFECT ? 1 : 0;
    keys[n++] = ((((1 - Math.min(gain[slot]!, 1)) * 2 + ruleRank) * 4 + need[slot]!) * 3 + k) * (1 << IDX_BITS) + i;
  }
  const sorted = keys.subarray(0, n).sort();
  const out = new Array<string>(n);
  for (let j = 0; j < n; j++) out[j] = ids[sorted[j]! & ((1 << IDX_BITS) - 1)]!;
  return out;
}
