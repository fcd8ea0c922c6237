/**
 * A 2-D convolution (NHWC input, HWIO filter, symmetric padding as PyTorch's) and its gradients, with only
 * kernels every backend has. The WebAssembly backend has no `Conv2DBackpropFilter`, so the filter gradient is
 * computed as one matrix product: the padded input's kh×kw shifted (and strided) views are concatenated along
 * channels, an im2col matrix [N·Ho·Wo, kh·kw·Cin] whose columns are ordered exactly like HWIO's rows, and
 * dW = colsᵀ · dy. The input gradient is the transposed convolution (`Conv2DBackpropInput`), which all have.
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

/** The filter gradient of a convolution: Σ over taps of view(x)ᵀ·dy, as one matMul over im2col columns. */
export function convFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, { stride, padding }: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, , , cin] = x.shape;
    const [, ho, wo, cout] = dy.shape;
    const xp = padding > 0 ? tf.pad(x, explicitPad(padding)) : x;
    const views: tf.Tensor[] = [];
    for (let i = 0; i < kernel; i++) {
      for (let j = 0; j < kernel; j++) {
        const end = [n, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, cin];
        views.push(stride === 1 && kernel === 1 && padding === 0 ? xp : tf.stridedSlice(xp, [0, i, j, 0], end, [1, stride, stride, 1]));
      }
    }
    const cols = views.length === 1 ? views[0] : tf.concat(views, 3);
    // Summing tens of thousands of products in float32 loses digits (the gradient of a conv before a batch
    // norm is a small difference of large sums): reduce in chunks of at most 1024 rows, then add the chunks.
    const rows = n * ho * wo;
    const chunk = chunkRows(rows);
    const k = kernel * kernel * cin;
    const partial = tf.matMul(tf.reshape(cols, [rows / chunk, chunk, k]), tf.reshape(dy, [rows / chunk, chunk, cout]), true, false);
    return tf.reshape(tf.sum(partial, 0), [kernel, kernel, cin, cout]);
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

/**
 * The gradients of a convolution from its output's gradient `dy`: the filter's (always) and the input's
 * (the transposed convolution; skipped for the network's input, which needs none).
 */
export function convBackward(x: tf.Tensor4D, filter: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvGeometry, groups: number, needDx: boolean): { dx?: tf.Tensor4D; dw: tf.Tensor4D } {
  const kernel = filter.shape[0];
  const inputGrad = (g: tf.Tensor4D, f: tf.Tensor4D, shape: [number, number, number, number]) =>
    tf.conv2dTranspose(g, f, shape, geometry.stride, explicitPad(geometry.padding));
  if (groups === 1) {
    return { dw: convFilterGrad(x, dy, kernel, geometry), dx: needDx ? inputGrad(dy, filter, x.shape) : undefined };
  }
  const { xs, fs } = splitGroups(x, filter, groups);
  const dys = tf.split(dy, groups, 3) as tf.Tensor4D[];
  const dw = tf.concat(xs.map((xg, g) => convFilterGrad(xg, dys[g], kernel, geometry)), 3);
  const dx = needDx ? tf.concat(dys.map((dg, g) => inputGrad(dg, fs[g], xs[g].shape)), 3) : undefined;
  return { dx, dw };
}
