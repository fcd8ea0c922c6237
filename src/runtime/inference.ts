/**
 * One image through the live model: predictions, latency, stage outputs, how much each residual block
 * changes its input, a class activation map, the selected layer's feature maps and per-layer timing. The
 * session owns the input tensor; every result it hands out is plain data, and every tensor it makes is freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { featureOutputs, softmax, specKey, topK, type LayerStats, type ResizePolicy } from '../core';
import { datasetOf, type Dataset } from './datasets';
import { ImageError, decodeImage, prepareInput, type DecodedImage, type PreparedInput } from './image';
import type { StepObserver } from './fastPath';
import type { ResNetModel } from './resnet';
import { Cancelled, slicer, type ModelRunner } from './runner';
import { ThumbnailCollector, type ThumbMode, type Thumbnails } from './thumbnails';

export interface StageMap {
  name: string;
  shape: number[];
  /** Mean over channels, H×W. */
  mean: Float32Array;
}

export interface ResidualRatio {
  block: string;
  /** ||F(x)|| / ||shortcut||: how much the block's residual branch changes what passes through. */
  ratio: number;
  projection: boolean;
}

export interface Cam {
  classIndex: number;
  height: number;
  width: number;
  /** Min-max scaled to [0, 1]. */
  values: Float32Array;
}

export interface ChannelStats {
  channel: number;
  mean: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead after a ReLU). */
  zeros: number;
}

export interface FeatureMaps {
  layerId: string;
  /** C, H, W (a linear layer's output is C, 1, 1). */
  shape: [number, number, number];
  /** Channel-major values: channel c's map is values[c*H*W ... (c+1)*H*W). */
  values: Float32Array;
  stats: ChannelStats[];
  min: number;
  max: number;
}

export interface InferenceResult {
  top: { index: number; p: number }[];
  classes: number;
  latencyMs: number;
  stages: StageMap[];
  residual: ResidualRatio[];
  cam: Cam | null;
  features: FeatureMaps | null;
}

export interface LayerTime {
  id: string;
  name: string;
  type: string;
  ms: number;
}

export interface SessionImage {
  name: string;
  width: number;
  height: number;
  note: string | null;
  preview: ImageData;
  plan: PreparedInput['plan'];
  /** The dataset the model's preprocessing follows (null: ImageNet's statistics for an unknown model). */
  dataset: Dataset | null;
  inverted: boolean;
}

export interface SessionState {
  image: SessionImage | null;
  policy: ResizePolicy;
  status: 'idle' | 'decoding' | 'running' | 'done' | 'error';
  error: string | null;
  result: InferenceResult | null;
  /** Latency on the current model: its first run, then every later one. */
  latency: { backend: string; first: number | null; later: number[] };
  timing: LayerTime[] | null;
  selectedLayer: string | null;
  /** Every layer's output as a small picture, for the graph; gone when the image or the model changes. */
  thumbnails: Thumbnails | null;
  /** What the thumbnails show: each channel's mean, or the strongest channel. */
  thumbMode: ThumbMode;
}

function channelStats(values: Float32Array, c: number, hw: number): { stats: ChannelStats[]; min: number; max: number } {
  const stats: ChannelStats[] = [];
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let zeros = 0;
    for (let i = ch * hw; i < (ch + 1) * hw; i++) {
      const v = values[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    stats.push({ channel: ch, mean: sum / hw, min, max, zeros: zeros / hw });
    gmin = Math.min(gmin, min);
    gmax = Math.max(gmax, max);
  }
  return { stats, min: gmin, max: gmax };
}

/** Forces a tensor to be computed, reading back a single value. */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.slice(t, new Array(t.rank).fill(0), new Array(t.rank).fill(1));
  await one.data();
  one.dispose();
}

export class InferenceSession {
  private state: SessionState = {
    image: null,
    policy: 'classic',
    status: 'idle',
    error: null,
    result: null,
    latency: { backend: '', first: null, later: [] },
    timing: null,
    selectedLayer: null,
    thumbnails: null,
    thumbMode: 'mean',
  };
  /** Counts the pictures set, so thumbnails know which one they show. */
  private imageSeq = 0;
  private readonly listeners = new Set<() => void>();
  private decoded: DecodedImage | null = null;
  private input: tf.Tensor4D | null = null;
  /** What the input tensor was prepared for: the model's input size and the resize policy. */
  private inputKey: string | null = null;
  private model: ResNetModel | null = null;
  private token = 0;

