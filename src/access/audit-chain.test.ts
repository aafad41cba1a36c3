import { describe, it, expect } from 'vitest';
import {
  AnchorFormatError,
  GENESIS_HASH,
  auditKeys,
  eventHash,
  formatAnchor,
  headMac,
  isAuthenticAnchor,
  legacyEventHash,
  parseAnchor,
  writerMac,
  type SealedEvent,
  type WrittenEvent,
} from './audit-chain.js';

type Event = SealedEvent;

const key = Buffer.alloc(32, 7);
const legacyBase = {
  id: 41,
  seq: 12,
  at: new Date('2025-06-01T03:04:05.678Z'),
  actor_id: 'user-1',
  actor_agency_id: 'agency-1',
  action: 'case.read',
  record_type: 'case',
  record_id: 'case-9',
  record_ids: null,
  outcome: 'allowed',
  client_ip: '10.0.0.5',
  details: { parts: ['identity', 'narrative'], reason: 'Xem hồ sơ', nested: { a: 1, b: [1, 2] } },
};
const base: Event = {
  ...legacyBase,
  nonce: '8f14e45f-ceea-4e67-a2c4-3f8a3a7f5b11',
  mac: 'c'.repeat(64),
  origin: 'lantern',
};
const PREV = 'a'.repeat(64);
const hashOf = (e: Event, prev = PREV, k = key) => eventHash(k, prev, e);

