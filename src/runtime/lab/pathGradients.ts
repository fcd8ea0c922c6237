/**
 * How much gradient one path of each length carries, estimated as Veit et al. (2016, section 5) did: feed a
 * batch forward through the whole network; then, for a path of length k, pick k blocks at random and, going
 * backward, send the gradient only through those blocks' residual branches and only along the other blocks'
 * shortcuts. The norm of what reaches the first block's input is the magnitude of that one path's gradient.
 * Each block's final ReLU (after the add) is on every path: its mask, from the forward pass, applies either way.
 * Batch norm is in eval mode (its running statistics), as everywhere in the lab.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, phrase } from '../../core';
import { samplePath, seededRng } from '../../core/lab';
import type { LabData, Pause } from './evaluate';
import { batchOf } from './evaluate';
import type { LabNet } from './labNet';

export interface PathGradientOptions {
  /** Paths sampled for each length. */
  perLength: number;
  seed: number;
  /** Lengths to sample (default 0 … n). */
  lengths?: number[];
}

export interface PathGradients {
  /** Number of blocks (paths have lengths 0 … n). */
  n: number;
  /** Each sampled path's gradient norm, by length (empty where not sampled). */
  samples: number[][];
  /** Their mean, by length (NaN where not sampled). */
  mean: number[];
  /** Images in the batch. */
  batch: number;
}

/** What the backward passes along single paths need from one forward pass. The caller frees it (`disposePass`). */
export interface PathPass {
  /** Each block's input. */
  inputs: tf.Tensor4D[];
  /** Where each block's final ReLU let the signal through (1) or not (0). */
  masks: tf.Tensor4D[];
  /** dL/d(the last block's output), L the mean cross-entropy over the batch. */
  top: tf.Tensor4D;
}

/** The forward pass through the whole network, kept for `alongPath`. Only for residual networks. */
export function forwardForPaths(net: LabNet, x: tf.Tensor4D, labels: tf.Tensor1D): PathPass {
  if (net.blocks.some((b) => b.shortcut.kind === 'none')) {
    throw new PhraseError(phrase('A plain network has one path through it; there are no paths to sample'), 'plain-network');
  }
  const inputs: tf.Tensor4D[] = [];
  const masks: tf.Tensor4D[] = [];
  let y = net.stemForward(x);
  for (let i = 0; i < net.size; i++) {
    inputs.push(y);
    y = net.block(i, y, false);
    const out = y;
    masks.push(tf.tidy(() => tf.cast(tf.greater(out, 0), 'float32') as tf.Tensor4D));
  }
  const last = y;
  // dL/dlogits of the mean cross-entropy is (softmax − one-hot) / N; back through the linear layer and the
  // global average pool, it spreads evenly over the last block's output.
  const top = tf.tidy(() => {
    const [n, h, w, c] = last.shape;
    const logits = net.head(last);
    const dLogits = tf.div(tf.sub(tf.softmax(logits), tf.oneHot(labels, logits.shape[1])), n);
    const dPooled = tf.matMul(dLogits, net.base.fc.weight, false, true);
    return tf.broadcastTo(tf.reshape(tf.div(dPooled, h * w), [n, 1, 1, c]), [n, h, w, c]) as tf.Tensor4D;
  });
  last.dispose();
  return { inputs, masks, top };
}

export function disposePass(p: PathPass): void {
  tf.dispose([...p.inputs, ...p.masks, p.top]);
}

/**
 * The gradient at the first block's input along one path: through the residual branch of the blocks where
 * `through[i]`, along the shortcut of the others. Summed over all 2ⁿ paths it is the whole gradient there.
 */
export function alongPath(net: LabNet, p: PathPass, through: readonly boolean[]): tf.Tensor4D {
  return tf.tidy(() => {
    let g: tf.Tensor4D = p.top;
    for (let i = net.size - 1; i >= 0; i--) {
      const masked = tf.mul(g, p.masks[i]) as tf.Tensor4D;
      g = through[i] ? net.residualBranchGrad(i, p.inputs[i], masked) : net.shortcutGrad(i, p.inputs[i], masked);
    }
    return g;
  });
}

/** The gradient norms by path length, on the batch `data` (all of it). Only for residual networks. */
export async function pathGradients(net: LabNet, data: LabData, opts: PathGradientOptions, onLength?: (k: number, got: PathGradients) => void, pause?: Pause): Promise<PathGradients> {
  const n = net.size;
  const rng = seededRng(opts.seed);
  const lengths = opts.lengths ?? Array.from({ length: n + 1 }, (_, k) => k);
  const out: PathGradients = { n, samples: Array.from({ length: n + 1 }, () => []), mean: new Array<number>(n + 1).fill(NaN), batch: data.count };
  const { x, labels } = batchOf(data, 0, data.count);
  let pass: PathPass | null = null;
  try {
    pass = forwardForPaths(net, x, labels);
    for (const k of lengths) {
      for (let s = 0; s < opts.perLength; s++) {
        const through = samplePath(n, k, rng);
        const p = pass;
        const norm = tf.tidy(() => tf.norm(alongPath(net, p, through)));
        out.samples[k].push((await norm.data())[0]);
        norm.dispose();
        await pause?.();
      }
      out.mean[k] = out.samples[k].reduce((a, b) => a + b, 0) / out.samples[k].length;
      onLength?.(k, out);
    }
  } finally {
    tf.dispose([x, labels]);
    if (pass) disposePass(pass);
  }
  return out;
}
