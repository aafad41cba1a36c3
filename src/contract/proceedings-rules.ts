// The order of a case's proceedings under the Criminal Procedure Code (2015), shared by the server (which
// refuses a step out of order, changing nothing) and the web app (which offers only the allowed next steps).
// Pure: no I/O.
//
// The rules, kept simple and close to the Code:
// - `report` (tố giác, tin báo) can only open the file: it is the first step or not recorded at all (an
//   investigating body may also initiate a case on what it found itself).
// - `case_initiated` (khởi tố vụ án) once per run of the proceedings; it needs nothing before it.
// - `accused_initiated` (khởi tố bị can) needs the case initiated; it may be repeated (one decision per
//   accused) until the indictment.
// - `investigation_concluded` needs an accused initiated; once.
// - `indictment` (cáo trạng, by the procuracy) needs the investigation concluded; once.
// - `first_instance_trial` needs the indictment; `appeal_trial` needs the first-instance trial; each once.
// - `enforcement` (thi hành án) needs a first-instance judgment; once, and nothing follows it.
// - `suspended` (tạm đình chỉ) needs the case initiated and pauses it: the next ordinary step resumes it
//   (phục hồi), or it is dismissed. Not twice in a row.
// - `dismissed` (đình chỉ) needs the case initiated and ends the proceedings; only a new `case_initiated`
//   (the dismissal annulled and the case re-opened) may follow it, and it starts a new run: the steps
//   before the dismissal no longer count as reached.
// - `suspended` and `dismissed` must give a reason.
// - Each step's date is not before the previous step's date and not after today.
import { PROCEEDING_KINDS, type ProceedingKind } from './prosecution.js';

export interface ProceedingStep {
  kind: ProceedingKind;
  /** 'YYYY-MM-DD' */
  date: string;
  reason?: string | null;
}

export type StepRefusalReason =
  | 'requires-step'
  | 'already-recorded'
  | 'report-first'
  | 'after-dismissal'
  | 'after-enforcement'
  | 'already-suspended'
  | 'date-before-previous'
  | 'date-in-future'
  | 'reason-required';

export interface StepRefusal {
  reason: StepRefusalReason;
  /** For 'requires-step': the step that must be recorded first. */
  requires?: ProceedingKind;
  /** For 'date-before-previous': the date the step may not precede. */
  notBefore?: string;
  /** In English; the web app says it in the user's language from `reason` and `requires`. */
  message: string;
}

/** Where the proceedings stand after a sequence of steps. */
export interface ProceedingsState {
  /** The ordinary steps reached in the current run (since the last re-opening). */
  reached: Set<ProceedingKind>;
  /** The last step recorded, or null when there is none. */
  last: ProceedingStep | null;
  /** 'dismissed' or 'enforced' end the proceedings; 'suspended' pauses them. */
  standing: 'open' | 'suspended' | 'dismissed' | 'enforced';
  /** How many steps there are. */
  count: number;
}

const ENGLISH: Record<ProceedingKind, string> = {
  report: 'the report or denunciation',
  case_initiated: 'the decision to initiate the criminal case',
  accused_initiated: 'the decision to initiate the accused',
  investigation_concluded: 'the conclusion of the investigation',
  indictment: 'the indictment',
  first_instance_trial: 'the first-instance trial',
  appeal_trial: 'the appeal trial',
  enforcement: 'the enforcement of the judgment',
  suspended: 'the suspension',
  dismissed: 'the dismissal',
};

/** What each step needs before it (in the current run). */
const REQUIRES: Partial<Record<ProceedingKind, ProceedingKind>> = {
  accused_initiated: 'case_initiated',
  investigation_concluded: 'accused_initiated',
  indictment: 'investigation_concluded',
  first_instance_trial: 'indictment',
  appeal_trial: 'first_instance_trial',
  enforcement: 'first_instance_trial',
  suspended: 'case_initiated',
  dismissed: 'case_initiated',
};

/** Steps recorded at most once per run. */
const ONCE: readonly ProceedingKind[] = [
  'case_initiated',
  'investigation_concluded',
  'indictment',
  'first_instance_trial',
  'appeal_trial',
  'enforcement',
];

