// Blocking: which records are compared at all. Each rule makes a key from a few parts of a record;
// records that share a rule's key are candidate pairs, and the candidates are the union over the
// rules (a pair found by an earlier rule is not produced again by a later one).
import { prepareRecord, type Prepared } from './prepare.js';
import type { BlockingRule, LinkRecord, LinkageSettings } from './types.js';

const unordered = (x: string, y: string) => (x < y ? `${x} ${y}` : `${y} ${x}`);

function part(p: Prepared, name: string): string | string[] | null {
  switch (name) {
    case 'family':
      return p.fam || null;
    case 'middle':
      return p.mid || null;
    case 'given':
      return p.giv || null;
    case 'sorted_name':
      return p.tokens.length >= 2 ? p.sorted : null;
    case 'name_pairs': {
      // family and given name as an unordered pair; a whole name typed in one field is also read in a
      // foreign partner's order (given name first, then family): "Lan Nguyen Thi" meets "Nguyễn Thị Lan"
      const t = p.tokens;
      if (t.length < 2) return null;
      const first = unordered(t[0]!, t[t.length - 1]!);
      if (!p.oneField || t.length === 2) return first;
      const second = unordered(t[0]!, t[1]!);
      return first === second ? first : [first, second];
    }
    case 'initials':
      return p.fam && p.giv ? p.fam[0]! + p.giv[0]! : null;
    case 'dob':
      return p.dob.length === 8 ? p.dob : null;
    case 'dob_unordered': {
      if (p.dob.length !== 8) return null;
      const m = p.dob.slice(4, 6);
      const d = p.dob.slice(6, 8);
      return p.dob.slice(0, 4) + (m < d ? m + d : d + m);
    }
    case 'year':
      return p.year ? String(p.year) : null;
    case 'province':
      return p.province || null;
    case 'sex':
      return p.sex ? String(p.sex) : null;
    case 'id':
      return p.ids.length ? p.ids : null;
    case 'phone':
      return p.phone || null;
  }
  if (name.startsWith('extra:')) return p.extra[name.slice(6)] ?? null;
  if (name.startsWith('words:')) {
    const v = part(p, name.slice(6));
    if (v == null) return null;
    const words = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(' ')).filter((w) => w.length >= 3);
    return [...new Set(words)];
  }
  const prefix = /^prefix(\d+):(.+)$/.exec(name);
  if (prefix) {
    const v = part(p, prefix[2]!);
    const n = Number(prefix[1]);
    if (v == null) return null;
    return Array.isArray(v) ? v.map((x) => x.slice(0, n)) : v.slice(0, n);
  }
  throw new Error(`Unknown blocking key part: ${name}`);
}

const SEPARATOR = '\u0001';

/** The key (or keys, when a part has several values, e.g. ID numbers) of one record under one rule; null for none. */
export function ruleKey(p: Prepared, rule: BlockingRule): string | string[] | null {
  const parts = rule.parts;
  let single: string | null = null;
  let several: string[] | null = null;
  for (let i = 0; i < parts.length; i++) {
    const v = part(p, parts[i]!);
    if (v == null) return null;
    if (typeof v === 'string') {
      if (several) several = several.map((k) => k + SEPARATOR + v);
      else single = single === null ? v : single + SEPARATOR + v;
    } else {
      if (v.length === 0) return null;
      const base: (string | null)[] = several ?? [single];
      several = base.flatMap((k) => v.map((x) => (k === null ? x : k + SEPARATOR + x)));
      single = null;
    }
  }
  return several ? (several.length === 1 ? several[0]! : [...new Set(several)]) : single;
}

/** The keys of one record under one rule, as a list. */
export function ruleKeys(p: Prepared, rule: BlockingRule): string[] {
  const k = ruleKey(p, rule);
  return k === null ? [] : typeof k === 'string' ? [k] : k;
}

/** Keys under which a record is indexed for the registration check (the union of the blocking rules' keys). */
export function blockingKeys(record: LinkRecord, settings: LinkageSettings): string[] {
  const p = prepareRecord(record, settings);
  return settings.blocking.flatMap((rule) => ruleKeys(p, rule).map((k) => `${rule.name}:${k}`));
}

