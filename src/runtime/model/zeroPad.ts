/** The parameter-free shortcut of He et al.'s option A, shared by the layer-by-layer pass and the fast path. */
import * as tf from '@tensorflow/tfjs-core';
import type { ZeroPadShortcut } from '../../core';

/** Option A's shortcut on NHWC: `x[:, ::s, ::s, :]`, then the new channels as zeros, before and after the old. */
export function zeroPad(x: tf.Tensor4D, pad: ZeroPadShortcut): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const s = pad.stride;
    const sub = s === 1 ? x : tf.stridedSlice(x, [0, 0, 0, 0], [n, h, w, c], [1, s, s, 1]);
    return tf.pad(sub as tf.Tensor4D, [[0, 0], [0, 0], [0, 0], [pad.before, pad.after]]);
  });
}
