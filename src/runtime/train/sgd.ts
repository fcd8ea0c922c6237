/**
 * `torch.optim.SGD` on one flat parameter vector, exactly: weight decay added to the gradient
 * (d = g + wd·p), the momentum buffer set to d on the first step and then b = μ·b + d (dampening 0),
 * Nesterov's d + μ·b when asked, and p ← p − lr·(that).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface SgdSettings {
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

export class Sgd {
  private buffer: tf.Tensor1D | null = null;

  constructor(readonly settings: SgdSettings) {
    // A programming error, never shown: the trainer's checkConfig refuses these settings first, with a phrase.
    if (settings.nesterov && settings.momentum <= 0) throw new Error('Nesterov momentum requires a momentum above 0 (as torch.optim.SGD)');
  }

  /** The parameters after one step; the caller disposes the old ones. `grad` is not disposed. */
  step(params: tf.Tensor1D, grad: tf.Tensor1D, lr: number): tf.Tensor1D {
    const { momentum, weightDecay, nesterov } = this.settings;
    return tf.tidy(() => {
      let d: tf.Tensor1D = weightDecay ? tf.add(grad, tf.mul(params, weightDecay)) : grad;
      if (momentum) {
        const next: tf.Tensor1D = this.buffer ? tf.add(tf.mul(this.buffer, momentum), d) : d.clone();
        this.buffer?.dispose();
        this.buffer = tf.keep(next);
        d = nesterov ? tf.add(d, tf.mul(next, momentum)) : next;
      }
      return tf.sub(params, tf.mul(d, lr));
    });
  }

  /** Forgets the momentum (as a fresh optimiser). */
  reset(): void {
    this.buffer?.dispose();
    this.buffer = null;
  }

  dispose(): void {
    this.reset();
  }
}