describe('eventHash', () => {
  it('is a 64-hex HMAC, stable for the same event', () => {
    expect(hashOf(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf({ ...base, at: new Date(base.at), details: structuredClone(base.details) })).toBe(hashOf(base));
  });

  it.each<[string, Partial<Event>]>([
    ['id', { id: 42 }],
    ['at', { at: new Date('2025-06-01T03:04:05.679Z') }],
    ['actor_id', { actor_id: 'user-2' }],
    ['actor_id (to null)', { actor_id: null }],
    ['actor_agency_id', { actor_agency_id: 'agency-2' }],
    ['action', { action: 'case.update' }],
    ['record_type', { record_type: 'person' }],
    ['record_id', { record_id: 'case-10' }],
    ['record_id (to null)', { record_id: null }],
    ['record_ids (a page of a list)', { record_ids: ['case-9', 'case-10'] }],
    ['outcome', { outcome: 'denied' }],
    ['client_ip', { client_ip: '10.0.0.6' }],
    ['details (a value)', { details: { ...base.details, reason: 'Xem ho so' } }],
    ['details (a nested value)', { details: { ...base.details, nested: { a: 1, b: [2, 1] } } }],
    ['details (an added key)', { details: { ...base.details, extra: true } }],
    ['details (to null)', { details: null }],
    ['nonce', { nonce: '8f14e45f-ceea-4e67-a2c4-3f8a3a7f5b12' }],
    ['writer mac', { mac: 'd'.repeat(64) }],
    ['origin: a forged event cannot be relabelled genuine', { origin: 'forged' }],
    ['origin (legacy)', { origin: 'legacy' }],
  ])('changes when %s changes', (_field, change) => {
    expect(hashOf({ ...base, ...change })).not.toBe(hashOf(base));
  });

  it('changes with the seq, so reordered events break the chain', () => {
    expect(hashOf({ ...base, seq: 13 })).not.toBe(hashOf(base));
  });

  it('changes with the previous hash, so a removed event breaks the chain', () => {
    expect(hashOf(base, 'b'.repeat(64))).not.toBe(hashOf(base));
    expect(hashOf(base, GENESIS_HASH)).not.toBe(hashOf(base));
  });

  it('changes with the key, so the chain cannot be recomputed without it', () => {
    expect(hashOf(base, PREV, Buffer.alloc(32, 8))).not.toBe(hashOf(base));
  });

  it('does not depend on the key order of details, at any depth', () => {
    const reordered: Event = {
      ...base,
      details: { nested: { b: [1, 2], a: 1 }, reason: 'Xem hồ sơ', parts: ['identity', 'narrative'] },
    };
    expect(hashOf(reordered)).toBe(hashOf(base));
  });

  it("does not let one field's text pass for another's", () => {
    const a = hashOf({ ...base, record_type: 'case', record_id: 'x' });
    const b = hashOf({ ...base, record_type: 'casex', record_id: '' });
    expect(a).not.toBe(b);
  });

  it('chains: each hash feeds the next', () => {
    const h1 = eventHash(key, GENESIS_HASH, { ...base, seq: 1, id: 1 });
    const h2 = eventHash(key, h1, { ...base, seq: 2, id: 2 });
    const h2Forged = eventHash(key, GENESIS_HASH, { ...base, seq: 2, id: 2 });
    expect(h2).not.toBe(h2Forged);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is unchanged for events without record_ids, so trails sealed before migration 0031 still verify', () => {
    // Computed with the code before record_ids existed (6bfddad).
    expect(hashOf(base)).toBe('e2d86476127992caddf3612efbf941810bfe80d3a812e478d3a044a39ee8456a');
  });

  it("covers the order of a page's records, and does not let them pass for record_id", () => {
    const page = { ...base, record_id: null, record_ids: ['case-9', 'case-10'] };
    expect(hashOf({ ...page, record_ids: ['case-10', 'case-9'] })).not.toBe(hashOf(page));
    expect(hashOf({ ...page, record_ids: ['case-9'] })).not.toBe(hashOf(page));
    expect(hashOf({ ...base, record_ids: null })).not.toBe(
      hashOf({ ...base, record_id: null, record_ids: ['case-9'] }),
    );
  });

  it('differs from the legacy formula for the same content', () => {
    expect(hashOf(base)).not.toBe(legacyEventHash(key, PREV, legacyBase));
  });
});

describe('legacyEventHash', () => {
  it('is still the formula chains sealed before migration 0009 were built with', () => {
    // Computed with the code of release 0.1.0: if this changes, existing trails stop verifying.
    expect(legacyEventHash(key, PREV, legacyBase)).toBe(
      'ce59d8aef6b5c59c95097457b019ab8aa045e286bee2188a10206e3368806faf',
    );
  });
});

describe('writerMac', () => {
  const written: WrittenEvent = {
    nonce: base.nonce!,
    at: base.at,
    actor_id: base.actor_id,
    actor_agency_id: base.actor_agency_id,
    action: base.action,
    record_type: base.record_type,
    record_id: base.record_id,
    record_ids: null,
    outcome: base.outcome,
    client_ip: base.client_ip,
    details: base.details,
  };
  const writer = auditKeys(key).writer;
  const macOf = (e: WrittenEvent, k = writer) => writerMac(k, e);

  it.each<[string, Partial<WrittenEvent>]>([
    ['nonce', { nonce: '8f14e45f-ceea-4e67-a2c4-3f8a3a7f5b12' }],
    ['at', { at: new Date('2025-06-01T03:04:05.679Z') }],
    ['actor_id', { actor_id: 'user-2' }],
    ['actor_agency_id', { actor_agency_id: null }],
    ['action', { action: 'case.update' }],
    ['record_type', { record_type: null }],
    ['record_id', { record_id: 'case-10' }],
    ['record_ids', { record_ids: ['case-9', 'case-10'] }],
    ['outcome', { outcome: 'denied' }],
    ['client_ip', { client_ip: 'cli' }],
    ['details', { details: { ...base.details, reason: 'x' } }],
  ])('covers %s', (_field, change) => {
    expect(macOf({ ...written, ...change })).not.toBe(macOf(written));
  });

  it('is unchanged for events without record_ids, so events written before migration 0031 stay genuine', () => {
    // Computed with the code before record_ids existed (6bfddad).
    expect(macOf(written)).toBe('6bc017a107a739014b0400c716b3c53af681e03d48eae41cd5804f1bf92a3c79');
  });

  it('needs the writer key: neither another key nor the chain key gives it', () => {
    expect(macOf(written, Buffer.alloc(32, 8))).not.toBe(macOf(written));
    expect(macOf(written, key)).not.toBe(macOf(written));
  });
});

describe('audit subkeys', () => {
  it('are derived from the audit key, distinct, and the same every time', () => {
    const k = auditKeys(key);
    expect(k.chain.equals(key)).toBe(true); // the chain key is unchanged, so existing chains verify
    const subkeys = [k.writer, k.head, k.anchor].map((b) => b.toString('hex'));
    expect(new Set([...subkeys, key.toString('hex')]).size).toBe(4);
    const again = auditKeys(Buffer.from(key));
    expect([again.writer, again.head, again.anchor].map((b) => b.toString('hex'))).toEqual(subkeys);
  });
});

describe('headMac', () => {
  const head = {
    seq: 120,
    hash: 'e'.repeat(64),
    sealed_at: new Date('2026-05-01T03:04:05.678Z'),
    legacy_seq: 7,
    legacy_until_id: null,
  };
  const headKey = auditKeys(key).head;

  it.each<[string, Partial<typeof head> | { legacy_until_id: number }]>([
    ['seq', { seq: 119 }],
    ['hash', { hash: 'f'.repeat(64) }],
    ['sealed_at', { sealed_at: new Date('2026-05-01T03:04:05.679Z') }],
    ['legacy_seq', { legacy_seq: 8 }],
    ['legacy_until_id (a reopened legacy window)', { legacy_until_id: 500 }],
  ])('covers %s', (_field, change) => {
    expect(headMac(headKey, { ...head, ...change })).not.toBe(headMac(headKey, head));
  });

  it('needs the head key', () => {
    expect(headMac(auditKeys(Buffer.alloc(32, 8)).head, head)).not.toBe(headMac(headKey, head));
  });
});

describe('anchors', () => {
  const state = { seq: 12345, at: new Date('2026-05-01T03:04:05Z'), hash: 'ab'.repeat(32) };
  const line = formatAnchor(key, state);

  it('are one short line that reads back as written', () => {
    expect(line).toMatch(/^lantern-anchor:v1:12345:20260501T030405Z:(ab){32}:[0-9a-f]{64}$/);
    expect(line.length).toBeLessThan(180);
    const parsed = parseAnchor(line);
    expect(parsed).toEqual({ ...state, mac: line.split(':').pop() });
    expect(isAuthenticAnchor(key, parsed)).toBe(true);
  });

  it('survive surrounding spaces and a line broken when copied', () => {
    const wrapped = `  ${line.slice(0, 60)}\n${line.slice(60)}\n`;
    expect(parseAnchor(wrapped)).toEqual(parseAnchor(line));
  });

  it.each([
    ['the seq', line.replace(':12345:', ':12344:')],
    ['the time', line.replace('20260501T030405Z', '20260502T030405Z')],
    ['the hash', line.replace('ab'.repeat(32), 'ab'.repeat(31) + 'ac')],
  ])('do not authenticate when %s was changed', (_what, altered) => {
    expect(isAuthenticAnchor(key, parseAnchor(altered))).toBe(false);
  });

  it('do not authenticate under another key', () => {
    expect(isAuthenticAnchor(Buffer.alloc(32, 8), parseAnchor(line))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not an anchor', 'hello'],
    ['truncated', line.slice(0, -10)],
    ['another version', line.replace(':v1:', ':v2:')],
    ['a negative seq', line.replace(':12345:', ':-5:')],
    ['an impossible date', line.replace('20260501T030405Z', '20261301T030405Z')],
    ['an extended ISO time', line.replace('20260501T030405Z', '2026-05-01T03:04:05Z')],
    ['non-hex', line.replace('ab'.repeat(32), 'zz'.repeat(32))],
  ])('refuse a malformed anchor: %s', (_what, text) => {
    expect(() => parseAnchor(text)).toThrow(AnchorFormatError);
  });
});
