/**
 * The hand-written convolution gradients (a dilated convolution for the filter, the polyphase stride-1
 * convolution for the input) against TensorFlow.js's own autodiff gradient on the CPU backend, which has Conv2DBackpropFilter.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { useNodeBackend as selectBackend } from '../backends/node';
import { convBackward } from './conv';
import { relativeError } from '../../../tests/parity';

// [batch, size, kernel, stride, padding, in, out, groups]
const CASES: [number, number, number, number, number, number, number, number][] = [
  [2, 28, 3, 1, 1, 4, 8, 1],
  [2, 28, 3, 2, 1, 4, 8, 1],
  [3, 7, 3, 2, 1, 3, 5, 1],
  [2, 14, 1, 2, 0, 4, 8, 1],
  [2, 15, 1, 2, 0, 4, 8, 1],
  [1, 9, 7, 2, 3, 1, 6, 1],
  [2, 11, 3, 1, 1, 8, 8, 4],
  [2, 10, 3, 2, 1, 4, 6, 2],
  // Polyphase input gradients of uneven geometries: phases with no taps, rows the forward never reached.
  [2, 11, 5, 3, 2, 3, 4, 1],
  [1, 9, 2, 2, 0, 2, 3, 1],
  [2, 8, 3, 3, 0, 2, 2, 1],
];

describe('convolution gradients without Conv2DBackpropFilter', () => {
  it.each(CASES)('batch %i, %i² input, kernel %i stride %i padding %i, %i→%i channels, %i groups', async (n, size, k, s, p, cin, cout, groups) => {
    await selectBackend('cpu');
    const x = tf.randomNormal([n, size, size, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([k, k, cin / groups, cout], 0, 1, 'float32', 2) as tf.Tensor4D;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [p, p], [p, p], [0, 0]];
    // A loss whose gradient is not uniform: Σ y² / 2, so dy = y.
    const forward = (a: tf.Tensor4D, b: tf.Tensor4D) => {
      if (groups === 1) return tf.conv2d(a, b, s, pad);
      const xs = tf.split(a, groups, 3) as tf.Tensor4D[];
      const ws = tf.split(b, groups, 3) as tf.Tensor4D[];
      return tf.concat(xs.map((xg, g) => tf.conv2d(xg, ws[g], s, pad)), 3);
    };
    const [refDx, refDw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.div(tf.sum(tf.square(forward(a as tf.Tensor4D, b as tf.Tensor4D))), 2))([x, w]);
    const expected = { dx: refDx.dataSync().slice(), dw: refDw.dataSync().slice() };
    const xv = x.dataSync().slice();
    const wv = w.dataSync().slice();
    const dyv = forward(x, w).dataSync().slice();
    const dyShape = forward(x, w).shape;
    for (const backend of ['cpu', 'wasm'] as const) {
      await selectBackend(backend);
      const before = tf.memory().numTensors;
      const xb = tf.tensor4d(xv, x.shape);
      const wb = tf.tensor4d(wv, w.shape);
      const dy = tf.tensor4d(dyv, dyShape as [number, number, number, number]);
      const { dx, dw } = convBackward(xb, wb, dy, { stride: s, padding: p }, groups, true);
      expect(dx!.shape).toEqual(x.shape);
      expect(dw.shape).toEqual(w.shape);
      expect(relativeError(dx!.dataSync(), expected.dx), `${backend} dx`).toBeLessThan(1e-5);
      expect(relativeError(dw.dataSync(), expected.dw), `${backend} dw`).toBeLessThan(1e-5);
      tf.dispose([xb, wb, dy, dx!, dw]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
