/**
 * Batch norm's channel sums (products with rows of ones, in chunks of at most 1024 rows) against float64
 * sums, on WebAssembly and CPU: one stage (≤ 1024 rows) and two (50,176 rows, a ResNet-20 layer at batch 64).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend, type NodeBackend } from '../backends/node';
import { channelSum } from './batchNorm';
import { seededRandom } from './data';

describe.each(['wasm', 'cpu'] as NodeBackend[])('channel sums on %s', (backend) => {
  it.each([
    [2, 16, 16, 3],
    [64, 28, 28, 5],
  ])('[%i, %i, %i, %i]: each channel within 1e-6 of its float64 sum (scaled by the sum of magnitudes)', async (n, h, w, c) => {
    await useNodeBackend(backend);
    const start = tf.memory().numTensors;
    const random = seededRandom(7);
    // A non-zero mean per channel, as activations have: the sum must not lose it.
    const values = Float32Array.from({ length: n * h * w * c }, (_, i) => 3 * (i % c) + random() - 0.5);
    const x = tf.tensor4d(values, [n, h, w, c]);
    const got = channelSum(x);
    const sums = await got.data();
    for (let ch = 0; ch < c; ch++) {
      let exact = 0;
      let magnitude = 0;
      for (let i = ch; i < values.length; i += c) {
        exact += values[i];
        magnitude += Math.abs(values[i]);
      }
      expect(Math.abs(sums[ch] - exact) / magnitude).toBeLessThan(1e-6);
    }
    tf.dispose([x, got]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
