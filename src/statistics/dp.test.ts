import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as crypto from 'node:crypto';
import {
  bernoulliExpMinus,
  countNoise,
  discreteLaplacePmf,
  discreteLaplaceVariance,
  epsilonAsRational,
  noiseHalfWidth,
  noisyTable,
  sumHalfWidth,
  type RandomSource,
} from './dp.js';

/** The chi-square statistic over the values −6..6 and the two tails, against the exact pmf. */
function chiSquare(draws: number[], epsilon: number): number {
  const observed = new Map<number, number>();
  const bin = (x: number) => Math.max(-7, Math.min(7, x));
  for (const x of draws) observed.set(bin(x), (observed.get(bin(x)) ?? 0) + 1);
  const alpha = Math.exp(-epsilon);
  const tail = alpha ** 7 / (1 + alpha); // P(X ≥ 7) = P(X ≤ −7)
  let statistic = 0;
  for (let b = -7; b <= 7; b++) {
    const p = Math.abs(b) === 7 ? tail : discreteLaplacePmf(b, epsilon);
    const expected = p * draws.length;
    statistic += ((observed.get(b) ?? 0) - expected) ** 2 / expected;
  }
  return statistic;
}
/** The chi-square quantile for 14 degrees of freedom (15 bins) at p = 1e-6 (scipy.stats.chi2.isf(1e-6, 14)). */
const CHI2_14_CRITICAL = 54.64;

/** The exact central moments of the discrete Laplace at ε by summation. */
function exactMoments(epsilon: number): { variance: number; fourth: number } {
  let variance = 0;
  let fourth = 0;
  for (let x = -2000; x <= 2000; x++) {
    const p = discreteLaplacePmf(x, epsilon);
    variance += p * x * x;
    fourth += p * x ** 4;
  }
  return { variance, fourth };
}

function draws(n: number, epsilon: number): number[] {
  return Array.from({ length: n }, () => countNoise(epsilon));
}

describe.each([
  { epsilon: 1, n: 200_000 },
  { epsilon: 0.3, n: 100_000 },
])('discrete Laplace noise at ε = $epsilon ($n draws)', ({ epsilon, n }) => {
  const sample = draws(n, epsilon);
  const mean = sample.reduce((a, b) => a + b, 0) / n;
  const { variance, fourth } = exactMoments(epsilon);

  it('has the exact variance 2α/(1−α)² (the moments of the pmf)', () => {
    expect(variance).toBeCloseTo(discreteLaplaceVariance(epsilon), 6);
  });

  it('has mean 0', () => {
    // 6 standard errors: fails by chance with probability ~2e-9.
    expect(Math.abs(mean)).toBeLessThan(6 * Math.sqrt(variance / n));
  });

  it('has the variance of the discrete Laplace', () => {
    const sampleVariance = sample.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(sampleVariance - variance)).toBeLessThan(6 * Math.sqrt((fourth - variance ** 2) / n));
  });

  it('fits the exact pmf (1−α)/(1+α)·α^|x| by a chi-square test (fails at p < 1e-6)', () => {
    expect(chiSquare(sample, epsilon)).toBeLessThan(CHI2_14_CRITICAL);
  });

  it('is symmetric', () => {
    const positive = sample.filter((x) => x > 0).length;
    const negative = sample.filter((x) => x < 0).length;
    expect(Math.abs(positive - negative)).toBeLessThan(6 * Math.sqrt(positive + negative));
  });

  it('holds 95 % of its draws within the stated half-width, and fewer within one less', () => {
    const h = noiseHalfWidth(epsilon);
    const within = (w: number) => sample.filter((x) => Math.abs(x) <= w).length / n;
    const se = Math.sqrt(0.05 * 0.95 * n) / n;
    expect(within(h)).toBeGreaterThan(0.95 - 6 * se);
    expect(within(h - 1)).toBeLessThan(0.95);
  });
});

describe('the chi-square test', () => {
  it('rejects noise of the wrong scale and rounded floating-point Laplace', () => {
    // The test must be able to fail: ε = 0.8 noise judged as ε = 1 ...
    expect(chiSquare(draws(50_000, 0.8), 1)).toBeGreaterThan(CHI2_14_CRITICAL);
    // ... and continuous Laplace rounded to the nearest integer (a common mistake) is not the discrete one.
    const rounded = Array.from({ length: 200_000 }, () => {
      const u = Math.random() - 0.5;
      return Math.round(-Math.sign(u) * Math.log(1 - 2 * Math.abs(u)));
    });
    expect(chiSquare(rounded, 1)).toBeGreaterThan(CHI2_14_CRITICAL);
  });
});

