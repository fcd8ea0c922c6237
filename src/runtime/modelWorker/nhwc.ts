/** The page's NCHW numbers (PyTorch's layout) as the model's NHWC input tensor. */
import type * as tf from '@tensorflow/tfjs-core';
import { PhraseError, phrase } from '../../core';
import { nchwToNhwc } from '../weights/load';

/**
 * NCHW values of `shape` ([N, C, H, W]) as an NHWC tensor (the caller disposes it). The values cross into the
 * backend as they are and the backend's transpose rearranges them: no JavaScript loop, and no array made on the
 * way (`values` may be the page's shared memory; it is read before this returns).
 */
export function nchwInput(values: Float32Array | ArrayLike<number>, shape: readonly number[]): tf.Tensor4D {
  const [n, c, h, w] = shape;
  if (shape.length !== 4 || values.length !== n * c * h * w) {
    throw new PhraseError(phrase('{count} values do not make an input of shape [{shape}]', { count: values.length, shape: shape.join(', ') }), 'input-shape');
  }
  return nchwToNhwc(values instanceof Float32Array ? values : Float32Array.from(values), [...shape]);
}
