import { describe, expect, it } from 'vitest';
import { nextSteps, replaySteps, type ProceedingStep } from './proceedings-rules.js';
import type { ProceedingKind } from './prosecution.js';

const TODAY = '2026-06-30';
let day = 0;
const s = (kind: ProceedingKind, date?: string, reason?: string): ProceedingStep => {
  day += 1;
  return { kind, date: date ?? `2026-01-${String(Math.min(day, 28)).padStart(2, '0')}`, reason: reason ?? null };
};
const refusal = (steps: ProceedingStep[]) => {
  const r = replaySteps(steps, TODAY);
  return r.refusal ? { reason: r.refusal.reason, requires: r.refusal.requires, index: r.index } : null;
};
const full = () => {
  day = 0;
  return [
    s('report'),
    s('case_initiated'),
    s('accused_initiated'),
    s('accused_initiated'),
    s('investigation_concluded'),
    s('indictment'),
    s('first_instance_trial'),
    s('appeal_trial'),
    s('enforcement'),
  ];
};

describe('the order of the proceedings', () => {
  it('accepts the whole sequence of the Criminal Procedure Code, one accused after another', () => {
    expect(refusal(full())).toBeNull();
  });

  it('refuses an indictment before the case is initiated, naming what is missing first', () => {
    day = 0;
    expect(refusal([s('report'), s('indictment')])).toEqual({
      reason: 'requires-step',
      requires: 'investigation_concluded',
      index: 1,
    });
    expect(refusal([s('report'), s('accused_initiated')])).toMatchObject({ requires: 'case_initiated' });
  });

  it('allows an appeal only after a first-instance trial, and enforcement after a judgment', () => {
    const steps = full().slice(0, 6);
    expect(refusal([...steps, s('appeal_trial')])).toMatchObject({ requires: 'first_instance_trial' });
    expect(refusal([...steps, s('enforcement')])).toMatchObject({ requires: 'first_instance_trial' });
  });

  it('refuses a date before the previous step and a date in the future', () => {
    day = 0;
    expect(refusal([s('case_initiated', '2026-03-10'), s('accused_initiated', '2026-03-09')])).toMatchObject({
      reason: 'date-before-previous',
    });
    expect(refusal([s('case_initiated', '2026-03-10'), s('accused_initiated', '2026-03-10')])).toBeNull();
    expect(refusal([s('case_initiated', '2026-07-01')])).toMatchObject({ reason: 'date-in-future' });
  });

  it('takes the report only as the first step, and each one-off step once', () => {
    day = 0;
    expect(refusal([s('case_initiated'), s('report')])).toMatchObject({ reason: 'report-first' });
    expect(refusal([s('case_initiated'), s('case_initiated')])).toMatchObject({ reason: 'already-recorded' });
    const indicted = full().slice(0, 6);
    expect(refusal([...indicted, s('accused_initiated')])).toMatchObject({ reason: 'already-recorded' });
  });

  it('lets nothing follow a dismissal but a re-opening, which starts a new run', () => {
    day = 0;
    const dismissed = [s('case_initiated'), s('accused_initiated'), s('dismissed', undefined, 'no crime')];
    expect(refusal([...dismissed, s('investigation_concluded')])).toMatchObject({ reason: 'after-dismissal' });
    expect(nextSteps(dismissed, TODAY)).toEqual(['case_initiated']);
    // re-opened: the accused must be initiated again before the investigation concludes
    expect(refusal([...dismissed, s('case_initiated'), s('investigation_concluded')])).toMatchObject({
      requires: 'accused_initiated',
    });
  });

  it('needs a reason to suspend or dismiss, and resumes a suspended case with its next step', () => {
    day = 0;
    expect(refusal([s('case_initiated'), s('suspended')])).toMatchObject({ reason: 'reason-required' });
    const suspended = [s('case_initiated'), s('suspended', undefined, 'accused fled')];
    expect(refusal([...suspended, s('suspended', undefined, 'again')])).toMatchObject({ reason: 'already-suspended' });
    expect(refusal([...suspended, s('accused_initiated')])).toBeNull();
    expect(nextSteps(suspended, TODAY)).toEqual(['accused_initiated', 'dismissed']);
  });

  it('ends with enforcement', () => {
    expect(nextSteps(full(), TODAY)).toEqual([]);
    expect(refusal([...full(), s('dismissed', undefined, 'x')])).toMatchObject({ reason: 'after-enforcement' });
  });

  it('offers the allowed next steps from the start and along the way', () => {
    expect(nextSteps([], TODAY)).toEqual(['report', 'case_initiated']);
    day = 0;
    expect(nextSteps([s('report'), s('case_initiated')], TODAY)).toEqual([
      'accused_initiated',
      'suspended',
      'dismissed',
    ]);
    expect(nextSteps(full().slice(0, 7), TODAY)).toEqual(['appeal_trial', 'enforcement', 'suspended', 'dismissed']);
  });
});
