import { describe, it, expect, vi, afterEach } from 'vitest';
import * as crypto from 'node:crypto';
import { noisyTable, sampleDiscreteLaplace, type RandomSource } from './dp.js';

// Wrap node:crypto's randomInt (the real one) to see that the sampler's randomness comes from it. (Apart
// from dp.test.ts: recording millions of calls would slow the statistical tests down.)
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, randomInt: vi.fn(original.randomInt) };
});

describe('randomness only from crypto', () => {
  const realRandom = Math.random;
  afterEach(() => {
    Math.random = realRandom;
  });

  it('draws with Math.random replaced by a function that throws, and every draw comes from crypto.randomInt', () => {
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    const randomInt = vi.mocked(crypto.randomInt);
    randomInt.mockClear();
    const table = noisyTable(
      [
        [0, 5],
        [12, 3],
      ],
      0.5,
    );
    expect(table.total).toBeGreaterThanOrEqual(0);
    // Four cells, each at least three draws (the uniform U, the geometric's first coin, the sign).
    expect(randomInt.mock.calls.length).toBeGreaterThanOrEqual(12);
  });

  it('takes every random choice from an injected source', () => {
    let calls = 0;
    const source: RandomSource = {
      randomInt: (max) => {
        calls++;
        return crypto.randomInt(max);
      },
    };
    const randomInt = vi.mocked(crypto.randomInt);
    randomInt.mockClear();
    sampleDiscreteLaplace({ numerator: 10, denominator: 3 }, source);
    expect(calls).toBeGreaterThan(0);
    expect(randomInt.mock.calls.length).toBe(calls);
  });
});
