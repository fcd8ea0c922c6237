/** The page's NCHW numbers (PyTorch's layout) as the model's NHWC, in plain JavaScript: one pass, no tensor. */
import { PhraseError, phrase } from '../../core';

/**
 * NCHW values of `shape` ([N, C, H, W]) rearranged as NHWC. A plain loop rather than a transpose kernel on the
 * backend: the values cross into the backend once, already in place.
 */
export function nchwToNhwcValues(values: Float32Array | ArrayLike<number>, shape: readonly number[]): Float32Array {
  const [n, c, h, w] = shape;
  if (shape.length !== 4 || values.length !== n * c * h * w) {
    throw new PhraseError(phrase('{count} values do not make an input of shape [{shape}]', { count: values.length, shape: shape.join(', ') }), 'input-shape');
  }
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
