// Comparison levels per field. A comparator returns the index of the level two prepared records
// reach (best first), or MISSING when either side has no value (that field then weighs 0).
import { SEX_OTHER, SEX_UNKNOWN, type Prepared } from './prepare.js';
import { jaroWinkler, oneEditApart } from './strings.js';
import type { ComparisonSpec } from './types.js';

export const MISSING = -1;

export interface Comparator {
  spec: ComparisonSpec;
  levels: string[];
  compare: (a: Prepared, b: Prepared) => number;
  /** Levels whose weight is adjusted by the frequency of the agreed value. */
  tfLevels: ReadonlySet<number>;
  /** Levels whose u, summed, is the chance two random records agree on a value (the base of the adjustment). */
  tfReference: readonly number[];
  /** The agreed value whose frequency adjusts the weight (when the level is in tfLevels). */
  tfValue: ((a: Prepared, b: Prepared) => string | null) | null;
}

const band = (t: number) => `jw_${t}`;

/** How two names line up: as written, or one of them read in another word order. */
interface Alignment {
  reordered: boolean;
  famA: string;
  famB: string;
  midA: string;
  midB: string;
  givA: string;
  givB: string;
}

let lastA: Prepared | null = null;
let lastB: Prepared | null = null;
const alignment: Alignment = { reordered: false, famA: '', famB: '', midA: '', midB: '', givA: '', givB: '' };

function set(
  reordered: boolean,
  x: { fam: string; mid: string; giv: string },
  y: { fam: string; mid: string; giv: string },
) {
  alignment.reordered = reordered;
  alignment.famA = x.fam;
  alignment.midA = x.mid;
  alignment.givA = x.giv;
  alignment.famB = y.fam;
  alignment.midB = y.mid;
  alignment.givB = y.giv;
}

/**
 * The names of a pair lined up (computed once per pair, shared by the three name fields): as written;
 * or, when that disagrees, a name typed in one field read given-name-first ("Lan Nguyen Thi" against
 * "Nguyễn Thị Lan"), or the same words in another order (family and given names swapped between fields).
 */
function align(a: Prepared, b: Prepared): Alignment {
  if (a === lastA && b === lastB) return alignment;
  lastA = a;
  lastB = b;
  if ((a.fam === b.fam && a.giv === b.giv) || !a.fam || !b.fam) set(false, a, b);
  else if (a.alt && a.alt.fam === b.fam && a.alt.giv === b.giv) set(true, a.alt, b);
  else if (b.alt && b.alt.fam === a.fam && b.alt.giv === a.giv) set(true, a, b.alt);
  else if (a.sorted === b.sorted && a.tokens.length >= 2) {
    set(true, a, b);
    alignment.famA = alignment.famB;
    alignment.givA = alignment.givB;
    alignment.midA = alignment.midB;
  } else set(false, a, b);
  return alignment;
}

function vnNamePart(spec: ComparisonSpec, part: 'fam' | 'giv'): Comparator {
  const thresholds = spec.thresholds ?? [0.92, 0.8];
  const levels = ['exact', 'folded', 'reordered', ...thresholds.map(band), 'different'];
  const canonical = part === 'fam' ? 'famC' : 'givC';
  const different = levels.length - 1;
  const fam = part === 'fam';
  return {
    spec,
    levels,
    tfLevels: new Set([0, 1, 2]),
    tfReference: [0, 1],
    tfValue: (a, b) => (fam ? align(a, b).famB : align(a, b).givB) || null,
    compare(a, b) {
      if (!a[part] || !b[part]) return MISSING;
      const al = align(a, b);
      // A reordered name agrees on family and given name at once: the given name's level says so (its u,
      // from random pairs, is the chance of that joint agreement). The family name, lined up, then counts
      // as folded: were it 'reordered' too, the rare joint agreement would be counted twice.
      if (al.reordered) return fam ? 1 : 2;
      const x = fam ? al.famA : al.givA;
      const y = fam ? al.famB : al.givB;
      if (x === y) return a[canonical] === b[canonical] ? 0 : 1;
      const s = jaroWinkler(x, y);
      for (let i = 0; i < thresholds.length; i++) if (s >= thresholds[i]!) return 3 + i;
      return different;
    },
  };
}

