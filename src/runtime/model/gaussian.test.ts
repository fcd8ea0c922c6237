import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { normalValues } from './gaussian';

describe('seeded normal numbers', () => {
  it('are N(0, std²): mean, spread, tails and symmetry of a million draws', () => {
    const n = 1_000_000;
    const x = normalValues(n, 2, 7);
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    let negative = 0;
    for (const v of x) {
      sum += v;
      sq += v * v;
      if (Math.abs(v) > 4) beyond2++; // |z| > 2
      if (v < 0) negative++;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sq / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 2)).toBeLessThan(0.01);
    // P(|z| > 2) = 0.0455 for a normal distribution.
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.002);
    expect(Math.abs(negative / n - 0.5)).toBeLessThan(0.002);
  });

  it('repeat for a seed and differ between seeds; every value is finite', () => {
    expect(normalValues(1000, 1, 3)).toEqual(normalValues(1000, 1, 3));
    expect(normalValues(1000, 1, 3)).not.toEqual(normalValues(1000, 1, 4));
    expect(normalValues(1001, 1, 5).every(Number.isFinite)).toBe(true);
  });

  it("has the spread of tfjs's randomNormal", async () => {
    await tf.setBackend('cpu');
    const theirs = tf.randomNormal([100_000], 0, 1, 'float32', 1);
    const t = tf.moments(theirs);
    const ours = tf.tensor(normalValues(100_000, 1, 1));
    const o = tf.moments(ours);
    expect(Math.abs((await o.variance.data())[0] - (await t.variance.data())[0])).toBeLessThan(0.03);
    tf.dispose([theirs, t.mean, t.variance, ours, o.mean, o.variance]);
  });
});
