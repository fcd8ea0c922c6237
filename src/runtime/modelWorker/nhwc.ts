/** The page's NCHW numbers (PyTorch's layout) as the model's NHWC input tensor. */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, phrase } from '../../core';
import { nchwToNhwc } from '../weights/load';

/**
 * NCHW values of `shape` ([N, C, H, W]) as an NHWC tensor (the caller disposes it). `values` may be the page's
 * shared memory: it is read before this returns.
 *
 * On WebAssembly the values cross into the backend as they are and its transpose kernel (C++) rearranges them:
 * no array is made on the way, which saves about a millisecond of a round trip. The other backends' transposes
 * are slower than one JavaScript pass (tfjs's CPU transpose works out each element's coordinates: about 15 ms
 * for a 224×224 picture), so there the values are rearranged here and handed over once.
 */
export function nchwInput(values: Float32Array | ArrayLike<number>, shape: readonly number[]): tf.Tensor4D {
  const [n, c, h, w] = shape;
  if (shape.length !== 4 || values.length !== n * c * h * w) {
    throw new PhraseError(phrase('{count} values do not make an input of shape [{shape}]', { count: values.length, shape: shape.join(', ') }), 'input-shape');
  }
  if (tf.getBackend() === 'wasm') return nchwToNhwc(values instanceof Float32Array ? values : Float32Array.from(values), [...shape]);
  return tf.tensor4d(nchwToNhwcValues(values, shape), [n, h, w, c]);
}

/** NCHW values rearranged as NHWC in one pass. */
function nchwToNhwcValues(values: ArrayLike<number>, shape: readonly number[]): Float32Array {
  const [n, c, h, w] = shape;
  const out = new Float32Array(values.length);
  const hw = h * w;
  for (let b = 0; b < n; b++) {
    const base = b * c * hw;
    for (let ch = 0; ch < c; ch++) {
      const from = base + ch * hw;
      for (let i = 0; i < hw; i++) out[base + i * c + ch] = values[from + i];
    }
  }
  return out;
}