describe('bernoulliExpMinus (Algorithm 1)', () => {
  it.each([
    [1, 2],
    [1, 1],
    [3, 2],
    [0, 1],
  ])('comes up with probability exp(−%i/%i)', (numerator, denominator) => {
    const n = 100_000;
    let heads = 0;
    for (let i = 0; i < n; i++) if (bernoulliExpMinus(numerator, denominator)) heads++;
    const p = Math.exp(-numerator / denominator);
    expect(Math.abs(heads / n - p)).toBeLessThanOrEqual(6 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('noisyTable', () => {
  it('adds noise to every cell, zeros included', () => {
    const zeros = Array.from({ length: 20 }, () => Array.from({ length: 20 }, () => 0));
    // With ε = 1 a zero cell stays 0 with probability 1/(1+α) ≈ 0.73: 400 zeros all staying is ~1e-55.
    expect(noisyTable(zeros, 1).total).toBeGreaterThan(0);
  });

  it('releases non-negative integers whose margins and total are the sums of their parts', () => {
    const counts = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
      .chain(([r, c]) =>
        fc.array(fc.array(fc.nat({ max: 30 }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      );
    fc.assert(
      fc.property(counts, fc.constantFrom(0.05, 0.3, 1, 2), (table, epsilon) => {
        const released = noisyTable(table, epsilon);
        expect(released.cells.length).toBe(table.length);
        for (const row of released.cells) {
          expect(row.length).toBe(table[0]!.length);
          for (const v of row) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        released.cells.forEach((row, i) => expect(released.rowTotals[i]).toBe(row.reduce((a, b) => a + b, 0)));
        released.columnTotals.forEach((t, j) => expect(t).toBe(released.cells.reduce((a, row) => a + row[j]!, 0)));
        expect(released.total).toBe(released.rowTotals.reduce((a, b) => a + b, 0));
        expect(released.epsilon).toBe(epsilon);
        expect(released.uncertainty.cells.flat().every((u) => u === noiseHalfWidth(epsilon))).toBe(true);
        expect(released.uncertainty.total).toBe(sumHalfWidth(epsilon, table.length * table[0]!.length));
      }),
      { numRuns: 200 },
    );
  });

  it('states the uncertainty: the exact cell quantile, a normal approximation for sums', () => {
    // ε = 1: P(|Z| ≤ 2) ≈ 0.927 < 0.95 ≤ P(|Z| ≤ 3) ≈ 0.973.
    expect(noiseHalfWidth(1)).toBe(3);
    expect(noiseHalfWidth(0.1)).toBe(30);
    const t = noisyTable([[10, 20, 30]], 1);
    expect(t.uncertainty.cells).toEqual([[3, 3, 3]]);
    expect(t.uncertainty.rowTotals).toEqual([Math.ceil(1.96 * Math.sqrt(3 * discreteLaplaceVariance(1)))]);
    expect(t.uncertainty.columnTotals).toEqual([3, 3, 3]); // one cell per column: its exact quantile
  });

  it('spends ε in thousandths, and refuses an ε it cannot spend or counts that are not counts', () => {
    expect(noisyTable([[5]], 0.3004).epsilon).toBe(0.3);
    expect(epsilonAsRational(0.25)).toEqual({ numerator: 1, denominator: 4 });
    for (const bad of [0, -1, 0.0001, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => noisyTable([[5]], bad)).toThrow(RangeError);
    expect(() => noisyTable([[5, -1]], 1)).toThrow(RangeError);
    expect(() => noisyTable([[5, 1.5]], 1)).toThrow(RangeError);
    expect(() => noisyTable([[5, 1], [2]], 1)).toThrow(RangeError);
  });

  it('is the same release for the same random draws (an injectable source)', () => {
    const recorded: number[] = [];
    const recording: RandomSource = {
      randomInt: (max) => {
        const v = crypto.randomInt(max);
        recorded.push(v);
        return v;
      },
    };
    const first = noisyTable([[4, 0, 17]], 0.7, recording);
    let n = 0;
    const replay: RandomSource = { randomInt: () => recorded[n++]! };
    expect(noisyTable([[4, 0, 17]], 0.7, replay)).toEqual(first);
    expect(n).toBe(recorded.length);
  });
});
