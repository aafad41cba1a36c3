// How stewards' decisions calibrate the linkage thresholds (pure).

export interface Thresholds {
  automatic: number;
  review: number;
}

/**
 * Thresholds calibrated by stewards' decisions (the latest decision of each pair counts):
 * - the automatic threshold is raised above the highest probability of a pair decided 'different'
 *   (halfway from it to 1), so that the model never links on its own a pair like one a steward separated;
 * - the review threshold is lowered below the lowest probability of a pair decided 'same' (to 90 % of
 *   it), so that pairs like those a steward found to be one person keep entering the queue.
 * Neither moves past the other, and the review threshold never goes below 0.05.
 */
export function calibrate(
  configured: Thresholds,
  decided: readonly { decision: string; probability: number }[],
): Thresholds {
  let automatic = configured.automatic;
  let review = configured.review;
  for (const d of decided) {
    if (d.decision === 'different' && d.probability >= automatic) automatic = d.probability + (1 - d.probability) / 2;
    if (d.decision === 'same' && d.probability < review) review = Math.max(0.05, d.probability * 0.9);
  }
  return { automatic: Math.max(automatic, review), review: Math.min(review, automatic) };
}
