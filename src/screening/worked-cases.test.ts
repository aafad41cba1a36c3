// The 24 worked scenarios of the project's shared screening data (copied verbatim
// into ./testdata/), each with the outcome its authors expect. The shared file's
// short ids map to the fixed set ids, and its tiers to Lantern's outcomes.
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { type Outcome } from '../contract/screening.js';
import { getSet } from './sets.js';
import worked from './testdata/screening_cases.json' with { type: 'json' };

const SET_IDS: Record<string, string> = {
  al: 'ilo-2009-adult-labour',
  as: 'ilo-2009-adult-sexual',
  cl: 'ilo-2009-child-labour',
  cs: 'ilo-2009-child-sexual',
};
const OUTCOMES: Record<string, Outcome> = {
  victim_strong_evidence: 'presumed_victim',
  possible_victim_needs_assessment: 'possible_victim',
  no_indicators_met: 'no_indicators_met',
};

describe('worked cases', () => {
  it('are all 24', () => {
    expect(worked.cases).toHaveLength(24);
  });

  describe.each(worked.cases)('$id ($form)', (c) => {
    const set = getSet(SET_IDS[c.population]!)!;
    const result = classify(set, Object.fromEntries(c.indicators.map((id) => [id, 'present' as const])));

    it(`gives ${c.expected}`, () => {
      expect(result.outcome).toBe(OUTCOMES[c.expected]);
    });

    it('explains itself: every present indicator is listed under its dimension', () => {
      expect(result.dimensions.flatMap((d) => d.present).sort()).toEqual([...c.indicators].sort());
    });

    it('asks nothing more when presumed, something when not', () => {
      if (result.outcome === 'presumed_victim') expect(result.askNext).toEqual([]);
      else expect(result.askNext.length).toBeGreaterThan(0);
    });
  });

  it('the same facts give a child presumed and an adult only possible (CL-20 against AL-04)', () => {
    const facts = ['dec.education', 'dec.wages', 'exp.excessive_hours', 'exp.no_education_access'];
    const asChild = classify(
      getSet('ilo-2009-child-labour')!,
      Object.fromEntries(facts.map((f) => [`cl.${f}`, 'present' as const])),
    );
    const asAdult = classify(
      getSet('ilo-2009-adult-labour')!,
      Object.fromEntries(facts.map((f) => [`al.${f}`, 'present' as const])),
    );
    expect([asChild.outcome, asAdult.outcome]).toEqual(['presumed_victim', 'possible_victim']);
  });
});
