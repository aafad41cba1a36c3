// The classifier against a naive reference written straight from the rule's words:
// random answer sheets, and for askNext a brute force over every way of answering
// the other unknowns. askNext must hold exactly the indicators that can change the outcome.
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { type Outcome } from '../contract/screening.js';
import type { IndicatorSet } from './indicator-set.js';
import type { Answer } from '../contract/screening.js';
import { getSet } from './sets.js';
import { syntheticSet } from './test-sets.js';

function referenceOutcome(set: IndicatorSet, presentIds: ReadonlySet<string>): Outcome {
  const met: boolean[] = [];
  const near: boolean[] = [];
  for (const d of set.dimensions) {
    // A fact recorded in two wordings (an extension indicator and the ILO one it refines) is one fact.
    const facts = new Map<string, string>();
    for (const i of d.indicators) if (presentIds.has(i.id)) facts.set(i.refines ?? i.id, i.strength);
    const n = (s: string) => [...facts.values()].filter((v) => v === s).length;
    const [s, m, w] = [n('strong'), n('medium'), n('weak')];
    met.push(s >= 2 || (s >= 1 && m + w >= 1) || m >= 3 || (m >= 2 && w >= 1));
    near.push(s >= 1 || m >= 2 || (m >= 1 && w >= 1));
  }
  const [dec, coe, avr, exp, cod, avd] = met;
  const victim = (dec || coe || avr) && exp && (set.population === 'child' || cod || avd);
  return victim ? 'presumed_victim' : near.some(Boolean) ? 'possible_victim' : 'no_indicators_met';
}

/** Unknown ids whose answer changes the outcome for at least one way of answering the other unknowns. */
function referenceRelevant(set: IndicatorSet, answers: Record<string, Answer>, unknown: string[]): Set<string> {
  const base = Object.keys(answers).filter((id) => answers[id] === 'present');
  const relevant = new Set<string>();
  unknown.forEach((x, xi) => {
    const others = unknown.filter((_, j) => j !== xi);
    for (let mask = 0; mask < 1 << others.length && !relevant.has(x); mask++) {
      const on = new Set([...base, ...others.filter((_, j) => mask & (1 << j))]);
      const without = referenceOutcome(set, on);
      on.add(x);
      if (referenceOutcome(set, on) !== without) relevant.add(x);
    }
  });
  return relevant;
}

function rng(seed: number): () => number {
  let a = seed;
  return () => (a = (a * 48271) % 2147483647) / 2147483647;
}

function randomSheet(set: IndicatorSet, random: () => number, maxUnknown: number, presentRate: number) {
  const all = set.dimensions.flatMap((d) => d.indicators.map((i) => i.id));
  const unknown = all
    .filter(() => random() < 0.5)
    .sort(() => random() - 0.5)
    .slice(0, Math.floor(random() * (maxUnknown + 1)));
  const answers: Record<string, Answer> = {};
  for (const id of all) answers[id] = unknown.includes(id) ? 'unknown' : random() < presentRate ? 'present' : 'absent';
  return { answers, unknown };
}

describe.each([
  ['synthetic adult set', syntheticSet('adult', 2)],
  ['synthetic child set', syntheticSet('child', 2)],
  ['adult labour set, with its extension', getSet('ilo-2009-adult-labour')!],
  ['child sexual set', getSet('ilo-2009-child-sexual')!],
])('%s: agrees with the reference', (_name, set) => {
  it('on 250 random answer sheets: outcome and askNext membership', () => {
    const random = rng(7 + set.id.length);
    const seen = new Set<Outcome>();
    for (let n = 0; n < 250; n++) {
      const { answers, unknown } = randomSheet(set, random, 8, [0.03, 0.08, 0.15][n % 3]!);
      const r = classify(set, answers);
      const presentIds = new Set(Object.keys(answers).filter((id) => answers[id] === 'present'));
      expect(r.outcome).toBe(referenceOutcome(set, presentIds));
      expect(new Set(r.askNext)).toEqual(referenceRelevant(set, answers, unknown));
      expect(r.askNext).toHaveLength(new Set(r.askNext).size);
      seen.add(r.outcome);
    }
    expect(seen.size).toBe(3); // the sheets reached every outcome
  });
});