  constructor(runner: ModelRunner) {
    runner.subscribe(() => {
      const m = runner.getState().model;
      if (m !== this.model && runner.getState().status === 'ready') {
        this.model = m;
        this.set({ latency: { backend: runner.getState().backend ?? '', first: null, later: [] }, timing: null, thumbnails: null });
        if (this.decoded) void this.run();
      }
    });
  }

  getState = (): SessionState => this.state;

  /** The decoded picture, for running it through other models (the comparison). */
  currentImage(): DecodedImage | null {
    return this.decoded;
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** A new picture; a bad one is refused and the current picture and results stay. */
  async setImage(file: Blob, name: string): Promise<boolean> {
    const previous = this.state.status;
    this.set({ status: 'decoding', error: null });
    let decoded: DecodedImage;
    try {
      decoded = await decodeImage(file, name);
    } catch (e) {
      this.set({ status: previous === 'decoding' ? 'idle' : previous, error: e instanceof ImageError ? e.message : `${name} could not be read: ${String(e)}` });
      return false;
    }
    this.decoded?.bitmap.close();
    this.decoded = decoded;
    this.imageSeq++;
    this.set({ thumbnails: null });
    this.dropInput();
    await this.run();
    return this.state.status === 'done';
  }

  setPolicy(policy: ResizePolicy): void {
    if (policy === this.state.policy) return;
    this.set({ policy, thumbnails: null });
    this.dropInput();
    if (this.decoded) void this.run();
  }

  /** What the graph's thumbnails show; the image runs again to make them. */
  setThumbMode(mode: ThumbMode): void {
    if (mode === this.state.thumbMode) return;
    this.set({ thumbMode: mode });
    if (this.decoded && this.model) void this.run();
  }

  /** The layer whose feature maps to show (read back only for this layer). */
  selectLayer(id: string | null): void {
    if (id === this.state.selectedLayer) return;
    this.set({ selectedLayer: id });
    if (this.decoded && this.model) void this.run();
  }

  reportError(message: string): void {
    this.set({ error: message });
  }

  dismissError(): void {
    this.set({ error: null });
  }

  private dropInput(): void {
    this.input?.dispose();
    this.input = null;
    this.inputKey = null;
  }

  /** The normalised input for a model: prepared again only when the input size or the policy changes. */
  private ensureInput(model: ResNetModel): tf.Tensor4D {
    const spec = model.analysis.graph.spec;
    const dataset = datasetOf(spec);
    const key = JSON.stringify([spec.input, this.state.policy, dataset]);
    if (this.input && this.inputKey === key) return this.input;
    const prepared = prepareInput(this.decoded!, spec.input, this.state.policy, dataset);
    this.input?.dispose();
    this.input = tf.tensor4d(prepared.values, prepared.shape);
    this.inputKey = key;
    const d = this.decoded!;
    this.set({ image: { name: d.name, width: d.width, height: d.height, note: d.note, preview: prepared.preview, plan: prepared.plan, dataset, inverted: prepared.inverted ?? false } });
    return this.input;
  }

  /** Runs the current image through the current model. */
  async run(): Promise<void> {
    const model = this.model;
    if (!model || !this.decoded) return;
    const token = ++this.token;
    this.set({ status: 'running' });
    let x: tf.Tensor4D;
    try {
      x = this.ensureInput(model);
    } catch (e) {
      this.set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      return;
    }
    const a = model.analysis;
    const stageOutputs = featureOutputs(a);
    const lastBody = a.stages.at(-1)!.outputId;
    const selected = this.state.selectedLayer && a.byId.has(this.state.selectedLayer) ? this.state.selectedLayer : null;
    const capture = new Set([lastBody, ...(selected ? [selected] : [])]);
    const kept: tf.Tensor[] = [];
    const thumbs = new ThumbnailCollector(this.state.thumbMode);
    thumbs.observe('input', x);
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
    const t0 = performance.now();
    let out: { logits: tf.Tensor2D; activations: Map<string, tf.Tensor> } | null = null;
    const pause = slicer(() => token !== this.token);
    // The fast path, unless the selected layer sits inside one of its fused steps.
    const fast = !selected || model.fastPath().outputs.includes(selected);
    try {
      if (fast) {
        const r = await model.predictAsync(x, capture, pause, observeFast);
        out = { logits: r.logits, activations: r.kept };
      } else out = await model.forwardAsync(x, capture, pause, observe);
      const logits = await out.logits.data();
      // The model's latency: the thumbnails' share of the pass is the graph's, measured on its own (benchmark).
      const latencyMs = performance.now() - t0 - (fast ? 0 : thumbs.elapsed());
      if (token !== this.token) throw new Cancelled();
      const probs = softmax(logits);
      const top = topK(probs, 5);
      const stages: StageMap[] = [];
      for (const s of stageMeans) stages.push({ name: s.name, shape: a.byId.get(s.id)!.outShape, mean: (await s.mean.data()) as Float32Array });
      const residual: ResidualRatio[] = [];
      for (const n of norms) {
        const [b, sc] = [(await n.branch.data())[0], (await n.shortcut.data())[0]];
        residual.push({ block: n.block, ratio: sc > 0 ? b / sc : 0, projection: n.projection });
      }
      const cam = await this.classActivationMap(model, out.activations.get(lastBody)!, top[0].index);
      let features: FeatureMaps | null = null;
      if (selected) features = await this.featureMaps(selected, out.activations.get(selected)!);
      const thumbKey = [specKey(a.graph.spec), `${this.imageSeq}:${this.state.policy}`] as const;
      // The layer-by-layer pass saw every layer; the fast path's fused steps hide the layers inside them.
      const thumbnails = fast ? null : await thumbs.read(...thumbKey);
      if (token !== this.token) throw new Cancelled();
      const latency = this.state.latency;
      this.set({
        status: 'done',
        error: null,
        result: { top, classes: logits.length, latencyMs, stages, residual, cam, features },
        ...(thumbnails ? { thumbnails } : {}),
        latency: latency.first === null ? { ...latency, first: latencyMs } : { ...latency, later: [...latency.later, latencyMs] },
      });
      if (fast) {
        // Predictions are on screen; the graph's thumbnails need every layer's output, so a layer-by-layer pass
        // follows (in slices, cancelled by the next run) and they appear when it ends.
        const full = await model.forwardAsync(x, new Set(), pause, (l, y) => thumbs.observe(l.id, y));
        tf.dispose([full.logits, ...full.activations.values()]);
        const later = await thumbs.read(...thumbKey);
        if (token !== this.token) throw new Cancelled();
        this.set({ thumbnails: later });
      }
    } catch (e) {
      if (!(e instanceof Cancelled) && token === this.token) {
        const disposed = e instanceof Error && /disposed/.test(e.message);
        if (!disposed) this.set({ status: 'error', error: `The model could not run: ${e instanceof Error ? e.message : String(e)}` });
      }
    } finally {
      tf.dispose(kept);
      thumbs.dispose();
      if (out) tf.dispose([out.logits, ...out.activations.values()]);
    }
  }

  private async classActivationMap(model: ResNetModel, last: tf.Tensor, classIndex: number): Promise<Cam | null> {
    if (!last || last.rank !== 4) return null;
    const map = tf.tidy(() => {
      const w = model.classWeights(classIndex);
      const m = tf.relu(tf.sum(tf.mul(tf.squeeze(last, [0]), w), -1));
      const min = tf.min(m);
      const range = tf.maximum(tf.sub(tf.max(m), min), 1e-12);
      return tf.div(tf.sub(m, min), range);
    });
    const values = (await map.data()) as Float32Array;
    const [height, width] = map.shape;
    map.dispose();
    return { classIndex, height, width, values };
  }

  private async featureMaps(layerId: string, t: tf.Tensor): Promise<FeatureMaps> {
    // NHWC → CHW (a linear layer's [1, C] becomes C maps of 1×1).
    const chw = tf.tidy(() => (t.rank === 4 ? tf.transpose(tf.squeeze(t, [0]), [2, 0, 1]) : tf.reshape(t, [-1, 1, 1])));
    const values = (await chw.data()) as Float32Array;
    const [c, h, w] = chw.shape as [number, number, number];
    chw.dispose();
    const { stats, min, max } = channelStats(values, c, h * w);
    return { layerId, shape: [c, h, w], values, stats, min, max };
  }

  /** Times `runs` more passes of the current image (the latency figures). */
  async timeRuns(runs: number): Promise<void> {
    for (let i = 0; i < runs; i++) await this.run();
  }

  /** Each layer's time on the current backend, waiting for every layer to finish before the next. */
  async profileLayers(): Promise<void> {
    const model = this.model;
    if (!model || !this.decoded) return;
    const x = this.ensureInput(model);
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
    tf.dispose([out.logits]);
    this.set({ timing: times });
  }

  dispose(): void {
    this.token++;
    this.dropInput();
    this.decoded?.bitmap.close();
  }
}
