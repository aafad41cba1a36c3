// Types of the record-linkage engine (issue 10 section 2). Pure: no I/O anywhere in src/linkage.

/** One record as the engine sees it (a Lantern person, or a benchmark row). */
export interface LinkRecord {
  id: string;
  /** Agency (or file) it comes from; not evidence of identity. */
  source?: string;
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  /** From a date of birth, a year-only date or an estimated age. */
  birthYear: number | null;
  /** 2025 unit code. */
  province: string | null;
  /** As typed (digits kept). */
  idNumbers: readonly string[];
  /** +84… or as typed. */
  phone: string | null;
  /** Other fields, for benchmark data sets (address, postcode, …). */
  extra?: Readonly<Record<string, string | null>>;
}

/**
 * How one field is compared. Each kind has fixed level names (see `levelNames`), best first;
 * 'missing' (either side empty) is a level of every field and always weighs 0.
 * - vn_family / vn_middle / vn_given: Vietnamese name parts (Telex/VNI artefacts, tone placement,
 *   reordered names, dropped middle names);
 * - string: a generic text field (`source`: 'familyName' | 'middleName' | 'givenName' | 'extra:KEY'),
 *   levels exact then Jaro–Winkler bands (`thresholds`);
 * - exact: equal or not (`source` as for string);
 * - words: a text of several words ("thomas clifford, 1st baron chudleigh"): exact, then the share of
 *   the shorter text's words found in the other (`thresholds`, e.g. [1, 0.6]);
 * - date: date of birth (`source` 'extra:KEY' for a YYYY-MM-DD text, default the record's own);
 * - id: any ID number equal, or one digit off; phone: normalised national number;
 * - sex: with Thị / Văn as a fallback when the sex is unknown (never evidence of identity);
 * - province: the 2025 unit.
 */
export type ComparisonKind =
  'vn_family' | 'vn_middle' | 'vn_given' | 'string' | 'exact' | 'words' | 'date' | 'id' | 'phone' | 'sex' | 'province';

export interface ComparisonSpec {
  /** Field name shown to reviewers (and the key of its parameters). */
  field: string;
  kind: ComparisonKind;
  /** For string/exact/date: where the value comes from ('familyName', 'givenName', 'middleName', 'extra:KEY'). */
  source?: string;
  /** Jaro–Winkler bands for vn_family, vn_given and string, highest first (e.g. [0.92, 0.8]). */
  thresholds?: readonly number[];
  /** Term-frequency adjustment of the exact-agreement levels. */
  tf?: boolean;
}

/**
 * A blocking rule: records sharing all the key parts are compared. Parts: 'family', 'middle', 'given',
 * 'sorted_name' (folded words, sorted), 'dob', 'dob_unordered' (day and month in either order), 'year',
 * 'province', 'sex', 'id', 'phone', 'initials' (family and given initials), 'name_pairs' (family and given name
 * read in Vietnamese and in given-name-first order), 'extra:KEY', 'prefixN:PART', 'words:PART' (each word
 * of three letters or more: one key per word).
 */
export interface BlockingRule {
  name: string;
  parts: readonly string[];
  /** Fields whose m the EM must not estimate from this rule's pairs (they agree by construction). */
  holdOut: readonly string[];
  /** This rule's own cap on a block (default: the settings' maxBlockSize). */
  maxBlockSize?: number;
}

export interface LinkageSettings {
  name: string;
  /** dedupe: any two records; link_only: only records of different sources; link_and_dedupe: both. */
  linkType: 'dedupe' | 'link_only' | 'link_and_dedupe';
  comparisons: readonly ComparisonSpec[];
  /** Candidate pairs: the union over these rules. */
  blocking: readonly BlockingRule[];
  /** Rules used to train m by EM (by default the blocking rules). */
  training?: readonly BlockingRule[];
  /** Rules taken as (near-)certain matches, to estimate the prior. */
  deterministic: readonly BlockingRule[];
  /** Share of true matches the deterministic rules are assumed to find (Splink's "recall"). */
  deterministicRecall: number;
  /**
   * Where the prior comes from: 'deterministic' (default), the pairs of the deterministic rules divided by
   * their assumed recall; 'candidates', starting there, the share of all pairs the fitted model expects to
   * match over the candidate pairs, to a fixed point (for data with errors in every field, whose
   * deterministic rules' recall cannot be guessed). Costs one more scoring pass over the candidates.
   */
  prior?: 'deterministic' | 'candidates';
  /** A key shared by more records than this is not selective: its block is skipped. */
  maxBlockSize: number;
  /** Random pairs sampled to estimate u. */
  uSamplePairs: number;
  /** Pairs per training rule for the EM. */
  emMaxPairs: number;
}

export interface FieldParameters {
  field: string;
  levels: string[];
  /** P(level | match), per level (same order as levels; 'missing' excluded). */
  m: number[];
  /** P(level | non-match), per level. */
  u: number[];
  /** Whether m came from the EM (false: the default starting values were kept). */
  estimated: boolean;
}

export interface TermFrequencyTable {
  field: string;
  /** Records with a value. */
  total: number;
  /** Relative frequency of the most frequent values (folded). */
  frequencies: Record<string, number>;
  /** Frequency assumed for a value not in the table. */
  floor: number;
}

/** JSON-serialisable model: store it (jsonb) and give it back to scorePair / linkRecords. */
export interface ModelParameters {
  version: 1;
  settings: string;
  /** Prior probability that two random records (of the candidate kind) are the same person. */
  lambda: number;
  fields: FieldParameters[];
  termFrequencies: TermFrequencyTable[];
  trainedOn: number;
  trainedAt: string;
  /** What the EM did, per training rule. */
  sessions: { rule: string; pairs: number; iterations: number; matchShare: number }[];
}

export interface FieldComparison {
  field: string;
  level: string;
  weight: number;
}

export interface ScoredPair {
  a: string;
  b: string;
  weight: number;
  probability: number;
  fields: FieldComparison[];
}
