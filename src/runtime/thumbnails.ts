/**
 * Small pictures of layer outputs for the graph: per layer, the mean over channels and the strongest channel
 * (the one with the most energy, Σx²), each resized on the backend to at most THUMB_MAX pixels a side, plus the
 * output's exact mean. Everything a run collects is packed into one tensor and read back once.
 */
import * as tf from '@tensorflow/tfjs-core';

export const THUMB_MAX = 24;

export interface Thumbnail {
  layerId: string;
  height: number;
  width: number;
  /** Mean over channels, resized: height × width, row-major. */
  mean: Float32Array;
  /** The strongest channel, resized. */
  strongest: Float32Array;
  channel: number;
  /** Mean of every value of the layer's output (not of the resized picture). */
  outputMean: number;
}

export interface Thumbnails {
  /** What they were made from: the model's spec and the image (its sequence number and resize policy). */
  modelKey: string;
  imageKey: string;
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
  constructor(private readonly only?: ReadonlySet<string>) {}

  /** Adds one layer's thumbnails; `y` stays the caller's. */
  observe(layerId: string, y: tf.Tensor): void {
    if (this.only && !this.only.has(layerId)) return;
    const t0 = performance.now();
    const [h, w] = y.rank === 4 ? [y.shape[1]!, y.shape[2]!] : [1, 1];
    const [th, tw] = thumbSize(h, w);
    const part = tf.tidy(() => {
      const x = asMaps(y);
      const resize = (m: tf.Tensor4D) => (th === h && tw === w ? m : tf.image.resizeBilinear(m, [th, tw]));
      const mean = resize(tf.mean(x, 3, true));
      const channel = tf.argMax(tf.sum(tf.square(x), [0, 1, 2]));
      const strongest = resize(tf.gather(x, tf.reshape(channel, [1]), 3) as tf.Tensor4D);
      return tf.concat([tf.reshape(mean, [-1]), tf.reshape(strongest, [-1]), tf.reshape(tf.cast(channel, 'float32'), [1]), tf.reshape(tf.mean(x), [1])]) as tf.Tensor1D;
    });
    this.parts.push(part);
    this.meta.push({ layerId, height: th, width: tw });
    this.computeMs += performance.now() - t0;
  }

  /** One concatenation, one readback; the collected tensors are freed. */
  async read(modelKey: string, imageKey: string): Promise<Thumbnails> {
    const byLayer = new Map<string, Thumbnail>();
    if (this.parts.length === 0) return { modelKey, imageKey, byLayer, readMs: 0, computeMs: 0 };
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
      byLayer.set(m.layerId, {
        ...m,
        mean: values.slice(at, at + n),
        strongest: values.slice(at + n, at + 2 * n),
        channel: values[at + 2 * n],
        outputMean: values[at + 2 * n + 1],
      });
      at += 2 * n + 2;
    }
    return { modelKey, imageKey, byLayer, readMs, computeMs };
  }

  dispose(): void {
    tf.dispose(this.parts);
    this.parts.length = 0;
  }
}
