/**
 * Option A's shortcut as a 1×1 convolution, against what it stands for — `x[:, ::s, ::s, :]` then zero
 * channels before and after — and that expression's autodiff gradient, on the CPU backend, for even and odd
 * sizes: equal to the last bit (each output is one input times 1 plus zeros).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { useNodeBackend as selectBackend } from '../backends/node';
import { zeroPadBackward, zeroPadForward } from './shortcut';

// [batch, size, channels, stride, before, after]
const CASES: [number, number, number, number, number, number][] = [
  [2, 8, 3, 2, 2, 3],
  [2, 7, 4, 2, 2, 2],
  [1, 5, 2, 1, 1, 0],
];

describe("option A's zero-pad shortcut", () => {
  it.each(CASES)('batch %i, %i² input, %i channels, stride %i, %i zero channels before and %i after', async (n, size, c, stride, before, after) => {
    await selectBackend('cpu');
    const start = tf.memory().numTensors;
    const x = tf.randomNormal([n, size, size, c], 0, 1, 'float32', 3) as tf.Tensor4D;
    const pad = { stride, before, after };
    // x[:, ::s, ::s, :] as two gathers (StridedSlice has no gradient in TensorFlow.js).
    const kept = tf.range(0, size, stride, 'int32');
    const reference = (t: tf.Tensor4D) => tf.tidy(() => tf.pad(tf.gather(tf.gather(t, kept, 1), kept, 2), [[0, 0], [0, 0], [0, 0], [before, after]]) as tf.Tensor4D);
    const y = zeroPadForward(x, pad);
    const want = reference(x);
    expect(y.shape).toEqual(want.shape);
    expect(Array.from(y.dataSync())).toEqual(Array.from(want.dataSync()));

    const dy = tf.randomNormal(want.shape, 0, 1, 'float32', 4) as tf.Tensor4D;
    const dx = zeroPadBackward(dy, pad, x.shape);
    const wantDx = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t as tf.Tensor4D), dy)))(x));
    expect(dx.shape).toEqual(x.shape);
    expect(Array.from(dx.dataSync())).toEqual(Array.from(wantDx.dataSync()));
    expect(Array.from(dx.dataSync()).some((v) => v !== 0)).toBe(true);
    tf.dispose([x, kept, y, want, dy, dx, wantDx]);
    expect(tf.memory().numTensors).toBe(start);
  });
});
