// Differential privacy for count tables (issue 11 §2): integer noise from the discrete Laplace
// (two-sided geometric) distribution, drawn exactly with integer arithmetic from `crypto`.
//
// Written by hand: the npm packages found draw Laplace noise in floating point (Math.random, or an
// inverse CDF through Math.log), which leaks through the floating-point gaps (Mironov 2012, "On
// significance of the least significant bits for differential privacy") and is not the integer
// mechanism the issue asks for. Here every random choice is a uniform integer from crypto.randomInt,
// following Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential Privacy",
// Algorithm 1 (a Bernoulli(exp(−γ)) coin for a rational γ) and Algorithm 2 (the discrete Laplace with a
// rational scale). No floating point decides a sample: only integer comparisons of exact draws.
//
// No I/O other than the operating system's random numbers.
import { randomInt } from 'node:crypto';

/** A source of uniform random integers: `randomInt(max)` is uniform on 0..max−1 (max a positive safe integer). */
export interface RandomSource {
  randomInt(max: number): number;
}

/** The default source: the operating system's CSPRNG through node:crypto. */
export const cryptoSource: RandomSource = { randomInt: (max) => randomInt(max) };

/** A positive rational numerator / denominator (both positive safe integers). */
export interface Rational {
  numerator: number;
  denominator: number;
}

/** ε is taken in thousandths: ε·1000 / 1000 (0.001 is the finest ε a release can spend). */
export const EPSILON_DENOMINATOR = 1000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function reduced(r: Rational): Rational {
  const g = gcd(r.numerator, r.denominator);
  return { numerator: r.numerator / g, denominator: r.denominator / g };
}

function checkRational(r: Rational, what: string): void {
  if (
    !Number.isSafeInteger(r.numerator) ||
    !Number.isSafeInteger(r.denominator) ||
    r.numerator < 1 ||
    r.denominator < 1 ||
    // randomInt needs max ≤ 2^48; the coins below draw up to denominator × (a small K).
    r.numerator > 2 ** 32 ||
    r.denominator > 2 ** 32
  )
    throw new RangeError(`${what} must be a positive rational with integer parts up to 2^32`);
}

/**
 * ε as the rational the mechanism uses: ε rounded to thousandths. Throws a RangeError when ε is not a
 * finite number of at least 0.001 (H2's request validation keeps it within EPSILON_MIN..EPSILON_MAX).
 */
export function epsilonAsRational(epsilon: number): Rational {
  const numerator = Number.isFinite(epsilon) ? Math.round(epsilon * EPSILON_DENOMINATOR) : NaN;
  if (!Number.isSafeInteger(numerator) || numerator < 1 || numerator > 2 ** 32)
    throw new RangeError(`ε must be a finite number of at least ${1 / EPSILON_DENOMINATOR}, not ${epsilon}`);
  return reduced({ numerator, denominator: EPSILON_DENOMINATOR });
}

/** A Bernoulli(numerator / denominator) coin, 0 ≤ numerator ≤ denominator. */
function bernoulli(numerator: number, denominator: number, source: RandomSource): boolean {
  return source.randomInt(denominator) < numerator;
}

/** Algorithm 1 of Canonne, Kamath and Steinke: a Bernoulli(exp(−γ)) coin for γ = numerator / denominator ≥ 0. */
export function bernoulliExpMinus(
  numerator: number,
  denominator: number,
  source: RandomSource = cryptoSource,
): boolean {
  if (numerator <= denominator) {
    // γ ∈ [0, 1]: K ← 1; while Bernoulli(γ / K) K ← K + 1; true when K is odd.
    let k = 1;
    while (bernoulli(numerator, denominator * k, source)) k++;
    return k % 2 === 1;
  }
  // γ > 1: ⌊γ⌋ coins of exp(−1), then one of exp(−(γ − ⌊γ⌋)).
  const whole = Math.floor(numerator / denominator);
  for (let i = 0; i < whole; i++) if (!bernoulliExpMinus(1, 1, source)) return false;
  return bernoulliExpMinus(numerator - whole * denominator, denominator, source);
}

/**
 * One draw of the discrete Laplace distribution on the integers with scale t: P(x) ∝ exp(−|x| / t)
 * (Algorithm 2 of Canonne, Kamath and Steinke, for t = numerator / denominator). For an ε-DP count of
 * sensitivity 1 the scale is 1/ε. A number scale is taken in thousandths.
 */