export function allowedPair(settings: LinkageSettings, a: Prepared, b: Prepared): boolean {
  if (settings.linkType === 'link_only') return a.source !== b.source;
  return true;
}

export interface Block {
  key: string;
  members: number[];
}

/** Records grouped by key (only keys shared by 2..maxBlockSize records), and each record's keys. */
export function blocksOf(
  prepared: readonly Prepared[],
  rule: BlockingRule,
  maxBlockSize: number,
): { blocks: Block[]; skipped: number; keys: (string | string[] | null)[] } {
  // a key seen once holds its record's index; a second record turns it into a list
  const map = new Map<string, number | number[]>();
  const keys: (string | string[] | null)[] = new Array<string | string[] | null>(prepared.length);
  const add = (k: string, i: number) => {
    const seen = map.get(k);
    if (seen === undefined) map.set(k, i);
    else if (typeof seen === 'number') map.set(k, [seen, i]);
    else seen.push(i);
  };
  for (let i = 0; i < prepared.length; i++) {
    const k = ruleKey(prepared[i]!, rule);
    keys[i] = k;
    if (k === null) continue;
    if (typeof k === 'string') add(k, i);
    else for (const x of k) add(x, i);
  }
  const blocks: Block[] = [];
  let skipped = 0;
  for (const [key, members] of map) {
    if (typeof members === 'number') continue;
    if (members.length > maxBlockSize) skipped++;
    else blocks.push({ key, members });
  }
  return { blocks, skipped, keys };
}

function shareKey(x: string | string[] | null | undefined, y: string | string[] | null | undefined): boolean {
  if (x == null || y == null) return false;
  if (typeof x === 'string') return typeof y === 'string' ? x === y : y.includes(x);
  if (typeof y === 'string') return x.includes(y);
  for (const k of x) if (y.includes(k)) return true;
  return false;
}

/**
 * Calls `visit(i, j)` once for every candidate pair (indexes into `prepared`), over the union of the
 * rules. A pair is produced by the first rule under which the two records share a kept key.
 */
export function forEachCandidatePair(
  prepared: readonly Prepared[],
  settings: LinkageSettings,
  visit: (i: number, j: number) => void,
  onRule?: (rule: string, blocks: number, skipped: number) => void,
): void {
  const rules = settings.blocking;
  // kept[r][i]: the record's keys under rule r whose block was compared (to skip the pair later)
  const kept: (string | string[] | null)[][] = [];
  const linkOnly = settings.linkType === 'link_only';
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const { blocks, skipped, keys } = blocksOf(prepared, rule, rule.maxBlockSize ?? settings.maxBlockSize);
    onRule?.(rule.name, blocks.length, skipped);
    if (skipped) {
      // keys of skipped blocks do not count as compared
      const compared = new Set(blocks.map((b) => b.key));
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (k == null) continue;
        if (typeof k === 'string') keys[i] = compared.has(k) ? k : null;
        else keys[i] = k.filter((x) => compared.has(x));
      }
    }
    for (const { key, members } of blocks) {
      for (let x = 0; x < members.length; x++) {
        const i = members[x]!;
        const a = prepared[i]!;
        const ki = keys[i]!;
        for (let y = x + 1; y < members.length; y++) {
          const j = members[y]!;
          if (linkOnly && a.source === prepared[j]!.source) continue;
          let seen = false;
          for (let e = 0; e < r; e++) {
            const ke = kept[e]!;
            if (shareKey(ke[i], ke[j])) {
              seen = true;
              break;
            }
          }
          // a pair sharing two keys of this rule (two ID numbers) is produced under the smallest
          if (!seen && typeof ki !== 'string') {
            const kj = keys[j]!;
            if (typeof kj !== 'string') for (const k of ki) if (k < key && kj.includes(k)) seen = true;
          }
          if (!seen) visit(i, j);
        }
      }
    }
    kept.push(keys);
  }
}
