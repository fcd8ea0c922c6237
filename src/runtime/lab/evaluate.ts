/**
 * Test accuracy and mean cross-entropy of a network with blocks switched off, on a labelled test set, in
 * batches. Many deleted sets are evaluated together, sharing work: every set runs the whole network up to its
 * first switched-off block, so each batch goes through the whole network once, its block inputs are kept where
 * some set starts to differ, and each set runs only from there on ("delete each block in turn" costs about
 * 1 + n/2 passes instead of n + 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, phrase } from '../../core';
import { accuracyOf, emptyScore, lossOf, type Score } from '../../core/lab';
import type { FoldedWeights, LabNet } from './labNet';

/** A labelled test set: normalised NHWC float32 images. */
export interface LabData {
  images: Float32Array;
  labels: Int32Array;
  count: number;
  input: { channels: number; height: number; width: number };
}

export { accuracyOf, emptyScore, lossOf, type Score };

/** The batch size the lab evaluates in: large enough to keep the kernels busy, small enough for phones. */
export const LAB_CHUNK = 250;

/** Awaited between pieces of work: lets messages (a cancel) in, and may throw to abandon the work. */
export type Pause = () => Promise<void>;

/** Images [start, end) as a tensor and their labels. The caller owns both. */
export function batchOf(data: LabData, start: number, end: number): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const { channels, height, width } = data.input;
  const px = channels * height * width;
  return {
    x: tf.tensor4d(data.images.subarray(start * px, end * px), [end - start, height, width, channels]),
    labels: tf.tensor1d(data.labels.subarray(start, end), 'int32'),
  };
}

/** [right answers, summed cross-entropy] of a batch's logits, as one tensor (one read-back). */
export function scoreTensor(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
    const loss = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, logits.shape[1]))));
    return tf.stack([correct, loss]) as tf.Tensor1D;
  });
}

async function addScore(into: Score, t: tf.Tensor1D, n: number): Promise<void> {
  const [correct, loss] = await t.data();
  t.dispose();
  into.count += n;
  into.correct += correct;
  into.lossSum += loss;
}

export interface EvaluateOptions {
  /** Evaluate on the first `images` of the set (default: all). */
  images?: number;
  chunk?: number;
  /** A smaller first batch, so that the first figures come sooner (then `chunk`s). */
  firstChunk?: number;
  pause?: Pause;
  /** After each batch: the images done so far and every set's score so far (the same objects, growing). */
  onBatch?: (done: number, scores: readonly Score[]) => void;
  weights?: FoldedWeights;
}

/**
 * Scores of the network with each set of blocks switched off (an empty set: the whole network), on the
 * first `images` test images. Scores grow batch by batch (`onBatch`), so a view can show them filling in.
 */
export async function evaluateSets(net: LabNet, data: LabData, sets: readonly (readonly string[])[], opts: EvaluateOptions = {}): Promise<Score[]> {
  const total = Math.min(opts.images ?? data.count, data.count);
  const first = Math.min(opts.firstChunk ?? 0, total);
  // Batches of at most `chunk`, evened out (256 images: two of 128, not 250 and a slow 6).
  const rest = total - first;
  const chunk = rest > 0 ? Math.ceil(rest / Math.ceil(rest / (opts.chunk ?? LAB_CHUNK))) : 1;
  const index = new Map(net.blocks.map((b, i) => [b.info.name, i]));
  const plans = sets.map((s) => {
    const off = new Set(s);
    for (const name of off) if (!index.has(name)) throw new PhraseError(phrase('{block} is not a block of this network', { block: name }), 'unknown-block');
    const first = Math.min(net.blocks.length, ...[...off].map((n) => index.get(n)!));
    return { off, first };
  });
  const firsts = new Set(plans.map((p) => p.first));
  const last = Math.max(...firsts);
  const scores = sets.map(emptyScore);
  for (let start = 0; start < total; ) {
    const end = Math.min(total, start + (start === 0 && first > 0 ? first : chunk));
    const { x, labels } = batchOf(data, start, end);
    // Block inputs along the whole network where a set starts to differ; index n: the last block's output.
    const kept = new Map<number, tf.Tensor4D>();
    // The block output in hand: a pause that throws (a cancel) between blocks must not leave it behind.
    let y: tf.Tensor4D | null = null;
    try {
      y = net.stemForward(x, opts.weights);
      for (let i = 0; ; i++) {
        if (firsts.has(i)) kept.set(i, y);
        if (i >= last || i >= net.blocks.length) break;
        const next: tf.Tensor4D = net.block(i, y, false, opts.weights);
        if (!kept.has(i)) y.dispose();
        y = next;
        await opts.pause?.();
      }
      if (![...kept.values()].includes(y)) y.dispose();
      y = null;
      for (let k = 0; k < plans.length; k++) {
        const { off, first } = plans[k];
        const t = tf.tidy(() => scoreTensor(net.forwardFrom(first, kept.get(first)!, off, opts.weights), labels));
        await addScore(scores[k], t, end - start);
        await opts.pause?.();
      }
    } finally {
      if (y && ![...kept.values()].includes(y)) y.dispose();
      tf.dispose([...kept.values(), labels, x]);
    }
    opts.onBatch?.(end, scores);
    start = end;
  }
  return scores;
}

/** The whole network's score with the given blocks switched off. */
export async function evaluate(net: LabNet, data: LabData, off: readonly string[] = [], opts: EvaluateOptions = {}): Promise<Score> {
  return (await evaluateSets(net, data, [off], opts))[0];
}
