/**
 * What a Trainer learns from: a set of training images and, optionally, test images, handed out as
 * normalised NHWC float32 batches. The trainer decides which items (see `EpochSampler`); the data only cuts.
 */

export interface InputShape {
  channels: number;
  height: number;
  width: number;
}

/** A batch ready for the model: NHWC float32 values, already normalised, and class indices. */
export interface Batch {
  input: Float32Array;
  labels: Int32Array;
  size: number;
}

export interface TrainingData {
  readonly input: InputShape;
  readonly numClasses: number;
  readonly trainCount: number;
  /** 0 when there is no test set (then there is no test accuracy). */
  readonly testCount: number;
  trainBatch(indices: ArrayLike<number>): Batch;
  testBatch(start: number, end: number): Batch;
}

/** A small seeded generator (mulberry32): the same seed gives the same batches everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Batches without replacement through seeded shuffles of the training set (a new shuffle each epoch). A batch
 * as large as the whole set is the set in its own order, every step (full-batch training, `--batch-file`).
 */
export class EpochSampler {
  private order: Uint32Array;
  private at: number;
  private readonly random: () => number;

  constructor(
    private readonly count: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.order = new Uint32Array(count);
    this.at = count;
  }

  next(size: number): Uint32Array {
    if (size >= this.count) return Uint32Array.from({ length: this.count }, (_, i) => i);
    const out = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      if (this.at >= this.count) this.shuffle();
      out[i] = this.order[this.at++];
    }
    return out;
  }

  private shuffle() {
    for (let i = 0; i < this.count; i++) this.order[i] = i;
    for (let i = this.count - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
    this.at = 0;
  }
}

/** One fixed batch (NCHW values as PyTorch holds them), the same every step: `--batch-file`. */
export function fixedBatchData(nchw: Float32Array, shape: [number, number, number, number], labels: ArrayLike<number>, numClasses: number): TrainingData {
  const [n, c, h, w] = shape;
  const nhwc = new Float32Array(nchw.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) nhwc[((b * h + y) * w + x) * c + ch] = nchw[((b * c + ch) * h + y) * w + x];
  const per = c * h * w;
  const cut = (indices: ArrayLike<number>): Batch => {
    const input = new Float32Array(indices.length * per);
    const out = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      input.set(nhwc.subarray(indices[i] * per, (indices[i] + 1) * per), i * per);
      out[i] = labels[indices[i]];
    }
    return { input, labels: out, size: indices.length };
  };
  return {
    input: { channels: c, height: h, width: w },
    numClasses,
    trainCount: n,
    testCount: 0,
    trainBatch: cut,
    testBatch: () => {
      // A programming error, never shown: with testCount 0 the trainer never asks (its evaluate refuses first).
      throw new Error('a fixed batch has no test set');
    },
  };
}

/** A spec made to take the data's input (channels, size) and classes: a preset trained on Fashion-MNIST. */
export function forDataset<S extends { input: InputShape; numClasses: number }>(spec: S, data: Pick<TrainingData, 'input' | 'numClasses'>): S {
  return { ...spec, input: { ...data.input }, numClasses: data.numClasses };
}
