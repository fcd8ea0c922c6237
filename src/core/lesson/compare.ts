/**
 * Is one run's smoothed training loss above another's beyond the noise? The rule the Train tab's verdict and
 * explanation use, and the referee (bench/lessonReferee.ts) applies to PyTorch's curves:
 *
 * - compare at equal steps (every run trains on the same batches in the same order, so equal steps are equal
 *   images): the two runs' batch losses over their common steps 1…n;
 * - their difference dₜ = aₜ − bₜ, smoothed as the chart smooths each curve: D = smooth(d)ₙ, which is exactly
 *   the difference of the two bold curves at step n;
 * - its noise: σ of dₜ from successive differences over the latest NOISE_WINDOW steps (the paired difference,
 *   so a batch that is hard for both runs cancels), times the moving average's factor;
 * - a difference counts only when |D| > K × that noise, the same way round, at each of the last CONFIRM steps,
 *   and n ≥ MIN_STEPS; before MIN_STEPS it is too early (the noise cannot be measured yet); otherwise the runs
 *   are even as far as the data can tell. (Requiring a few steps in a row keeps a gap that only grazes the
 *   margin from making the verdict flicker.)
 */
import { NOISE_WINDOW, SMOOTHING, batchNoise, smooth, smoothedLast, smoothedNoiseFactor } from './smoothing';

/** How many noise standard deviations a difference must exceed (3: a chance difference does so 0.3 % of the time). */
export const K = 3;

/** Steps before any verdict: enough differences to measure the noise, and the first fall of the loss behind. */
export const MIN_STEPS = 20;

/** Steps in a row a gap must stay beyond the margin before it counts. */
export const CONFIRM = 5;

/** Steps over which the gap's trend is read to say roughly how many more steps a verdict needs. */
const TREND_STEPS = 10;

/** The longest wait worth quoting: beyond it the panel says only that no verdict is in sight. */
const FURTHEST = 2000;

export type ComparisonState = 'early' | 'even' | 'apart';

export interface Comparison {
  state: ComparisonState;
  /** The common step the runs are compared at. */
  step: number;
  /** Smoothed losses at that step. */
  a: number;
  b: number;
  /** a − b (smoothed). */
  diff: number;
  /** The standard deviation of `diff` from batch-to-batch noise. */
  noise: number;
  /** K × noise: what |diff| must exceed. */
  margin: number;
  /** Which run's smoothed loss is lower, once they are apart. */
  lower: 'a' | 'b' | null;
  /**
   * Roughly how many more steps a verdict needs: to MIN_STEPS when early; when even, at the rate the gap has
   * been widening over the last steps (null when it is not widening, or would take more than 2,000 steps).
   */
  moreSteps: number | null;
}

/** The comparison of two runs' batch losses (index k is step k + 1) at their common step. */
export function compareLosses(a: readonly number[], b: readonly number[]): Comparison {
  const n = Math.min(a.length, b.length);
  const d: number[] = [];
  for (let t = 0; t < n; t++) d.push(a[t] - b[t]);
  const sa = n ? smoothedLast(a, n) : NaN;
  const sb = n ? smoothedLast(b, n) : NaN;
  const sd = smooth(d);
  const diff = n ? sd.at(-1)! : NaN;
  const noiseAt = (t: number) => batchNoise(d, NOISE_WINDOW, t) * smoothedNoiseFactor(t, SMOOTHING);
  const noise = noiseAt(n);
  const margin = K * noise;
  const base = { step: n, a: sa, b: sb, diff, noise, margin };
  if (n < MIN_STEPS || !Number.isFinite(margin) || !Number.isFinite(diff)) {
    return { ...base, state: 'early', lower: null, moreSteps: Math.max(1, MIN_STEPS - n) };
  }
  // Beyond the margin, the same way round, at each of the last CONFIRM steps (each with its own noise).
  let beyond = true;
  for (let t = n; t > n - CONFIRM && beyond; t--) beyond = Math.sign(sd[t - 1]) === Math.sign(diff) && Math.abs(sd[t - 1]) > K * noiseAt(t);
  if (beyond) return { ...base, state: 'apart', lower: diff > 0 ? 'b' : 'a', moreSteps: null };
  // Widening: |D| grew over the last steps; at that rate, when would it pass the margin?
  const back = sd[Math.max(0, n - 1 - TREND_STEPS)];
  const rate = (Math.abs(diff) - Math.abs(back)) / Math.min(TREND_STEPS, n - 1);
  const more = rate > 0 ? Math.ceil((margin - Math.abs(diff)) / rate) : Infinity;
  return { ...base, state: 'even', lower: null, moreSteps: more <= FURTHEST ? Math.max(1, more) : null };
}