function vnMiddle(spec: ComparisonSpec): Comparator {
  const levels = ['exact', 'folded', 'middle_dropped', 'different'];
  return {
    spec,
    levels,
    tfLevels: new Set([0, 1]),
    tfReference: [0, 1],
    tfValue: (a, b) => align(a, b).midB || null,
    compare(a, b) {
      const al = align(a, b);
      const x = al.midA;
      const y = al.midB;
      if (!x && !y) return MISSING;
      if (x === y) return !al.reordered && a.midC === b.midC ? 0 : 1;
      if (!x || !y) return 2;
      const xs = x.split(' ');
      const ys = y.split(' ');
      const [short, long] = xs.length <= ys.length ? [xs, ys] : [ys, xs];
      for (const w of short) if (!long.includes(w)) return 3;
      return 2;
    },
  };
}

function stringField(spec: ComparisonSpec, index: number): Comparator {
  const thresholds = spec.thresholds ?? [0.92, 0.8];
  const levels = ['exact', ...thresholds.map(band), 'different'];
  const different = levels.length - 1;
  return {
    spec,
    levels,
    tfLevels: new Set([0]),
    tfReference: [0],
    tfValue: (a) => a.values[index] ?? null,
    compare(a, b) {
      const x = a.values[index];
      const y = b.values[index];
      if (!x || !y) return MISSING;
      if (x === y) return 0;
      const s = jaroWinkler(x, y);
      for (let i = 0; i < thresholds.length; i++) if (s >= thresholds[i]!) return 1 + i;
      return different;
    },
  };
}

/** How often each word of a 'words' field occurs (share of records), and the share assumed for others. */
export interface WordFrequencies {
  frequencies: ReadonlyMap<string, number>;
  floor: number;
}

/**
 * A text of several words: exact, or the information of the words both share (the sum of -log2 of each
 * shared word's frequency, so sharing "chudleigh" counts for more than sharing "1st" and "baronet"),
 * in bands of bits (`thresholds`, e.g. [30, 20, 12]). Without word frequencies every word counts 10 bits.
 */
function wordsField(spec: ComparisonSpec, index: number, words: WordFrequencies | undefined): Comparator {
  const thresholds = spec.thresholds ?? [30, 20, 12];
  const levels = ['exact', ...thresholds.map((t) => `words_${t}bits`), 'different'];
  const different = levels.length - 1;
  const bits = new Map<string, number>();
  const info = (w: string): number => {
    let b = bits.get(w);
    if (b === undefined) {
      b = words ? -Math.log2(words.frequencies.get(w) ?? words.floor) : 10;
      bits.set(w, b);
    }
    return b;
  };
  return {
    spec,
    levels,
    tfLevels: new Set([0]),
    tfReference: [0],
    tfValue: (a) => a.values[index] ?? null,
    compare(a, b) {
      const x = a.values[index];
      const y = b.values[index];
      if (!x || !y) return MISSING;
      if (x === y) return 0;
      const xs = x.split(' ');
      const ys = y.split(' ');
      let shared = 0;
      for (const w of xs) if (ys.includes(w)) shared += info(w);
      for (let i = 0; i < thresholds.length; i++) if (shared >= thresholds[i]!) return 1 + i;
      return different;
    },
  };
}

function exactField(spec: ComparisonSpec, index: number): Comparator {
  return {
    spec,
    levels: ['exact', 'different'],
    tfLevels: new Set([0]),
    tfReference: [0],
    tfValue: (a) => a.values[index] ?? null,
    compare(a, b) {
      const x = a.values[index];
      const y = b.values[index];
      if (!x || !y) return MISSING;
      return x === y ? 0 : 1;
    },
  };
}

export const DATE_LEVELS = ['exact', 'dmy_swap', 'one_digit_off', 'year_only', 'same_year', 'year_pm1', 'different'];

const code = (s: string, i: number) => s.charCodeAt(i);

