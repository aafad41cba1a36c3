// Health triage for returnees (pure): a short checklist whose answers raise named
// referral flags for a health worker. It never states a diagnosis: a screener at a
// border gate records what is seen or said, and the flag says who should see the person.
import type { Language } from '../contract/codes.js';
import { ScreeningInputError } from './classify.js';
import type { Answers, Labels } from '../contract/screening.js';
import raw from './health-triage.json' with { type: 'json' };

export interface TriageFlag {
  readonly id: string;
  readonly urgent: boolean;
  readonly label: Labels;
}
export interface TriageItem {
  readonly id: string;
  readonly flags: readonly string[];
  readonly label: Labels;
}
export interface HealthTriageChecklist {
  readonly id: string;
  readonly version: string;
  readonly source: string;
  /** Flags in order of urgency: the urgent ones first. */
  readonly flags: readonly TriageFlag[];
  readonly items: readonly TriageItem[];
}

function checkChecklist(c: HealthTriageChecklist): HealthTriageChecklist {
  const problems: string[] = [];
  const flagIds = new Set(c.flags.map((f) => f.id));
  const labelled = (l: Labels | undefined) =>
    !!l && (['vi', 'en', 'fr'] as const).every((lang) => typeof l[lang] === 'string' && l[lang].trim() !== '');
  if (flagIds.size !== c.flags.length) problems.push('duplicate flag id');
  if (new Set(c.items.map((i) => i.id)).size !== c.items.length) problems.push('duplicate item id');
  for (const f of c.flags) if (!labelled(f.label)) problems.push(`flag ${f.id}: label missing a language`);
  for (const i of c.items) {
    if (!labelled(i.label)) problems.push(`item ${i.id}: label missing a language`);
    if (i.flags.length === 0) problems.push(`item ${i.id}: raises no flag`);
    for (const f of i.flags) if (!flagIds.has(f)) problems.push(`item ${i.id}: unknown flag ${f}`);
  }
  if (problems.length) throw new Error(`health triage checklist is invalid: ${problems.join('; ')}`);
  return c;
}

/** The shipped returnee health triage checklist. */
export const HEALTH_TRIAGE: HealthTriageChecklist = checkChecklist(raw as HealthTriageChecklist);
const ITEMS = new Map(HEALTH_TRIAGE.items.map((i) => [i.id, i]));

export interface RaisedFlag {
  id: string;
  urgent: boolean;
  raisedBy: string[];
}
export interface TriageResult {
  /** Raised flags in checklist order (urgent first), each with the items that raised it. */
  flags: RaisedFlag[];
  /** Items not answered yet (missing or `unknown`). */
  unanswered: string[];
}

/** Referral flags raised by triage answers; throws ScreeningInputError on unknown item ids or values. */
export function triage(answers: Answers): TriageResult {
  const unknownIds = Object.keys(answers).filter((id) => !ITEMS.has(id));
  const invalid = Object.keys(answers).filter(
    (id) => ITEMS.has(id) && !['present', 'absent', 'unknown', undefined].includes(answers[id]),
  );
  if (unknownIds.length || invalid.length) throw new ScreeningInputError(HEALTH_TRIAGE.id, unknownIds, invalid);
  const raisedBy = new Map<string, string[]>();
  for (const item of HEALTH_TRIAGE.items) {
    if (answers[item.id] !== 'present') continue;
    for (const f of item.flags) raisedBy.set(f, [...(raisedBy.get(f) ?? []), item.id]);
  }
  return {
    flags: HEALTH_TRIAGE.flags
      .filter((f) => raisedBy.has(f.id))
      .map((f) => ({ id: f.id, urgent: f.urgent, raisedBy: raisedBy.get(f.id)! })),
    unanswered: HEALTH_TRIAGE.items
      .filter((i) => answers[i.id] === undefined || answers[i.id] === 'unknown')
      .map((i) => i.id),
  };
}

/** The checklist with its labels in one language, for forms. */
export function localiseTriage(lang: Language) {
  return {
    id: HEALTH_TRIAGE.id,
    version: HEALTH_TRIAGE.version,
    source: HEALTH_TRIAGE.source,
    flags: HEALTH_TRIAGE.flags.map((f) => ({ id: f.id, urgent: f.urgent, label: f.label[lang] })),
    items: HEALTH_TRIAGE.items.map((i) => ({ id: i.id, flags: [...i.flags], label: i.label[lang] })),
  };
}
