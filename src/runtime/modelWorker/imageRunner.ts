/**
 * One image through the live model, on the model's thread: predictions from the fast path (with stage outputs,
 * residual ratios, the class activation map and the selected layer's feature maps), then the layer-by-layer
 * pass for the graph's thumbnails, and per-layer timing. It owns the input tensor; what it returns is plain
 * data, and every tensor it makes is freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { featureOutputs, softmax, specKey, topK, type LayerStats } from '../../core';
import type { StepObserver } from '../model/fastPath';
import { channelStats, minMaxScale, residualRatio } from './readouts';
import { Cancelled, slicer } from '../model/pacing';
import type { ResNetModel } from '../model/resnet';
import { ThumbnailCollector, type Thumbnails } from '../model/thumbnails';
import type { Cam, FeatureMaps, InputTensor, LayerTime, ResidualRatio, RunOutcome, RunRequest, StageMap } from './protocol';

/** Forces a tensor to be computed, reading back a single value. */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.slice(t, new Array(t.rank).fill(0), new Array(t.rank).fill(1));
  await one.data();
  one.dispose();
}

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

  /** Predictions and read-outs; null when a newer run took over. */
  async run(model: ResNetModel, req: RunRequest): Promise<RunOutcome | null> {
    this.token = req.token;
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
    const stageMean = (id: string, y: tf.Tensor) => {
      if (!stageOutputs.has(id)) return;
      const mean = tf.mean(y, -1);
      stageMeans.push({ name: stageOutputs.get(id)!, id, mean });
      kept.push(mean);
    };
    const residualNorms = (add: LayerStats['layer'], branchIn: tf.Tensor, shortcutIn: tf.Tensor) => {
      const branch = tf.norm(branchIn);
      const shortcut = tf.norm(shortcutIn);
      kept.push(branch, shortcut);
      norms.push({ block: add.name.replace(/\.add$/, ''), branch, shortcut, projection: add.inputs[1].kind === 'projection' });
    };
    const observe = (l: LayerStats['layer'], y: tf.Tensor, values: ReadonlyMap<string, tf.Tensor>) => {
      thumbs.observe(l.id, y);
      stageMean(l.id, y);
      if (l.type === 'Add') residualNorms(l, values.get(l.inputs[0].from)!, values.get(l.inputs[1].from)!);
    };
    // The fast path's steps cover stage outputs, residual sums and their inputs; a selected layer inside a
    // fused step (a conv, or a batch norm before its ReLU) needs the layer-by-layer pass.
    const observeFast: StepObserver = (covers, y, inputs) => {
      stageMean(covers[covers.length - 1].id, y);
      const add = covers.find((l) => l.type === 'Add');
      if (add) residualNorms(add, inputs[0], inputs[1]);
    };
    let out: { logits: tf.Tensor2D; activations: Map<string, tf.Tensor> } | null = null;
    const pause = slicer(cancelled);
    const fast = !selected || model.fastPath().outputs.includes(selected);
    if (!fast) thumbs.observe('input', x);
    const t0 = performance.now();
    try {
      if (fast) {
        const r = await model.predictAsync(x, capture, pause, observeFast);
        out = { logits: r.logits, activations: r.kept };
      } else out = await model.forwardAsync(x, capture, pause, observe);
      const logits = (await out.logits.data()) as Float32Array;
      // The model's latency: the thumbnails' share of the pass is the graph's, measured on its own (benchmark).
      const latencyMs = performance.now() - t0 - (fast ? 0 : thumbs.elapsed());
      if (cancelled()) return null;
      const top = topK(softmax(logits), 5);
      const stages: StageMap[] = [];
      for (const s of stageMeans) stages.push({ name: s.name, shape: a.byId.get(s.id)!.outShape, mean: (await s.mean.data()) as Float32Array });
      const residual: ResidualRatio[] = [];
      for (const n of norms) {
        const [b, sc] = [(await n.branch.data())[0], (await n.shortcut.data())[0]];
        residual.push({ block: n.block, ratio: residualRatio(b, sc), projection: n.projection });
      }
      const cam = await classActivationMap(model, out.activations.get(lastBody)!, top[0].index);
      const features = selected ? await featureMaps(selected, out.activations.get(selected)!) : null;
      const thumbnails = fast ? null : await thumbs.read(specKey(a.graph.spec), req.imageKey);
      if (cancelled()) return null;
      return { result: { top, classes: logits.length, latencyMs, stages, residual, cam, features }, thumbnails, fast };
    } catch (e) {
      if (e instanceof Cancelled) return null;
      throw e;
    } finally {
      tf.dispose(kept);
      thumbs.dispose();
      if (out) tf.dispose([out.logits, ...out.activations.values()]);
    }
  }

  /** The graph's thumbnails: every layer's output, on the layer-by-layer pass; null when a newer run took over. */
  async thumbnails(model: ResNetModel, req: RunRequest): Promise<Thumbnails | null> {
    this.token = Math.max(this.token, req.token);
    if (req.token !== this.token) return null;
    const x = this.current();
    const thumbs = new ThumbnailCollector(req.thumbMode);
    try {
      thumbs.observe('input', x);
      const full = await model.forwardAsync(x, new Set(), slicer(() => req.token !== this.token), (l, y) => thumbs.observe(l.id, y));
      tf.dispose([full.logits, ...full.activations.values()]);
      const read = await thumbs.read(specKey(model.analysis.graph.spec), req.imageKey);
      return req.token === this.token ? read : null;
    } catch (e) {
      if (e instanceof Cancelled) return null;
      throw e;
    } finally {
      thumbs.dispose();
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
