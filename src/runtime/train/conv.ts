/**
 * A 2-D convolution (NHWC input, HWIO filter, symmetric padding as PyTorch's) and its gradients, each a
 * forward `Conv2D` (XNNPACK's fast kernel on WebAssembly): the WebAssembly backend has no
 * `Conv2DBackpropFilter`, so the filter gradient is a convolution with the batch as channels; the input
 * gradient is a stride-1 convolution of the spread `dy` with the filter turned 180°.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ConvGeometry {
  stride: number;
  padding: number;
}

const explicitPad = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

/**
 * The filter gradient of a convolution, itself computed as a convolution (XNNPACK's fast kernel): with the
 * batch as channels, the padded input [Cin, H, W, N] correlated with dy as a filter [Ho, Wo, N, Cout], dilated
 * by the stride, gives [Cin, k, k, Cout] — dW[a, b, i, o] = Σ x[n, y·s + a − p, x·s + b − p, i]·dy[n, y, x, o].
 */
export function convFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, { stride, padding }: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, cin] = x.shape;
    const [, ho, wo] = dy.shape;
    let xt = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
    const f = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    // Rows the forward pass never reached (floor division) come off the bottom and right padding, or the input.
    const afterH = padding - (h + 2 * padding - kernel - (ho - 1) * stride);
    const afterW = padding - (w + 2 * padding - kernel - (wo - 1) * stride);
    if (afterH < 0 || afterW < 0) xt = tf.slice(xt, [0, 0, 0, 0], [cin, h + Math.min(0, afterH), w + Math.min(0, afterW), -1]);
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [padding, Math.max(0, afterH)], [padding, Math.max(0, afterW)], [0, 0]];
    const out = tf.conv2d(xt, f, 1, pad, 'NHWC', stride);
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

const MAX_CHUNK = 1024;

/** The largest divisor of `rows` up to MAX_CHUNK (all of them when no divisor is reasonably large). */
export function chunkRows(rows: number): number {
  if (rows <= MAX_CHUNK) return rows;
  for (let c = MAX_CHUNK; c >= 64; c--) if (rows % c === 0) return c;
  return rows;
}

/** The forward convolution; groups > 1 as one convolution per group. */
export function convForward(x: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry, groups = 1): tf.Tensor4D {
  if (groups === 1) return tf.conv2d(x, filter, geometry.stride, explicitPad(geometry.padding));
  const { xs, fs } = splitGroups(x, filter, groups);
  return tf.concat(xs.map((xg, g) => tf.conv2d(xg, fs[g], geometry.stride, explicitPad(geometry.padding))), 3);
}

function splitGroups(x: tf.Tensor4D, filter: tf.Tensor4D, groups: number) {
  return { xs: tf.split(x, groups, 3) as tf.Tensor4D[], fs: tf.split(filter, groups, 3) as tf.Tensor4D[] };
}

/** `dy` [N, Ho, Wo, C] onto every s-th row and column of [N, Ho·s, Wo·s, C], zeros between (one pad, no slices). */
export function spreadStrided(dy: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (stride === 1) return dy;
  const [n, ho, wo, c] = dy.shape;
  return tf.reshape(tf.pad(tf.reshape(dy, [n, ho, 1, wo, 1, c]), [[0, 0], [0, 0], [0, stride - 1], [0, 0], [0, stride - 1], [0, 0]]), [n, ho * stride, wo * stride, c]);
}

/**
 * The input gradient of a stride-s convolution, as a stride-1 convolution (XNNPACK's fast kernel rather than a
 * transposed convolution): dy spread onto every s-th row and column, padded by k−1−p before, correlated with
 * the filter turned 180° and with its in and out channels swapped.
 */
export function convInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: [number, number, number, number], { stride, padding }: ConvGeometry): tf.Tensor4D {
  const [n, h, w] = xShape;
  const [, ho, wo, c] = dy.shape;
  const k = filter.shape[0];
  let spread = spreadStrided(dy, stride);
  const before = k - 1 - padding;
  let afterH = h - ho * stride + padding;
  let afterW = w - wo * stride + padding;
  // The forward pass may have dropped trailing rows of its output grid (floor division): trim the spread.
  if (afterH < 0 || afterW < 0) {
    spread = tf.slice(spread, [0, 0, 0, 0], [n, ho * stride + Math.min(0, afterH), wo * stride + Math.min(0, afterW), c]);
    afterH = Math.max(0, afterH);
    afterW = Math.max(0, afterW);
  }
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  if (before < 0) throw new Error(`padding ${padding} larger than kernel ${k} − 1 is not supported in training`);
  return tf.conv2d(spread, flipped, 1, [
    [0, 0],
    [before, afterH],
    [before, afterW],
    [0, 0],
  ]);
}

/**
 * The gradients of a convolution from its output's gradient `dy`: the filter's (always) and the input's
 * (skipped for the network's input, which needs none).
 */
export function convBackward(x: tf.Tensor4D, filter: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvGeometry, groups: number, needDx: boolean): { dx?: tf.Tensor4D; dw: tf.Tensor4D } {
  const kernel = filter.shape[0];
  return tf.tidy(() => {
    if (groups === 1) {
      return { dw: convFilterGrad(x, dy, kernel, geometry), dx: needDx ? convInputGrad(dy, filter, x.shape, geometry) : undefined };
    }
    const { xs, fs } = splitGroups(x, filter, groups);
    const dys = tf.split(dy, groups, 3) as tf.Tensor4D[];
    const dw = tf.concat(xs.map((xg, g) => convFilterGrad(xg, dys[g], kernel, geometry)), 3);
    const dx = needDx ? tf.concat(dys.map((dg, g) => convInputGrad(dg, fs[g], xs[g].shape, geometry)), 3) : undefined;
    return { dx, dw };
  }) as { dx?: tf.Tensor4D; dw: tf.Tensor4D };
}