export function sampleDiscreteLaplace(scale: Rational | number, source: RandomSource = cryptoSource): number {
  const r =
    typeof scale === 'number'
      ? { numerator: Math.round(scale * EPSILON_DENOMINATOR), denominator: EPSILON_DENOMINATOR }
      : scale;
  checkRational(r, 'The scale');
  const { numerator: t, denominator: s } = reduced(r);
  for (;;) {
    const u = source.randomInt(t);
    if (!bernoulliExpMinus(u, t, source)) continue;
    let v = 0;
    while (bernoulliExpMinus(1, 1, source)) v++;
    const x = u + t * v; // geometric: P(x) ∝ exp(−x / t)
    const y = Math.floor(x / s);
    const negative = bernoulli(1, 2, source);
    if (negative && y === 0) continue; // 0 would otherwise be counted twice
    return negative ? -y : y;
  }
}

/** The discrete Laplace noise of a count at ε (sensitivity 1): scale 1/ε with ε in thousandths. */
export function countNoise(epsilon: number, source: RandomSource = cryptoSource): number {
  const e = epsilonAsRational(epsilon);
  return sampleDiscreteLaplace({ numerator: e.denominator, denominator: e.numerator }, source);
}

/** The exact probability of x under the discrete Laplace of scale 1/ε: (1 − α)/(1 + α) · α^|x|, α = e^(−ε). */
export function discreteLaplacePmf(x: number, epsilon: number): number {
  const alpha = Math.exp(-epsilon);
  return ((1 - alpha) / (1 + alpha)) * alpha ** Math.abs(x);
}

/** The variance of the discrete Laplace of scale 1/ε: 2α / (1 − α)², α = e^(−ε). */
export function discreteLaplaceVariance(epsilon: number): number {
  const alpha = Math.exp(-epsilon);
  return (2 * alpha) / (1 - alpha) ** 2;
}

/**
 * The half-width of the interval holding a cell's noise with the given probability, exactly: the
 * least integer h with P(|Z| ≤ h) ≥ confidence, where P(|Z| > h) = 2α^(h+1) / (1 + α).
 */
export function noiseHalfWidth(epsilon: number, confidence = 0.95): number {
  const alpha = Math.exp(-epsilon);
  let h = 0;
  while ((2 * alpha ** (h + 1)) / (1 + alpha) > 1 - confidence) h++;
  return h;
}

/**
 * The half-width of a 95 % interval of the noise of a sum of n noisy cells: a normal approximation
 * (1.96 standard deviations of the sum of n independent discrete Laplace draws), rounded up. Clamping
 * cells at zero (below) makes released sums of near-zero cells lean high; the width describes the noise.
 */
export function sumHalfWidth(epsilon: number, cells: number): number {
  if (cells === 0) return 0;
  if (cells === 1) return noiseHalfWidth(epsilon);
  return Math.ceil(1.96 * Math.sqrt(cells * discreteLaplaceVariance(epsilon)));
}

export interface NoisyTable {
  /** noisy, non-negative integer cells, rows × columns */
  cells: number[][];
  /** sums of the released cells of each row */
  rowTotals: number[];
  /** sums of the released cells of each column */
  columnTotals: number[];
  /** sum of all released cells */
  total: number;
  /** the half-width of the 95 % interval of each released figure's noise */
  uncertainty: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number };
  /** the ε this release spent (ε rounded to thousandths): what the ledger must record */
  epsilon: number;
}

/**
 * Releases a count table under ε-differential privacy, for the unit "one person, one cell": the caller
 * counts each person in at most one cell of the table (L1 sensitivity 1), so one discrete Laplace draw of
 * scale 1/ε per cell spends ε for the whole table. Every cell gets noise, zeros included (the cell
 * domain is public). Post-processing, which spends nothing: cells are clamped at zero, and the margins
 * and total are the sums of the released cells, so the table adds up.
 */
export function noisyTable(counts: number[][], epsilon: number, source: RandomSource = cryptoSource): NoisyTable {
  const e = epsilonAsRational(epsilon);
  const scale: Rational = { numerator: e.denominator, denominator: e.numerator };
  const spent = e.numerator / e.denominator;
  const rows = counts.length;
  const columns = rows > 0 ? counts[0]!.length : 0;
  for (const row of counts) {
    if (!Array.isArray(row) || row.length !== columns) throw new RangeError('The counts must be a rectangular table');
    for (const v of row)
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`A count must be a non-negative integer, not ${v}`);
  }
  const cells = counts.map((row) => row.map((v) => Math.max(0, v + sampleDiscreteLaplace(scale, source))));
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: columns }, (_, j) => cells.reduce((a, row) => a + row[j]!, 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const cell = noiseHalfWidth(spent);
  return {
    cells,
    rowTotals,
    columnTotals,
    total,
    uncertainty: {
      cells: counts.map((row) => row.map(() => cell)),
      rowTotals: counts.map(() => sumHalfWidth(spent, columns)),
      columnTotals: Array.from({ length: columns }, () => sumHalfWidth(spent, rows)),
      total: sumHalfWidth(spent, rows * columns),
    },
    epsilon: spent,
  };
}