export const emptyState = (): ProceedingsState => ({ reached: new Set(), last: null, standing: 'open', count: 0 });

/** The state after `step` (assumed allowed). */
export function applyStep(state: ProceedingsState, step: ProceedingStep): ProceedingsState {
  const reached = new Set(state.reached);
  let standing: ProceedingsState['standing'] = 'open';
  if (step.kind === 'dismissed') standing = 'dismissed';
  else if (step.kind === 'suspended') standing = 'suspended';
  else if (step.kind === 'enforcement') standing = 'enforced';
  if (step.kind === 'case_initiated' && state.standing === 'dismissed') {
    // re-opened: a new run of the proceedings, the report that opened the file stays
    const hadReport = reached.has('report');
    reached.clear();
    if (hadReport) reached.add('report');
  }
  if (step.kind !== 'suspended' && step.kind !== 'dismissed') reached.add(step.kind);
  return { reached, last: step, standing, count: state.count + 1 };
}

/** Why `step` may not follow `state`, or null when it may. `today` bounds the date. */
export function refuseStep(state: ProceedingsState, step: ProceedingStep, today: string): StepRefusal | null {
  const kind = step.kind;
  if (state.standing === 'enforced')
    return { reason: 'after-enforcement', message: 'The judgment is being enforced: no further step can be recorded.' };
  if (state.standing === 'dismissed' && kind !== 'case_initiated')
    return {
      reason: 'after-dismissal',
      message:
        'The proceedings were dismissed: only a new decision to initiate the criminal case (re-opening it) can follow.',
    };
  if (kind === 'report' && state.count > 0)
    return { reason: 'report-first', message: 'The report or denunciation can only be the first step of the file.' };
  const reopening = state.standing === 'dismissed' && kind === 'case_initiated';
  if (ONCE.includes(kind) && state.reached.has(kind) && !reopening)
    return { reason: 'already-recorded', message: `This file already has ${ENGLISH[kind]}.` };
  if (kind === 'accused_initiated' && state.reached.has('indictment'))
    return {
      reason: 'already-recorded',
      message: 'The indictment has been issued: an accused can no longer be initiated in these proceedings.',
    };
  if (kind === 'suspended' && state.standing === 'suspended')
    return { reason: 'already-suspended', message: 'The proceedings are already suspended.' };
  const needed = REQUIRES[kind];
  if (needed && !state.reached.has(needed))
    return {
      reason: 'requires-step',
      requires: needed,
      message: `This step needs ${ENGLISH[needed]} first: record it, then this step.`,
    };
  if ((kind === 'suspended' || kind === 'dismissed') && !step.reason?.trim())
    return { reason: 'reason-required', message: 'Say why the proceedings are suspended or dismissed.' };
  if (step.date > today) return { reason: 'date-in-future', message: 'The date of a step cannot be in the future.' };
  if (state.last && step.date < state.last.date)
    return {
      reason: 'date-before-previous',
      notBefore: state.last.date,
      message: `The date cannot be before the previous step's date (${state.last.date}).`,
    };
  return null;
}

/** The state after a whole sequence, or the first refusal (with the index of the step refused). */
export function replaySteps(
  steps: readonly ProceedingStep[],
  today: string,
): { state: ProceedingsState; refusal: null } | { state: ProceedingsState; refusal: StepRefusal; index: number } {
  let state = emptyState();
  for (const [index, step] of steps.entries()) {
    const refusal = refuseStep(state, step, today);
    if (refusal) return { state, refusal, index };
    state = applyStep(state, step);
  }
  return { state, refusal: null };
}

/** The kinds of step that may be recorded next (on any date from the last step's to today). */
export function nextSteps(steps: readonly ProceedingStep[], today: string): ProceedingKind[] {
  const { state } = replaySteps(steps, today);
  const date = state.last && state.last.date > today ? state.last.date : today;
  return PROCEEDING_KINDS.filter((kind) => refuseStep(state, { kind, date, reason: 'x' }, today) === null);
}
