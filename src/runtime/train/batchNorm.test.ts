/**
 * Batch norm's pieces on WebAssembly and CPU: the channel means and sums (an average pool over windows of at
 * most 1024 values, then the windows' mean as a product with a row of ones; products with rows of ones for
 * rows wider than that) against float64 sums, and the channel-wise multiply-add (a depthwise 1×1
 * convolution) equal to the bit to a multiply then an add.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend, type NodeBackend } from '../backends/node';
import { channelAffine, channelMean, channelSum } from './batchNorm';
import { seededRandom } from './data';

describe.each(['wasm', 'cpu'] as NodeBackend[])('batch norm pieces on %s', (backend) => {
  it.each([
    [2, 16, 16, 3],
    [64, 28, 28, 5],
    // 37 rows (prime) of 29: windows of one row; rows wider than 1024: the fallback.
    [3, 37, 29, 4],
    [1, 3, 1100, 2],
  ])('[%i, %i, %i, %i]: each channel’s sum and mean within 1e-6 of float64’s (scaled by the sum of magnitudes)', async (n, h, w, c) => {
    await useNodeBackend(backend);
    const start = tf.memory().numTensors;
    const random = seededRandom(7);
    // A non-zero mean per channel, as activations have: the sum must not lose it.
    const values = Float32Array.from({ length: n * h * w * c }, (_, i) => 3 * (i % c) + random() - 0.5);
    const x = tf.tensor4d(values, [n, h, w, c]);
    const got = channelSum(x);
    const mean = channelMean(x);
    const sums = await got.data();
    const means = await mean.data();
    const count = n * h * w;
    for (let ch = 0; ch < c; ch++) {
      let exact = 0;
      let magnitude = 0;
      for (let i = ch; i < values.length; i += c) {
        exact += values[i];
        magnitude += Math.abs(values[i]);
      }
      expect(Math.abs(sums[ch] - exact) / magnitude).toBeLessThan(1e-6);
      expect(Math.abs(means[ch] - exact / count) / (magnitude / count)).toBeLessThan(1e-6);
    }
    tf.dispose([x, got, mean]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('multiplies and adds per channel exactly as a multiply then an add (and ReLU when asked)', async () => {
    await useNodeBackend(backend);
    const start = tf.memory().numTensors;
    const x = tf.randomNormal([4, 9, 7, 6], 0, 3, 'float32', 5) as tf.Tensor4D;
    const scale = tf.randomNormal([6], 0, 1, 'float32', 6) as tf.Tensor1D;
    const shift = tf.randomNormal([6], 0, 1, 'float32', 7) as tf.Tensor1D;
    const [fused, fusedRelu, plain, plainRelu] = tf.tidy(() => {
      const p = tf.add(tf.mul(x, scale), shift);
      return [channelAffine(x, scale, shift), channelAffine(x, scale, shift, true), p, tf.relu(p)];
    });
    expect(Array.from(fused.dataSync())).toEqual(Array.from(plain.dataSync()));
    expect(Array.from(fusedRelu.dataSync())).toEqual(Array.from(plainRelu.dataSync()));
    tf.dispose([x, scale, shift, fused, fusedRelu, plain, plainRelu]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
