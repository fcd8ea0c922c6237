/**
 * One image through the live model, on the model's thread, in two parts so the predictions never wait for the
 * rest: first one bare fast-path pass (nothing but the logits, unsliced: the page is not on this thread), then
 * one layer-by-layer pass in slices, cancelled by a newer image, for everything else — stage outputs, residual
 * ratios, the class activation map, the selected layer's feature maps and the graph's thumbnails. Per-layer
 * timing is a pass of its own. It owns the input tensor; what it returns is plain data, and every tensor it
 * makes is freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { featureOutputs, softmax, specKey, topK, type LayerStats } from '../../core';
import { channelStats, minMaxScale, residualRatio } from './readouts';
import { Cancelled, slicer } from '../model/pacing';
import type { FastPath } from '../model/fastPath';
import type { ResNetModel } from '../model/resnet';
import { ThumbnailCollector } from '../model/thumbnails';
import type { Cam, FeatureMaps, InputTensor, LayerTime, Prediction, Readouts, ReadoutRequest, ResidualRatio, RunRequest, StageMap, StepTime } from './protocol';

/** Forces a tensor to be computed, reading back a single value. */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.slice(t, new Array(t.rank).fill(0), new Array(t.rank).fill(1));
  await one.data();
  one.dispose();
}

/**
 * The read-out pass yields this often: a newer image waits at most this long for it to stop (the page is not
 * on this thread, so the slices only bound that wait).
 */
const READOUT_SLICE_MS = 8;

export class ImageRunner {
  private input: tf.Tensor4D | null = null;
  private inputKey: string | null = null;
  /** The newest run asked for: an older one stops at its next pause. */
  private token = 0;

  /** The normalised NHWC input; its values are the runner's from now on. */
  setInput(input: InputTensor): void {
    this.dropInput();
    this.input = tf.tensor4d(input.values, input.shape);
    this.inputKey = input.key;
  }

  hasInput(key: string): boolean {
    return this.input !== null && this.inputKey === key;
  }

  dropInput(): void {
    this.input?.dispose();
    this.input = null;
    this.inputKey = null;
  }

  /** Stops whatever run is going on (at its next pause). */
  cancel(token: number): void {
    this.token = Math.max(this.token, token);
  }

  private current(): tf.Tensor4D {
    // The session sends the input before it runs (ensureInput): a programming error, never shown.
    if (!this.input) throw new Error('No image has been given to the model');
    return this.input;
  }

  /** The predictions: one bare fast-path pass, read back and answered at once; null when a newer run took over. */
  async predict(model: ResNetModel, req: RunRequest): Promise<Prediction | null> {
    this.cancel(req.token);
    if (req.token !== this.token) return null;
    const x = this.current();
    const t0 = performance.now();
    const { logits } = model.predict(x);
    try {
      const values = (await logits.data()) as Float32Array;
      const latencyMs = performance.now() - t0;
      return { top: topK(softmax(values), 5), classes: values.length, latencyMs };
    } finally {
      logits.dispose();
    }
  }

  /**
   * Everything but the predictions, from one layer-by-layer pass: stage means, residual norms, the class
   * activation map of `req.classIndex`, the selected layer's feature maps, and the graph's thumbnails (their
   * making timed apart). Null when a newer run took over.
   */
  async readouts(model: ResNetModel, req: ReadoutRequest): Promise<Readouts | null> {
    this.cancel(req.token);
    if (req.token !== this.token) return null;
    const x = this.current();
    const cancelled = () => req.token !== this.token;
    const a = model.analysis;
    const stageOutputs = featureOutputs(a);
    const lastBody = a.stages.at(-1)!.outputId;
    const selected = req.selected && a.byId.has(req.selected) ? req.selected : null;
    const capture = new Set([lastBody, ...(selected ? [selected] : [])]);
    const kept: tf.Tensor[] = [];
    const thumbs = new ThumbnailCollector(req.thumbMode);
    const stageMeans: { name: string; id: string; mean: tf.Tensor }[] = [];
    const norms: { block: string; branch: tf.Tensor; shortcut: tf.Tensor; projection: boolean }[] = [];
    const observe = (l: LayerStats['layer'], y: tf.Tensor, values: ReadonlyMap<string, tf.Tensor>) => {
      thumbs.observe(l.id, y);
      if (stageOutputs.has(l.id)) {
        const mean = tf.mean(y, -1);
        stageMeans.push({ name: stageOutputs.get(l.id)!, id: l.id, mean });
        kept.push(mean);
      }
      if (l.type === 'Add') {
        const branch = tf.norm(values.get(l.inputs[0].from)!);
        const shortcut = tf.norm(values.get(l.inputs[1].from)!);
        kept.push(branch, shortcut);
        norms.push({ block: l.name.replace(/\.add$/, ''), branch, shortcut, projection: l.inputs[1].kind === 'projection' });
      }
    };
    let out: { logits: tf.Tensor2D; activations: Map<string, tf.Tensor> } | null = null;
    try {
      thumbs.observe('input', x);
      out = await model.forwardAsync(x, capture, slicer(cancelled, READOUT_SLICE_MS), observe);
      if (cancelled()) return null;
      const stages: StageMap[] = [];
      for (const s of stageMeans) stages.push({ name: s.name, shape: a.byId.get(s.id)!.outShape, mean: (await s.mean.data()) as Float32Array });
      const residual: ResidualRatio[] = [];
      for (const n of norms) {
        const [b, sc] = [(await n.branch.data())[0], (await n.shortcut.data())[0]];
        residual.push({ block: n.block, ratio: residualRatio(b, sc), projection: n.projection });
      }
      const cam = await classActivationMap(model, out.activations.get(lastBody)!, req.classIndex);
      const features = selected ? await featureMaps(selected, out.activations.get(selected)!) : null;
      const thumbnails = await thumbs.read(specKey(a.graph.spec), req.imageKey);
      if (cancelled()) return null;
      return { stages, residual, cam, features, thumbnails };
    } catch (e) {
      if (e instanceof Cancelled) return null;
      throw e;
    } finally {
      tf.dispose(kept);
      thumbs.dispose();
      if (out) tf.dispose([out.logits, ...out.activations.values()]);
    }
  }

