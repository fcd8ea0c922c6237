/**
 * Small pictures of layer outputs for the graph: per layer, the mean over channels or the strongest channel
 * (the one with the most energy, Σx², over the thumbnail's samples), resized on the backend to at most
 * THUMB_MAX pixels a side, plus the output's exact mean. Everything a run collects is packed into one tensor
 * and read back once. Only the mode asked for is made: each costs about a cheap layer's time per layer.
 */
import * as tf from '@tensorflow/tfjs-core';

export const THUMB_MAX = 24;

export type ThumbMode = 'mean' | 'strongest';

export interface Thumbnail {
  layerId: string;
  height: number;
  width: number;
  mode: ThumbMode;
  /** The picture, resized: height × width, row-major. */
  values: Float32Array;
  /** The strongest channel's index (mode `strongest`), else -1. */
  channel: number;
  /** Mean of every value of the layer's output (not of the resized picture). */
  outputMean: number;
}

export interface Thumbnails {
  /** What they were made from: the model's spec and the image (its sequence number and resize policy). */
  modelKey: string;
  imageKey: string;
  mode: ThumbMode;
  byLayer: Map<string, Thumbnail>;
  /** The single readback (await data()) of the packed tensor. */
  readMs: number;
  /**
   * Time spent making them during the pass: the whole cost on WebAssembly and the CPU, which run each op when it
   * is called; only the queueing on WebGL, whose cost then shows in the readback.
   */
  computeMs: number;
}

/** The thumbnail size for an H×W output: the longer side at most THUMB_MAX, the aspect kept. */
export function thumbSize(h: number, w: number): [number, number] {
  const s = Math.min(1, THUMB_MAX / Math.max(h, w));
  return [Math.max(1, Math.round(h * s)), Math.max(1, Math.round(w * s))];
}

/** A layer's output as NHWC: a linear layer's [1, C] is a 1×1 map of C channels. */
function asMaps(y: tf.Tensor): tf.Tensor4D {
  return (y.rank === 4 ? y : tf.reshape(y, [1, 1, 1, -1])) as tf.Tensor4D;
}

export class ThumbnailCollector {
  private readonly parts: tf.Tensor1D[] = [];
  private readonly meta: { layerId: string; height: number; width: number }[] = [];
  private computeMs = 0;

  /** `only`: the layer ids to collect (all when absent). */
  constructor(
    private readonly mode: ThumbMode = 'mean',
    private readonly only?: ReadonlySet<string>,
  ) {}

  /** Adds one layer's thumbnails; `y` stays the caller's. */
  observe(layerId: string, y: tf.Tensor): void {
    if (this.only && !this.only.has(layerId)) return;
    const t0 = performance.now();
    const [h, w] = y.rank === 4 ? [y.shape[1]!, y.shape[2]!] : [1, 1];
    const [th, tw] = thumbSize(h, w);
    const part = tf.tidy(() => {
      const x = asMaps(y);
      const c = x.shape[3];
      const resize = (m: tf.Tensor4D) => (th === h && tw === w ? m : tf.image.resizeBilinear(m, [th, tw]));
      const meanMap = tf.mean(x, 3, true) as tf.Tensor4D;
      const exactMean = tf.reshape(tf.mean(meanMap), [1]);
      if (this.mode === 'mean') return tf.concat([tf.reshape(resize(meanMap), [-1]), tf.fill([1], -1), exactMean]) as tf.Tensor1D;
      // The strongest channel is chosen on the output resized to the thumbnail (all channels at once), which
      // reads only the pixels it samples; Σx² per channel is a matrix product (a reduction over the leading
      // axes would transpose the whole output first).
      const flat = tf.reshape(resize(x), [th * tw, c]) as tf.Tensor2D;
      const channel = tf.argMax(tf.matMul(tf.ones([1, th * tw]), tf.square(flat)), 1);
      const pick = tf.cast(tf.oneHot(channel, c), 'float32') as tf.Tensor2D;
      return tf.concat([tf.reshape(tf.matMul(flat, pick, false, true), [-1]), tf.cast(channel, 'float32'), exactMean]) as tf.Tensor1D;
    });
    this.parts.push(part);
    this.meta.push({ layerId, height: th, width: tw });
    this.computeMs += performance.now() - t0;
  }

  /** Time spent in `observe` so far. */
  elapsed(): number {
    return this.computeMs;
  }

  /** One concatenation, one readback; the collected tensors are freed. */
  async read(modelKey: string, imageKey: string): Promise<Thumbnails> {
    const byLayer = new Map<string, Thumbnail>();
    if (this.parts.length === 0) return { modelKey, imageKey, mode: this.mode, byLayer, readMs: 0, computeMs: 0 };
    const t = performance.now();
    const packed = tf.concat(this.parts);
    const computeMs = this.computeMs + performance.now() - t;
    this.dispose();
    const t0 = performance.now();
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const readMs = performance.now() - t0;
    let at = 0;
    for (const m of this.meta) {
      const n = m.height * m.width;
      byLayer.set(m.layerId, { ...m, mode: this.mode, values: values.slice(at, at + n), channel: values[at + n], outputMean: values[at + n + 1] });
      at += n + 2;
    }
    return { modelKey, imageKey, mode: this.mode, byLayer, readMs, computeMs };
  }

  dispose(): void {
    tf.dispose(this.parts);
    this.parts.length = 0;
  }
}
