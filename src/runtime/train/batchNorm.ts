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

/**
 * Per-channel sums over N·H·W, in two stages (chunks of rows, then the chunks): a single float32 running sum
 * over tens of thousands of values loses the digits that the gradient of the layer before depends on. Each
 * stage is a product with a row of ones (a batched matMul over the chunks): a plain `sum` over any axis but
 * the last transposes its input first, a full copy the matrix product does not make.
 */
export function channelSum(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const c = x.shape[x.shape.length - 1];
    const rows = x.size / c;
    const chunk = chunkRows(rows);
    const chunks = rows / chunk;
    const perChunk = tf.matMul(tf.ones([chunks, 1, chunk]), tf.reshape(x, [chunks, chunk, c]));
    if (chunks === 1) return tf.reshape(perChunk, [c]);
    return tf.reshape(tf.matMul(tf.ones([1, chunks]), tf.reshape(perChunk, [chunks, c])), [c]);
  });
}

/** What the backward pass needs from a training-mode forward pass. */
export interface BnSaved {
  x: tf.Tensor4D;
  mean: tf.Tensor1D;
  rstd: tf.Tensor1D;
  scale: tf.Tensor1D;
}

/** Normalises `x` with its own batch statistics; returns the output, the statistics and what backward needs. */
export function batchNormTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D): { y: tf.Tensor4D; stats: BatchStats; saved: BnSaved } {
  const [n, h, w] = x.shape;
  const m = n * h * w;
  const mean = tf.div(channelSum(x), m) as tf.Tensor1D;
  const variance = tf.div(channelSum(tf.squaredDifference(x, mean)), m) as tf.Tensor1D;
  const rstd = tf.rsqrt(tf.add(variance, BN_EPSILON)) as tf.Tensor1D;
  const scale = tf.mul(gamma, rstd) as tf.Tensor1D;
  const shift = tf.sub(beta, tf.mul(mean, scale));
  return { y: tf.add(tf.mul(x, scale), shift), stats: { mean, variance, count: m }, saved: { x, mean, rstd, scale } };
}

/** The gradients of the input, γ and β from the output's gradient (see the formulas above). */
export function batchNormBackward(dy: tf.Tensor4D, { x, mean, rstd, scale }: BnSaved): { dx: tf.Tensor4D; dGamma: tf.Tensor1D; dBeta: tf.Tensor1D } {
  const [n, h, w] = x.shape;
  const m = n * h * w;
  const dBeta = channelSum(dy);
  const dGamma = tf.mul(tf.sub(channelSum(tf.mul(dy, x)), tf.mul(mean, dBeta)), rstd) as tf.Tensor1D;
  const b = tf.div(tf.mul(tf.mul(scale, dGamma), rstd), -m);
  const c = tf.sub(tf.neg(tf.mul(b, mean)), tf.div(tf.mul(scale, dBeta), m));
  const dx = tf.add(tf.add(tf.mul(dy, scale), tf.mul(x, b)), c) as tf.Tensor4D;
  return { dx, dGamma, dBeta };
}

/** Inference mode: the running statistics, folded into one multiply-add. */
export function batchNormEval(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, mean: tf.Tensor1D, variance: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, BN_EPSILON)));
    return tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale)));
  });
}
