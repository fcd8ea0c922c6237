import { describe, expect, it } from 'vitest';
import { CONFIRM, K, MIN_STEPS, compareLosses } from './compare';
import { batchNoise, smooth, smoothedNoiseFactor } from './smoothing';
import { curve, normals } from './syntheticCurves';


describe('smooth', () => {
  it('is a debiased moving average: the first point stays, a constant stays, a step is approached', () => {
    expect(smooth([])).toEqual([]);
    expect(smooth([3])).toEqual([3]);
    expect(smooth([2, 2, 2, 2]).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
    // avg = 0.5·0 + 0.5·10 = 5 over a weight of 0.5 + 0.25 = 0.75: 20/3.
    expect(smooth([0, 10], 0.5)[1]).toBeCloseTo(20 / 3, 10);
    expect(smooth([1, 5, 9], 0)).toEqual([1, 5, 9]);
  });

  it('has the noise factor of its weights: √Σa² / Σa, 1 for one value, √((1 − w)/(1 + w)) in the long run', () => {
    for (const n of [1, 2, 7, 30, 200]) {
      const a = Array.from({ length: n }, (_, k) => 0.9 ** k);
      const direct = Math.sqrt(a.reduce((s, x) => s + x * x, 0)) / a.reduce((s, x) => s + x, 0);
      expect(smoothedNoiseFactor(n)).toBeCloseTo(direct, 12);
    }
    expect(smoothedNoiseFactor(1)).toBeCloseTo(1, 12);
    expect(smoothedNoiseFactor(10_000)).toBeCloseTo(Math.sqrt(0.1 / 1.9), 12);
    // And it is what the smoothed value of pure noise actually spreads by (5,000 draws).
    const z = normals(7);
    const ends = Array.from({ length: 5000 }, () => smooth(Array.from({ length: 25 }, z)).at(-1)!);
    const sd = Math.sqrt(ends.reduce((s, x) => s + x * x, 0) / ends.length);
    expect(sd / smoothedNoiseFactor(25)).toBeGreaterThan(0.95);
    expect(sd / smoothedNoiseFactor(25)).toBeLessThan(1.05);
  });

  it('measures batch noise from successive differences, blind to a smooth trend', () => {
    const flat = curve(2000, () => 1, 0.2, 1);
    const falling = curve(2000, (t) => 2.3 * Math.exp(-t / 300), 0.2, 1);
    expect(batchNoise(flat, 2000)).toBeGreaterThan(0.19);
    expect(batchNoise(flat, 2000)).toBeLessThan(0.21);
    expect(Math.abs(batchNoise(falling, 2000) - batchNoise(flat, 2000))).toBeLessThan(0.002);
    expect(batchNoise([1])).toBeNaN();
    // Only the latest window counts: a noisy start is forgotten.
    const calmed = [...curve(100, () => 1, 1, 2), ...curve(100, () => 1, 0.1, 3)];
    expect(batchNoise(calmed, 50)).toBeLessThan(0.15);
  });
});

describe('compareLosses', () => {
  it('gives no verdict before MIN_STEPS, and says how many more steps it needs', () => {
    // The case: 2.30 against 2.28 at step 17.
    const a = curve(17, () => 2.3, 0.05, 1);
    const b = curve(17, () => 2.28, 0.05, 2);
    const c = compareLosses(a, b);
    expect(c).toMatchObject({ state: 'early', step: 17, lower: null, moreSteps: MIN_STEPS - 17 });
    // Even a huge gap waits for the noise to be measurable.
    expect(compareLosses(curve(5, () => 3, 0.01, 1), curve(5, () => 1, 0.01, 2)).state).toBe('early');
  });

  it('calls a small gap inside the noise even, quoting the smoothed losses and the margin', () => {
    const a = curve(60, () => 2.3, 0.1, 1);
    const b = curve(60, () => 2.28, 0.1, 2);
    const c = compareLosses(a, b);
    expect(c.state).toBe('even');
    expect(c.a).toBeCloseTo(smooth(a).at(-1)!, 12);
    expect(c.b).toBeCloseTo(smooth(b).at(-1)!, 12);
    expect(c.diff).toBeCloseTo(c.a - c.b, 12);
    expect(c.margin).toBeCloseTo(K * c.noise, 12);
    expect(Math.abs(c.diff)).toBeLessThanOrEqual(c.margin);
  });

  it('calls a clear gap apart, the lower run named', () => {
    const a = curve(40, (t) => 2.3 - 0.005 * t, 0.1, 1);
    const b = curve(40, (t) => 2.3 - 0.03 * t, 0.1, 2);
    const c = compareLosses(a, b);
    expect(c).toMatchObject({ state: 'apart', lower: 'b', moreSteps: null });
    expect(c.diff).toBeGreaterThan(c.margin);
    expect(compareLosses(b, a)).toMatchObject({ state: 'apart', lower: 'a' });
  });

  it(`needs the gap beyond the margin ${CONFIRM} steps in a row`, () => {
    // Noise-free but for a tiny wiggle: the gap jumps beyond the margin only at the very last step.
    const base = curve(60, () => 2, 0.05, 1);
    const other = base.map((v, i) => v + (i === 59 ? 3 : 0));
    const c = compareLosses(other, base);
    expect(Math.abs(c.diff)).toBeGreaterThan(c.margin);
    expect(c.state).toBe('even');
  });

  it('estimates the steps a widening gap needs, and none for a steady one', () => {
    const a = curve(40, (t) => 2.3 - 0.001 * t, 0.3, 1);
    const b = curve(40, (t) => 2.3 - 0.004 * t, 0.3, 2);
    const c = compareLosses(a, b);
    expect(c.state).toBe('even');
    expect(c.moreSteps).toBeGreaterThan(0);
    const flat = compareLosses(curve(40, () => 2, 0.3, 1), curve(40, () => 2, 0.3, 3));
    if (flat.state === 'even' && flat.moreSteps !== null) expect(flat.moreSteps).toBeGreaterThan(0);
  });

  it('rarely calls two equally good runs apart: under 1% of their steps over 12 pairs of 600 steps', () => {
    let apart = 0;
    let judged = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const trend = (t: number) => 0.4 + 1.9 * Math.exp(-t / 150);
      const a = curve(600, trend, 0.25, seed);
      const b = curve(600, trend, 0.25, 1000 + seed);
      for (let n = MIN_STEPS; n <= 600; n += 7) {
        judged++;
        if (compareLosses(a.slice(0, n), b.slice(0, n)).state === 'apart') apart++;
      }
    }
    expect(apart / judged).toBeLessThan(0.01);
  });

  it('compares at the common step and cancels noise the runs share (the same batches)', () => {
    const shared = curve(80, () => 0, 0.5, 9);
    const a = curve(80, () => 2.0, 0.05, 1).map((v, i) => v + shared[i]);
    const b = curve(79, () => 1.9, 0.05, 2).map((v, i) => v + shared[i]);
    const c = compareLosses(a, b);
    expect(c.step).toBe(79);
    // A gap of 0.1 is far beyond the noise of the difference (σ ≈ 0.07), though each curve's own noise is 0.5.
    expect(c).toMatchObject({ state: 'apart', lower: 'b' });
  });
});
