/**
 * A 2-D convolution (NHWC input, HWIO filter, symmetric padding as PyTorch's) and its gradients, each a
 * forward `Conv2D` (XNNPACK's fast kernel on WebAssembly): the WebAssembly backend has no
 * `Conv2DBackpropFilter`, so the filter gradient is a convolution with the batch as channels; the input
 * gradient is a stride-1 convolution of `dy` in polyphase form (`convInputGradPolyphase`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, phrase } from '../../core';

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

/**
 * The input gradient of a stride-s convolution in polyphase form: input row r = s·u + q (phase q) gets
 * Σ_t dy[u − t]·W[s·t + q + p] over the taps t that land inside the kernel, so every phase is a stride-1
 * correlation of `dy` itself with a sub-filter of W (a 1×1 one, a 2-tap one, … for k = 3, s = 2). All phases
 * run as one convolution whose output channels are the phases (their missing taps zeros), then interleave.
 * Against spreading `dy` onto every s-th row and column and convolving that (s² times the multiply-adds, and
 * a slow 6-D pad on WebAssembly), a stride-2 3×3 layer does 16/9 of the forward's multiply-adds; at stride 1
 * it is the usual correlation with the filter turned 180°.
 */
export interface InputGradPlan {
  /** Taps t run from tLo to tHi: the sub-filters are (tHi − tLo + 1)² and `dy` is padded by tHi before. */
  tLo: number;
  tHi: number;
  taps: number;
}

export function inputGradPlan(kernel: number, stride: number, padding: number): InputGradPlan {
  if (padding > kernel - 1) throw new PhraseError(phrase('Training cannot pad a convolution with a {kernel}×{kernel} kernel by {padding}: at most the kernel less one', { kernel, padding }), 'config');
  let tLo = Infinity;
  let tHi = -Infinity;
  for (let q = 0; q < stride; q++) {
    for (let t = -kernel; t <= kernel; t++) {
      const a = stride * t + q + padding;
      if (a < 0 || a >= kernel) continue;
      tLo = Math.min(tLo, t);
      tHi = Math.max(tHi, t);
    }
  }
  return { tLo, tHi, taps: tHi - tLo + 1 };
}

const filterIndexCache = new Map<string, Int32Array>();

/**
 * For the polyphase filter [taps, taps, Cout, s·s·Cin] (channel (q1·s + q2)·Cin + i), the index of each entry
 * in the HWIO filter [k, k, Cin, Cout] flattened, or k·k·Cin·Cout (one past its end: a zero) for a missing tap.
 */
export function inputGradFilterIndex(kernel: number, cin: number, cout: number, stride: number, padding: number): Int32Array {
  const key = `${kernel},${cin},${cout},${stride},${padding}`;
  const cached = filterIndexCache.get(key);
  if (cached) return cached;
  const { tHi, taps } = inputGradPlan(kernel, stride, padding);
  const zero = kernel * kernel * cin * cout;
  const index = new Int32Array(taps * taps * cout * stride * stride * cin);
  let o = 0;
  for (let j1 = 0; j1 < taps; j1++)
    for (let j2 = 0; j2 < taps; j2++)
      for (let co = 0; co < cout; co++)
        for (let q1 = 0; q1 < stride; q1++)
          for (let q2 = 0; q2 < stride; q2++)
            for (let ci = 0; ci < cin; ci++) {
              const a = stride * (tHi - j1) + q1 + padding;
              const b = stride * (tHi - j2) + q2 + padding;
              index[o++] = a >= 0 && a < kernel && b >= 0 && b < kernel ? ((a * kernel + b) * cin + ci) * cout + co : zero;
            }
  filterIndexCache.set(key, index);
  return index;
}

