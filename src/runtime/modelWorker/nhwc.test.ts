import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { english, PhraseError } from '../../core';
import { useNodeBackend } from '../backends/node';
import { nchwInput } from './nhwc';

describe('NCHW to NHWC', () => {
  // WebAssembly transposes in its kernel, the CPU backend gets the values rearranged in JavaScript.
  it.each(['wasm', 'cpu'] as const)('on %s, puts each channel of a pixel side by side, for every picture of a batch, in a tensor the caller owns', async (backend) => {
    expect(await useNodeBackend(backend)).toBe(backend);
    // Two pictures, 3 channels, 2×2: the value says where it came from (b, c, y, x).
    const shape = [2, 3, 2, 2];
    const nchw = Float32Array.from({ length: 24 }, (_, i) => i);
    const before = tf.memory().numTensors;
    const x = nchwInput(nchw, shape);
    expect(x.shape).toEqual([2, 2, 2, 3]);
    const nhwc = x.dataSync();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (let b = 0; b < 2; b++)
      for (let y = 0; y < 2; y++)
        for (let x = 0; x < 2; x++)
          for (let c = 0; c < 3; c++) expect(nhwc[((b * 2 + y) * 2 + x) * 3 + c]).toBe(nchw[((b * 3 + c) * 2 + y) * 2 + x]);
  });

  it('refuses values that do not fill the shape, saying so', () => {
    let error: unknown = null;
    try {
      nchwInput(new Float32Array(10), [1, 3, 2, 2]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhraseError);
    expect(english((error as PhraseError).phrase)).toBe('10 values do not make an input of shape [1, 3, 2, 2]');
  });
});
