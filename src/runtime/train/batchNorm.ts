/**
 * BatchNorm2d in training mode, as PyTorch computes it: normalised with the batch's mean and biased variance
 * over N·H·W (NHWC input), with a hand-written gradient that needs only a few element-wise passes:
 *   y  = x·s + t,                       s = γ/√(σ²+ε), t = β − μ·s
 *   dβ = Σdy,  dγ = (Σdy·x − μ·dβ)/√(σ²+ε)
 *   dx = s·dy + b·x + c,                b = −s·dγ/(M·√(σ²+ε)), c = −b·μ − s·dβ/M
 */
import * as tf from '@tensorflow/tfjs-core';
import { chunkRows } from './conv';

export const BN_EPSILON = 1e-5;
/** PyTorch's default: running = (1 − momentum)·running + momentum·batch. */
export const BN_MOMENTUM = 0.1;

/** The batch statistics of one call: mean and biased variance per channel, and the count they came from. */
export interface BatchStats {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  count: number;
}

/** The most values one float32 running sum adds up here: more loses digits the layer before's gradient needs. */
const MAX_RUN = 1024;

/**
 * Per-channel means over N·H·W, in two stages that each add at most MAX_RUN values: an average pool over
 * windows of whole rows (XNNPACK's kernel on WebAssembly: one pass over x, on every thread, no transpose),
 * then the mean of the windows' means as a product with a row of ones (in two stages itself past MAX_RUN
 * windows). Rows wider than MAX_RUN fall back to products with rows of ones over chunks of x.
 */
export function channelMean(x: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    if (w > MAX_RUN) return tf.div(channelSumByProducts(x), n * h * w) as tf.Tensor1D;
    let rows = 1;
    for (let r = Math.min(h, Math.floor(MAX_RUN / w)); r >= 1; r--) {
      if (h % r === 0) {
        rows = r;
        break;
      }
    }
    const windows = n * (h / rows);
    const means = tf.reshape(tf.avgPool(x, [rows, w], [rows, w], 'valid'), [windows, c]);
    return tf.div(sumRows(means), windows) as tf.Tensor1D;
  });
}

/** Per-channel sums over N·H·W: the mean times the count (one more rounding, of at most half an ulp). */
export function channelSum(x: tf.Tensor4D): tf.Tensor1D {
  const [n, h, w] = x.shape;
  return tf.tidy(() => tf.mul(channelMean(x), n * h * w) as tf.Tensor1D);
}

/** Sums of the rows of [rows, c] as products with a row of ones, in chunks of at most MAX_RUN rows. */
function sumRows(m: tf.Tensor): tf.Tensor1D {
  const [rows, c] = m.shape;
  const chunk = chunkRows(rows);
  const chunks = rows / chunk;
  if (chunks === 1) return tf.reshape(tf.matMul(tf.ones([1, rows]), m), [c]);
  const perChunk = tf.matMul(tf.ones([chunks, 1, chunk]), tf.reshape(m, [chunks, chunk, c]));
  return tf.reshape(tf.matMul(tf.ones([1, chunks]), tf.reshape(perChunk, [chunks, c])), [c]);
}

/** The fallback for rows wider than MAX_RUN: products with rows of ones over chunks of x's rows. */
function channelSumByProducts(x: tf.Tensor4D): tf.Tensor1D {
  const c = x.shape[3];
  return sumRows(tf.reshape(x, [x.size / c, c]));
}

/**
 * x·scale + shift per channel (then ReLU when asked) as one depthwise 1×1 convolution: XNNPACK's
 * channel-wise multiply-add on WebAssembly, in one pass, where a multiply and an add that broadcast a
 * channel vector are generic loops 4–5× slower. The same two roundings as the multiply and the add.
 */
export function channelAffine(x: tf.Tensor4D, scale: tf.Tensor1D, shift: tf.Tensor1D, relu = false): tf.Tensor4D {
  const c = x.shape[3];
  return tf.fused.depthwiseConv2d({ x, filter: tf.reshape(scale, [1, 1, c, 1]), strides: 1, pad: 'valid', bias: shift, activation: relu ? 'relu' : 'linear' });
}

/** What the backward pass needs from a training-mode forward pass. */
export interface BnSaved {
  x: tf.Tensor4D;
  mean: tf.Tensor1D;
  rstd: tf.Tensor1D;
  scale: tf.Tensor1D;
}

/**
 * Normalises `x` with its own batch statistics (then ReLU when `relu`: the activation that follows, fused);
 * returns the output, the statistics and what backward needs.
 */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, relu = false): { y: tf.Tensor4D; stats: BatchStats; saved: BnSaved } {
  const [n, h, w, c] = x.shape;
  const m = n * h * w;
  const mean = channelMean(x);
  const centred = channelAffine(x, tf.ones([c]), tf.neg(mean));
  const variance = channelMean(tf.mul(centred, centred));
  const rstd = tf.rsqrt(tf.add(variance, BN_EPSILON)) as tf.Tensor1D;
  const scale = tf.mul(gamma, rstd) as tf.Tensor1D;
  const shift = tf.sub(beta, tf.mul(mean, scale)) as tf.Tensor1D;
  return { y: channelAffine(x, scale, shift, relu), stats: { mean, variance, count: m }, saved: { x, mean, rstd, scale } };
}

/** The gradients of the input, γ and β from the output's gradient (see the formulas above). */
export function batchNormBackward(dy: tf.Tensor4D, { x, mean, rstd, scale }: BnSaved): { dx: tf.Tensor4D; dGamma: tf.Tensor1D; dBeta: tf.Tensor1D } {
  const [n, h, w, c] = x.shape;
  const m = n * h * w;
  const dBeta = channelSum(dy);
  const dGamma = tf.mul(tf.sub(channelSum(tf.mul(dy, x)), tf.mul(mean, dBeta)), rstd) as tf.Tensor1D;
  const b = tf.div(tf.mul(tf.mul(scale, dGamma), rstd), -m) as tf.Tensor1D;
  const cc = tf.sub(tf.neg(tf.mul(b, mean)), tf.div(tf.mul(scale, dBeta), m)) as tf.Tensor1D;
  const dx = tf.add(channelAffine(dy, scale, tf.zeros([c])), channelAffine(x, b, cc)) as tf.Tensor4D;
  return { dx, dGamma, dBeta };
}

/** Inference mode: the running statistics, folded into one multiply-add (then ReLU when `relu`). */
export function batchNormEval(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, mean: tf.Tensor1D, variance: tf.Tensor1D, relu = false): tf.Tensor4D {
  return tf.tidy(() => {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, BN_EPSILON))) as tf.Tensor1D;
    return channelAffine(x, scale, tf.sub(beta, tf.mul(mean, scale)) as tf.Tensor1D, relu);
  });
}