/** The polyphase filter of `filter` (HWIO) for its input gradient: one gather. */
export function inputGradFilter(filter: tf.Tensor4D, { stride, padding }: ConvGeometry): tf.Tensor4D {
  const [k, , cin, cout] = filter.shape;
  const { taps } = inputGradPlan(k, stride, padding);
  return tf.tidy(() => {
    const withZero = tf.concat([tf.reshape(filter, [-1]), tf.zeros([1])]);
    const index = tf.tensor1d(inputGradFilterIndex(k, cin, cout, stride, padding), 'int32');
    return tf.reshape(tf.gather(withZero, index), [taps, taps, cout, stride * stride * cin]);
  });
}

/**
 * The input gradient [N, H, W, Cin] of a convolution of kernel k, from `dy` and the polyphase filter
 * (`inputGradFilter`): one stride-1 convolution, then the phases interleaved (a 4-D transpose).
 */
export function convInputGradPolyphase(dy: tf.Tensor4D, gradFilter: tf.Tensor4D, xShape: [number, number, number, number], kernel: number, { stride, padding }: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, cin] = xShape;
    const [, ho, wo, c] = dy.shape;
    const { tLo, tHi } = inputGradPlan(kernel, stride, padding);
    const u = Math.ceil(h / stride);
    const v = Math.ceil(w / stride);
    let afterH = u - tLo - ho;
    let afterW = v - tLo - wo;
    let source = dy;
    // Rows of dy past what the phases reach (possible only for odd geometries) come off.
    if (afterH < 0 || afterW < 0) {
      source = tf.slice(dy, [0, 0, 0, 0], [n, ho + Math.min(0, afterH), wo + Math.min(0, afterW), c]);
      afterH = Math.max(0, afterH);
      afterW = Math.max(0, afterW);
    }
    const phases = tf.conv2d(source, gradFilter, 1, [
      [0, 0],
      [tHi, afterH],
      [tHi, afterW],
      [0, 0],
    ]);
    if (stride === 1) return phases;
    const interleaved = tf.reshape(tf.transpose(tf.reshape(phases, [n * u, v, stride, stride * cin]), [0, 2, 1, 3]), [n, u * stride, v * stride, cin]) as tf.Tensor4D;
    return u * stride === h && v * stride === w ? interleaved : tf.slice(interleaved, [0, 0, 0, 0], [n, h, w, cin]);
  });
}

/** The input gradient of a convolution with `filter` (HWIO): see `convInputGradPolyphase`. */
export function convInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: [number, number, number, number], geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => convInputGradPolyphase(dy, inputGradFilter(filter, geometry), xShape, filter.shape[0], geometry));
}

/**
 * The gradients of a convolution from its output's gradient `dy`: the filter's (always) and the input's
 * (skipped for the network's input, which needs none). `gradFilter`, when given, is the filter's
 * `inputGradFilter` already made (ungrouped convolutions).
 */
export function convBackward(x: tf.Tensor4D, filter: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvGeometry, groups: number, needDx: boolean, gradFilter?: tf.Tensor4D): { dx?: tf.Tensor4D; dw: tf.Tensor4D } {
  const kernel = filter.shape[0];
  return tf.tidy(() => {
    if (groups === 1) {
      const dx = needDx ? (gradFilter ? convInputGradPolyphase(dy, gradFilter, x.shape, kernel, geometry) : convInputGrad(dy, filter, x.shape, geometry)) : undefined;
      return { dw: convFilterGrad(x, dy, kernel, geometry), dx };
    }
    const { xs, fs } = splitGroups(x, filter, groups);
    const dys = tf.split(dy, groups, 3) as tf.Tensor4D[];
    const dw = tf.concat(xs.map((xg, g) => convFilterGrad(xg, dys[g], kernel, geometry)), 3);
    const dx = needDx ? tf.concat(dys.map((dg, g) => convInputGrad(dg, fs[g], xs[g].shape, geometry)), 3) : undefined;
    return { dx, dw };
  }) as { dx?: tf.Tensor4D; dw: tf.Tensor4D };
}
