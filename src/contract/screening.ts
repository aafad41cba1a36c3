// The screening instruments' fixed codes and the choice of a set for a person
// (pure, shared by the server and the web app, which shows the set the server
// would choose). The sets themselves ship as JSON in src/screening/sets/.
import { AGE_OF_MAJORITY } from './age.js';
import type { ExploitationType, Language } from './codes.js';

/** The six elements of the ILO/EC 2009 operational indicators, in the publication's order. Fixed ids (issue 3). */
export const DIMENSION_IDS = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
  'exploitative_conditions',
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export const STRENGTHS = ['strong', 'medium', 'weak'] as const;
export type Strength = (typeof STRENGTHS)[number];

export const ANSWERS = ['present', 'absent', 'unknown'] as const;
export type Answer = (typeof ANSWERS)[number];
/** Answers by indicator id; a missing id means `unknown`. */
export type Answers = Readonly<Partial<Record<string, Answer>>>;

export const POPULATIONS = ['adult', 'child'] as const;
export type Population = (typeof POPULATIONS)[number];
export const EXPLOITATIONS = ['labour', 'sexual'] as const;
export type Exploitation = (typeof EXPLOITATIONS)[number];

/** Ids of the shipped sets. Fixed (issue 3): stored screenings and other tools refer to them. */
export const SET_IDS = [
  'ilo-2009-adult-labour',
  'ilo-2009-adult-sexual',
  'ilo-2009-child-labour',
  'ilo-2009-child-sexual',
] as const;
export type SetId = (typeof SET_IDS)[number];

/** Populations as `screeningCreateSchema.population` names them (the set ids without the instrument). */
export const POPULATION_IDS = ['adult-labour', 'adult-sexual', 'child-labour', 'child-sexual'] as const;
export type PopulationId = (typeof POPULATION_IDS)[number];

/** Lantern's own additions to the ILO lists; an extension indicator is never an ILO indicator. */
export const EXTENSIONS = ['forced-criminality'] as const;
export type Extension = (typeof EXTENSIONS)[number];

export type Labels = Readonly<Record<Language, string>>;

export type Outcome = 'presumed_victim' | 'possible_victim' | 'no_indicators_met';
export const OUTCOMES: readonly Outcome[] = ['presumed_victim', 'possible_victim', 'no_indicators_met'];

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
 * forced-criminality extension used at border gates. Exploitation types are codes of
 * EXPLOITATION_TYPES (as a case gives them); a code of neither kind counts for neither.
 */
export function derivePopulation(
  ageYears: number | null,
  isMinor: boolean | null,
  exploitationTypes: readonly string[],
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
