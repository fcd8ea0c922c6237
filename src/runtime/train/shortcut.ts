/** Option A's parameter-free shortcut (He et al. 2016) for training: forward and gradient on NHWC. */
import * as tf from '@tensorflow/tfjs-core';
import type { ZeroPadShortcut } from '../../core';
import { convInputGrad } from './conv';

/**
 * Option A's shortcut as a 1×1 convolution of stride s whose filter [1, 1, C, C + before + after] is the
 * identity between `before` and `after` zero columns: `x[:, ::s, ::s, :]` with the new channels zero, in one
 * XNNPACK kernel (a strided slice and a channel pad are slow generic loops on WebAssembly). Exact: each output
 * is one input times 1 plus zeros.
 */
function zeroPadFilter(channels: number, pad: ZeroPadShortcut): tf.Tensor4D {
  return tf.reshape(tf.pad(tf.eye(channels), [[0, 0], [pad.before, pad.after]]), [1, 1, channels, channels + pad.before + pad.after]);
}

export function zeroPadForward(x: tf.Tensor4D, pad: ZeroPadShortcut): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(x, zeroPadFilter(x.shape[3], pad), pad.stride, 'valid'));
}

/**
 * Its gradient: the input gradient of that convolution (the old channels of `dy` put back on every s-th row
 * and column, zeros between), exact for the same reason.
 */
export function zeroPadBackward(dy: tf.Tensor4D, pad: ZeroPadShortcut, inShape: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inShape;
    return convInputGrad(dy, zeroPadFilter(c, pad), [n, h, w, c], { stride: pad.stride, padding: 0 });
  });
}
