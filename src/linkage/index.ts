// Record linkage (issue 10 section 2): pure TypeScript, no I/O. See model.ts for the method.
export type {
  LinkRecord,
  LinkageSettings,
  ComparisonSpec,
  ComparisonKind,
  BlockingRule,
  ModelParameters,
  FieldParameters,
  TermFrequencyTable,
  FieldComparison,
  ScoredPair,
} from './types.js';
export { PERSON_SETTINGS, DEFAULT_AUTO_THRESHOLD, DEFAULT_REVIEW_THRESHOLD } from './settings.js';
export { estimateParameters, scorePair, linkRecords, probabilityOf } from './model.js';
export { blockingKeys } from './blocking.js';
export { clusterRecords } from './cluster.js';
export { levelNames, DATE_LEVELS } from './comparisons.js';
export { jaroWinkler } from './strings.js';
