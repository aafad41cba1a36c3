// The part of talisman's API the linkage uses (the package ships no types).
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, boost above a Jaro score of 0.7). */
  export function similarity(a: string, b: string): number;
  const jaroWinkler: ((a: string, b: string) => number) & { similarity: typeof similarity };
  export default jaroWinkler;
}
