// Blocking: which records are compared at all. Each rule makes a key from a few parts of a record;
// records that share a rule's key are candidate pairs, and the candidates are the union over the
// rules (a pair found by an earlier rule is not produced again by a later one).
import { prepareRecord, type Prepared } from './prepare.js';
import type { BlockingRule, LinkRecord, LinkageSettings } from './types.js';

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
  const prefix = /^prefix(\d+):(.+)$/.exec(name);
  if (prefix) {
    const v = part(p, prefix[2]!);
    const n = Number(prefix[1]);
    if (v == null) return null;
    return Array.isArray(v) ? v.map((x) => x.slice(0, n)) : v.slice(0, n);
  }
  throw new Error(`Unknown blocking key part: ${name}`);
}

/** The keys of one record under one rule (several when a part has several values, e.g. ID numbers). */
export function ruleKeys(p: Prepared, rule: BlockingRule): string[] {
  let keys = [''];
  for (const name of rule.parts) {
    const v = part(p, name);
    if (v == null || (Array.isArray(v) && v.length === 0)) return [];
    const values = Array.isArray(v) ? v : [v];
    keys = keys.flatMap((k) => values.map((x) => (k ? `${k}\u0001${x}` : x)));
  }
  return keys;
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

/** Records grouped by key (only keys shared by 2..maxBlockSize records). */
export function blocksOf(
  prepared: readonly Prepared[],
  rule: BlockingRule,
  maxBlockSize: number,
): { blocks: { key: string; members: number[] }[]; skipped: number } {
  const map = new Map<string, number[]>();
  for (let i = 0; i < prepared.length; i++) {
    for (const k of ruleKeys(prepared[i]!, rule)) {
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    }
  }
  const blocks: { key: string; members: number[] }[] = [];
  let skipped = 0;
  for (const [key, members] of map) {
    if (members.length < 2) continue;
    if (members.length > maxBlockSize) skipped++;
    else blocks.push({ key, members });
  }
  return { blocks, skipped };
}

/**
 * Calls `visit(i, j)` once for every candidate pair (indexes into `prepared`), over the union of the
 * rules. A pair is produced by the first rule under which the two records share a (kept) key.
 */
export function forEachCandidatePair(
  prepared: readonly Prepared[],
  settings: LinkageSettings,
  visit: (i: number, j: number) => void,
  onRule?: (rule: string, blocks: number, skipped: number) => void,
): void {
  const rules = settings.blocking;
  // kept[r][i]: the record's keys under rule r whose block was kept (compared), to skip repeats.
  const kept: (string[] | null)[][] = [];
  for (let r = 0; r < rules.length; r++) {
    const { blocks, skipped } = blocksOf(prepared, rules[r]!, settings.maxBlockSize);
    onRule?.(rules[r]!.name, blocks.length, skipped);
    const keysOf: (string[] | null)[] = new Array<string[] | null>(prepared.length).fill(null);
    for (const { key, members } of blocks) for (const i of members) (keysOf[i] ??= []).push(key);
    for (const { key, members } of blocks) {
      for (let x = 0; x < members.length; x++) {
        const i = members[x]!;
        const a = prepared[i]!;
        for (let y = x + 1; y < members.length; y++) {
          const j = members[y]!;
          if (!allowedPair(settings, a, prepared[j]!)) continue;
          let seen = false;
          for (let e = 0; e < r && !seen; e++) {
            const ki = kept[e]![i];
            const kj = kept[e]![j];
            if (ki && kj) seen = ki.length === 1 && kj.length === 1 ? ki[0] === kj[0] : ki.some((k) => kj.includes(k));
          }
          // a pair sharing two ID numbers sits in two blocks of this rule: produce it under the smallest key
          const ki = keysOf[i]!;
          const kj = keysOf[j]!;
          if (!seen && ki.length > 1 && kj.length > 1) seen = ki.some((k) => k < key && kj.includes(k));
          if (!seen) visit(i, j);
        }
      }
    }
    kept.push(keysOf);
  }
}
