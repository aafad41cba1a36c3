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
  /** The value whose frequency adjusts the weight (when the level is in tfLevels). */
  tfValue: ((p: Prepared) => string | null) | null;
}

const band = (t: number) => `jw_${t}`;

/** Whole-name word order differs but the same words are there: "Lan Nguyen Thi" / "Nguyễn Thị Lan". */
function reordered(a: Prepared, b: Prepared): boolean {
  if (a.fam === b.fam && a.giv === b.giv) return false;
  if (a.tokens.length < 2 || b.tokens.length < 2) return false;
  if (a.sorted === b.sorted) return true;
  // a dropped middle name on top of the reordering
  return (
    a.fam !== a.giv &&
    b.tokens.includes(a.fam) &&
    b.tokens.includes(a.giv) &&
    a.tokens.includes(b.fam) &&
    a.tokens.includes(b.giv)
  );
}

function vnNamePart(spec: ComparisonSpec, part: 'fam' | 'giv'): Comparator {
  const thresholds = spec.thresholds ?? [0.92, 0.8];
  const levels = ['exact', 'folded', 'reordered', ...thresholds.map(band), 'different'];
  const canonical = part === 'fam' ? 'famC' : 'givC';
  const different = levels.length - 1;
  return {
    spec,
    levels,
    tfLevels: new Set([0, 1, 2]),
    tfValue: (p) => p[part] || null,
    compare(a, b) {
      const x = a[part];
      const y = b[part];
      if (!x || !y) return MISSING;
      if (x === y) return a[canonical] === b[canonical] ? 0 : 1;
      if (reordered(a, b)) return 2;
      const s = jaroWinkler(x, y);
      for (let i = 0; i < thresholds.length; i++) if (s >= thresholds[i]!) return 3 + i;
      return different;
    },
  };
}

function without(tokens: readonly string[], drop: readonly string[]): string[] {
  const rest = [...tokens];
  for (const d of drop) {
    const i = rest.indexOf(d);
    if (i >= 0) rest.splice(i, 1);
  }
  return rest;
}

function vnMiddle(spec: ComparisonSpec): Comparator {
  const levels = ['exact', 'folded', 'middle_dropped', 'different'];
  return {
    spec,
    levels,
    tfLevels: new Set(),
    tfValue: null,
    compare(a, b) {
      let x = a.mid;
      let y = b.mid;
      if (reordered(a, b)) {
        // the middle is what is left once the family and given names are found in the other order
        x = without(a.tokens, [a.fam, a.giv]).sort().join(' ');
        y = without(b.tokens, [a.fam, a.giv]).sort().join(' ');
        if (!x && !y) return MISSING;
        if (x === y) return 1;
      } else {
        if (!x && !y) return MISSING;
        if (x === y) return a.midC === b.midC ? 0 : 1;
      }
      if (!x || !y) return 2;
      const xs = x.split(' ');
      const ys = y.split(' ');
      const [short, long] = xs.length <= ys.length ? [xs, ys] : [ys, xs];
      if (short.every((w) => long.includes(w))) return 2;
      return 3;
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
    tfValue: (p) => p.values[index] ?? null,
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

function exactField(spec: ComparisonSpec, index: number): Comparator {
  return {
    spec,
    levels: ['exact', 'different'],
    tfLevels: new Set([0]),
    tfValue: (p) => p.values[index] ?? null,
    compare(a, b) {
      const x = a.values[index];
      const y = b.values[index];
      if (!x || !y) return MISSING;
      return x === y ? 0 : 1;
    },
  };
}

export const DATE_LEVELS = ['exact', 'dmy_swap', 'one_digit_off', 'year_only', 'same_year', 'year_pm1', 'different'];

export function compareDates(x: string | null, y: string | null): number {
  if (!x || !y) return MISSING;
  if (x.length === 8 && y.length === 8) {
    if (x === y) return 0;
    if (x.slice(0, 4) === y.slice(0, 4) && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6)) return 1;
    if (oneEditApart(x, y)) return 2;
  }
  const yx = Number(x.slice(0, 4));
  const yy = Number(y.slice(0, 4));
  if (yx === yy) return x.length === 8 && y.length === 8 ? 4 : 3;
  if (Math.abs(yx - yy) === 1) return 5;
  return 6;
}

function dateField(spec: ComparisonSpec, index: number): Comparator {
  return {
    spec,
    levels: DATE_LEVELS,
    tfLevels: new Set(),
    tfValue: null,
    compare: (a, b) => compareDates(a.values[index] ?? null, b.values[index] ?? null),
  };
}

function idField(spec: ComparisonSpec): Comparator {
  return {
    spec,
    levels: ['exact', 'one_digit_off', 'different'],
    tfLevels: new Set(),
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
    tfValue: (p) => p.province || null,
    compare(a, b) {
      if (!a.province || !b.province) return MISSING;
      return a.province === b.province ? 0 : 1;
    },
  };
}

export function comparator(spec: ComparisonSpec, index: number): Comparator {
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
