import { describe, it, expect } from 'vitest';
import { GENESIS_HASH, eventHash } from './audit-chain.js';

type Event = Parameters<typeof eventHash>[2];

const key = Buffer.alloc(32, 7);
const base: Event = {
  id: 41,
  seq: 12,
  at: new Date('2025-06-01T03:04:05.678Z'),
  actor_id: 'user-1',
  actor_agency_id: 'agency-1',
  action: 'case.read',
  record_type: 'case',
  record_id: 'case-9',
  outcome: 'allowed',
  client_ip: '10.0.0.5',
  details: { parts: ['identity', 'narrative'], reason: 'Xem hồ sơ', nested: { a: 1, b: [1, 2] } },
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
    ['outcome', { outcome: 'denied' }],
    ['client_ip', { client_ip: '10.0.0.6' }],
    ['details (a value)', { details: { ...base.details, reason: 'Xem ho so' } }],
    ['details (a nested value)', { details: { ...base.details, nested: { a: 1, b: [2, 1] } } }],
    ['details (an added key)', { details: { ...base.details, extra: true } }],
    ['details (to null)', { details: null }],
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
});
