import { describe, expect, it } from 'vitest';
import { calibrate } from './thresholds.js';

const configured = { automatic: 0.99, review: 0.5 };

describe('thresholds calibrated by decisions', () => {
  it('stay as configured without decisions, or with decisions the thresholds already respect', () => {
    expect(calibrate(configured, [])).toEqual(configured);
    expect(
      calibrate(configured, [
        { decision: 'different', probability: 0.7 },
        { decision: 'same', probability: 0.995 },
        { decision: 'unsure', probability: 0.3 },
      ]),
    ).toEqual(configured);
  });

  it('raise the automatic threshold above a pair decided different', () => {
    const t = calibrate(configured, [{ decision: 'different', probability: 0.996 }]);
    expect(t.automatic).toBeGreaterThan(0.996);
    expect(t.automatic).toBeLessThan(1);
    expect(t.review).toBe(0.5);
  });

  it('lower the review threshold below a pair decided same, never under 0.05', () => {
    const t = calibrate(configured, [{ decision: 'same', probability: 0.3 }]);
    expect(t.review).toBeLessThan(0.3);
    expect(t.automatic).toBe(0.99);
    expect(calibrate(configured, [{ decision: 'same', probability: 0.01 }]).review).toBe(0.05);
  });
});
