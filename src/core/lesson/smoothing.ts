/**
 * The Train tab's smoothed loss and how noisy it is. Pure arithmetic on a run's batch losses (one per step).
 *
 * The smoothed loss is the debiased exponential moving average the loss chart draws in bold (as TensorBoard
 * smooths: the first value is the first point, a constant series stays constant). Its noise: a batch loss is
 * the run's trend plus batch-to-batch noise of standard deviation σ; σ is estimated from successive
 * differences, σ² ≈ mean((xₜ − xₜ₋₁)²) / 2 over the latest NOISE_WINDOW steps (residuals around the local
 * trend: a smooth trend adds only its slope², far below the noise, to each difference), and the debiased moving
 * average of n such values has standard deviation σ · smoothedNoiseFactor(n) (0.23 σ once n is large).
 */

/** The moving average's weight: the chart's, so the verdict speaks of the bold lines on screen. */
export const SMOOTHING = 0.9;

/** Steps of recent history the noise is estimated from. */
export const NOISE_WINDOW = 30;

/** Debiased exponential moving average; `weight` 0 is no smoothing. */
export function smooth(values: readonly number[], weight = SMOOTHING): number[] {
  const out: number[] = [];
  let avg = 0;
  let norm = 0;
  for (const v of values) {
    avg = weight * avg + (1 - weight) * v;
    norm = weight * norm + (1 - weight);
    out.push(avg / norm);
  }
  return out;
}

/** The last value of `smooth` over the first n values (no array). */
export function smoothedLast(values: readonly number[], n = values.length, weight = SMOOTHING): number {
  let avg = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    avg = weight * avg + (1 - weight) * values[i];
    norm = weight * norm + (1 - weight);
  }
  return avg / norm;
}

/**
 * The standard deviation of the debiased moving average of n independent values of standard deviation 1:
 * √(Σ aₖ²) / Σ aₖ with aₖ = wᵏ, k < n, that is √((1 − w²ⁿ) / (1 − w²)) · (1 − w) / (1 − wⁿ).
 */
export function smoothedNoiseFactor(n: number, weight = SMOOTHING): number {
  if (n <= 0) return NaN;
  if (weight === 0) return 1;
  return (Math.sqrt((1 - weight ** (2 * n)) / (1 - weight * weight)) * (1 - weight)) / (1 - weight ** n);
}

/**
 * σ of a series' batch-to-batch noise from its latest `window` successive differences before index `end`
 * (NaN with fewer than 2 values).
 */
export function batchNoise(values: readonly number[], window = NOISE_WINDOW, end = values.length): number {
  const from = Math.max(1, end - window);
  let sum = 0;
  let count = 0;
  for (let t = from; t < end; t++) {
    const d = values[t] - values[t - 1];
    sum += d * d;
    count++;
  }
  return count === 0 ? NaN : Math.sqrt(sum / count / 2);
}