  /** Each layer's time on the current backend, waiting for every layer to finish before the next. */
  async profileLayers(model: ResNetModel): Promise<LayerTime[]> {
    const x = this.current();
    const times: LayerTime[] = [];
    let current: { l: LayerStats['layer']; y: tf.Tensor } | null = null;
    let t = performance.now();
    const record = async () => {
      if (!current) return;
      await settle(current.y);
      const now = performance.now();
      times.push({ id: current.l.id, name: current.l.name, type: current.l.type, ms: now - t });
      t = now;
    };
    await settle(x);
    t = performance.now();
    const out = await model.forwardAsync(x, new Set(), record, (l, y) => (current = { l, y }));
    await record();
    tf.dispose([out.logits, ...out.activations.values()]);
    return times;
  }

  /**
   * Where the fast path's time goes, for the benchmark: each step's median time over `runs` passes of random
   * normal values (the conv steps say their kernel, stride, channels and output size).
   */
  async profileFastPath(model: ResNetModel, runs: number): Promise<StepTime[]> {
    const { height, width, channels } = model.analysis.graph.spec.input;
    const x = tf.randomNormal([1, height, width, channels]) as tf.Tensor4D;
    try {
      const passes: Awaited<ReturnType<FastPath['stepTimes']>>[] = [];
      for (let i = 0; i <= runs; i++) passes.push(await model.fastPath().stepTimes(x, settle));
      // The first pass is left out: it warms the kernels.
      return passes[0].map((s, j) => {
        const conv = s.covers[0].type === 'Conv2d' ? s.covers[0] : null;
        const out = model.analysis.byId.get(s.id)!.outShape;
        const ms = passes.slice(1).map((p) => p[j].ms).sort((a, b) => a - b);
        return {
          id: s.id,
          kind: s.kind,
          layer: s.covers[0].name,
          ...(conv ? { conv: { kernel: conv.kernel ?? 1, stride: conv.stride ?? 1, groups: conv.groups ?? 1, inChannels: conv.inChannels, outChannels: conv.outChannels } } : {}),
          outShape: out,
          ms: ms[ms.length >> 1],
        };
      });
    } finally {
      x.dispose();
    }
  }

  /** The mean of each layer's output for the current input (the console's check of the thumbnails' figures). */
  async layerMeans(model: ResNetModel, ids: string[]): Promise<Record<string, number>> {
    const { logits, activations } = model.forward(this.current(), new Set(ids));
    const out: Record<string, number> = {};
    for (const [id, y] of activations) {
      const m = tf.mean(y);
      out[id] = (await m.data())[0];
      tf.dispose([m, y]);
    }
    logits.dispose();
    return out;
  }

  dispose(): void {
    this.token++;
    this.dropInput();
  }
}

async function classActivationMap(model: ResNetModel, last: tf.Tensor, classIndex: number): Promise<Cam | null> {
  if (!last || last.rank !== 4) return null;
  const map = tf.tidy(() => tf.relu(tf.sum(tf.mul(tf.squeeze(last, [0]), model.classWeights(classIndex)), -1)));
  const raw = (await map.data()) as Float32Array;
  const [height, width] = map.shape;
  map.dispose();
  return { classIndex, height, width, values: minMaxScale(raw) };
}

async function featureMaps(layerId: string, t: tf.Tensor): Promise<FeatureMaps> {
  // NHWC → CHW (a linear layer's [1, C] becomes C maps of 1×1).
  const chw = tf.tidy(() => (t.rank === 4 ? tf.transpose(tf.squeeze(t, [0]), [2, 0, 1]) : tf.reshape(t, [-1, 1, 1])));
  const values = (await chw.data()) as Float32Array;
  const [c, h, w] = chw.shape as [number, number, number];
  chw.dispose();
  const { stats, min, max } = channelStats(values, c, h * w);
  return { layerId, shape: [c, h, w], values, stats, min, max };
}
