// The read-replica rule (platform/replica.ts): when a read may go to the replica, and how lag is measured.
import { describe, expect, it } from 'vitest';
import { LagClock, lsnText, lsnValue, readFromReplica, replicaState, type ReplicaView } from './replica.js';

const MAX_LAG = 30_000;
const streaming = (replayed: string, lagMs = 0): ReplicaView => ({
  reachable: true,
  standby: true,
  replayed: lsnValue(replayed),
  lagMs,
});

describe('WAL positions', () => {
  it('compare as PostgreSQL orders them, across the 32-bit halves', () => {
    expect(lsnValue('0/3000000')! < lsnValue('0/3000060')!).toBe(true);
    expect(lsnValue('0/FFFFFFFF')! < lsnValue('1/0')!).toBe(true);
    expect(lsnValue('16/b374d848')).toBe(lsnValue('16/B374D848'));
    expect(lsnText(lsnValue('16/B374D848')!)).toBe('16/B374D848');
  });

  it("are refused when malformed (a cookie is the client's to alter)", () => {
    for (const bad of ['', 'x', '0/', '/1', '0/123456789', '1/2/3', '-1/0', '0/3000000; drop'])
      expect(lsnValue(bad), bad).toBeUndefined();
    expect(lsnValue(undefined)).toBeUndefined();
    expect(lsnValue(null)).toBeUndefined();
  });
});

describe('where a read goes', () => {
  it('goes to the replica for a caller who wrote nothing lately, while it streams within the allowed lag', () => {
    expect(readFromReplica(streaming('0/5000000'), undefined, MAX_LAG)).toBe(true);
  });

  it("keeps a caller's reads on the primary until the replica has replayed their last write", () => {
    const written = lsnValue('0/5000100');
    expect(readFromReplica(streaming('0/5000000'), written, MAX_LAG)).toBe(false);
    expect(readFromReplica(streaming('0/5000100'), written, MAX_LAG)).toBe(true); // exactly there
    expect(readFromReplica(streaming('1/0'), written, MAX_LAG)).toBe(true);
  });

  it('falls back to the primary when the replica lags beyond the limit, is down, or is no standby', () => {
    expect(readFromReplica(streaming('0/5000000', MAX_LAG + 1), undefined, MAX_LAG)).toBe(false);
    expect(readFromReplica(streaming('0/5000000', MAX_LAG), undefined, MAX_LAG)).toBe(true);
    const down = { reachable: false, standby: false, replayed: undefined, lagMs: 0 };
    expect(readFromReplica(down, undefined, MAX_LAG)).toBe(false);
    const promoted = { ...streaming('0/5000000'), standby: false };
    expect(readFromReplica(promoted, undefined, MAX_LAG)).toBe(false);
    expect(readFromReplica(undefined, undefined, MAX_LAG)).toBe(false); // not looked at yet, or none configured
  });

  it('names the state operators see', () => {
    expect(replicaState(streaming('0/1'), MAX_LAG)).toBe('streaming');
    expect(replicaState(streaming('0/1', MAX_LAG + 1), MAX_LAG)).toBe('lagging');
    expect(replicaState({ reachable: true, standby: true, replayed: undefined, lagMs: 0 }, MAX_LAG)).toBe('down');
    expect(replicaState({ reachable: false, standby: false, replayed: undefined, lagMs: 0 }, MAX_LAG)).toBe('down');
  });
});

describe('lag', () => {
  const at = (s: string) => lsnValue(s)!;

  it('is nil when the replica has everything the primary had, however long the primary was quiet', () => {
    const clock = new LagClock();
    clock.observe(at('0/100'), 0);
    expect(clock.lagMs(at('0/100'), 3_600_000)).toBe(0);
    expect(clock.bytesBehind(at('0/100'))).toBe(0);
  });

  it('is how long ago the oldest change not yet replayed was first seen on the primary', () => {
    const clock = new LagClock();
    clock.observe(at('0/100'), 1000);
    clock.observe(at('0/100'), 1500); // no change: not a new sample
    clock.observe(at('0/200'), 2000);
    clock.observe(at('0/300'), 3000);
    expect(clock.lagMs(at('0/0'), 4000)).toBe(3000);
    expect(clock.bytesBehind(at('0/0'))).toBe(0x300);
    expect(clock.lagMs(at('0/100'), 4000)).toBe(2000); // 0/200 waits since 2000
    expect(clock.lagMs(at('0/250'), 4000)).toBe(1000);
    expect(clock.bytesBehind(at('0/250'))).toBe(0xb0);
    expect(clock.lagMs(at('0/300'), 4000)).toBe(0);
  });

  it('keeps the oldest samples when a replica stays away for long (they decide the lag)', () => {
    const clock = new LagClock();
    for (let i = 1; i <= LagClock.MAX_SAMPLES + 50; i++) clock.observe(BigInt(i), i);
    expect(clock.lagMs(0n, 100_000)).toBe(100_000 - 1);
  });
});