/** Level of two dates, each 'YYYYMMDD' or 'YYYY' (year only). */
export function compareDates(x: string | null, y: string | null): number {
  if (!x || !y) return MISSING;
  const full = x.length === 8 && y.length === 8;
  if (full) {
    if (x === y) return 0;
    const sameYear =
      code(x, 0) === code(y, 0) && code(x, 1) === code(y, 1) && code(x, 2) === code(y, 2) && code(x, 3) === code(y, 3);
    // day and month swapped: YYYY MM DD against YYYY DD MM
    if (
      sameYear &&
      code(x, 4) === code(y, 6) &&
      code(x, 5) === code(y, 7) &&
      code(x, 6) === code(y, 4) &&
      code(x, 7) === code(y, 5)
    )
      return 1;
    if (oneEditApart(x, y)) return 2;
    if (sameYear) return 4;
  }
  const yx = (code(x, 0) - 48) * 1000 + (code(x, 1) - 48) * 100 + (code(x, 2) - 48) * 10 + (code(x, 3) - 48);
  const yy = (code(y, 0) - 48) * 1000 + (code(y, 1) - 48) * 100 + (code(y, 2) - 48) * 10 + (code(y, 3) - 48);
  if (yx === yy) return full ? 4 : 3;
  if (yx - yy === 1 || yy - yx === 1) return 5;
  return 6;
}

function dateField(spec: ComparisonSpec, index: number): Comparator {
  return {
    spec,
    levels: DATE_LEVELS,
    tfLevels: new Set(),
    tfReference: [],
    tfValue: null,
    compare: (a, b) => compareDates(a.values[index] ?? null, b.values[index] ?? null),
  };
}

function idField(spec: ComparisonSpec): Comparator {
  return {
    spec,
    levels: ['exact', 'one_digit_off', 'different'],
    tfLevels: new Set(),
    tfReference: [],
    tfValue: null,
    compare(a, b) {
      if (!a.ids.length || !b.ids.length) return MISSING;
      let best = MISSING; // numbers of different lengths are different documents (CMND / CCCD / passport)
      for (const x of a.ids)
        for (const y of b.ids) {
          if (x.length !== y.length) continue;
          if (x === y) return 0;
          const level = oneEditApart(x, y) ? 1 : 2;
          if (best === MISSING || level < best) best = level;
        }
      return best;
    },
  };
}

function phoneField(spec: ComparisonSpec): Comparator {
  return {
    spec,
    levels: ['exact', 'one_digit_off', 'different'],
    tfLevels: new Set(),
    tfReference: [],
    tfValue: null,
    compare(a, b) {
      if (!a.phone || !b.phone) return MISSING;
      if (a.phone === b.phone) return 0;
      return oneEditApart(a.phone, b.phone) ? 1 : 2;
    },
  };
}

function sexField(spec: ComparisonSpec): Comparator {
  return {
    spec,
    levels: ['same', 'different'],
    tfLevels: new Set(),
    tfReference: [],
    tfValue: null,
    compare(a, b) {
      if (a.sex === SEX_UNKNOWN || b.sex === SEX_UNKNOWN || a.sex === SEX_OTHER || b.sex === SEX_OTHER) return MISSING;
      return a.sex === b.sex ? 0 : 1;
    },
  };
}

function provinceField(spec: ComparisonSpec): Comparator {
  return {
    spec,
    levels: ['same', 'different'],
    tfLevels: new Set([0]),
    tfReference: [0],
    tfValue: (a) => a.province || null,
    compare(a, b) {
      if (!a.province || !b.province) return MISSING;
      return a.province === b.province ? 0 : 1;
    },
  };
}

export function comparator(spec: ComparisonSpec, index: number, words?: WordFrequencies): Comparator {
  switch (spec.kind) {
    case 'vn_family':
      return vnNamePart(spec, 'fam');
    case 'vn_given':
      return vnNamePart(spec, 'giv');
    case 'vn_middle':
      return vnMiddle(spec);
    case 'string':
      return stringField(spec, index);
    case 'exact':
      return exactField(spec, index);
    case 'words':
      return wordsField(spec, index, words);
    case 'date':
      return dateField(spec, index);
    case 'id':
      return idField(spec);
    case 'phone':
      return phoneField(spec);
    case 'sex':
      return sexField(spec);
    case 'province':
      return provinceField(spec);
  }
}

/** The level names of a field (best first; 'missing' is implied). */
export function levelNames(spec: ComparisonSpec): string[] {
  return comparator(spec, 0).levels;
}
