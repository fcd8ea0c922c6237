/**
 * Training a ResNet in TensorFlow.js as PyTorch would: BatchNorm in training mode, mean cross-entropy,
 * `torch.optim.SGD`, torchvision's initialisation and a learning-rate schedule. One `Trainer` is one run: it
 * owns its parameters, optimiser state and running statistics until `dispose()`.
 *
 *   const trainer = new Trainer(analysis, fashionMnistData(await fetchFashionMnist()), { ...DEFAULT_TRAIN_CONFIG, lr: 0.05 });
 *   const end = await trainer.run(300, (r) => plot(r.step, r.loss, r.accuracy, r.gradientNorms));
 *   // end.reason: 'done' | 'paused' | 'diverged' (end.message says why); trainer.pause() from a button.
 *   const bytes = await trainer.saveSafetensors();  // torchvision keys, int64 num_batches_tracked
 *   trainer.dispose();
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, english, joinPhrases, phrase, ruleProblem, TRAIN_SETTING_RULES, type ModelAnalysis, type Phrase } from '../../core';
import { ResNetModel } from '../model/resnet';
import { writeSafetensors } from '../weights/safetensors';
import type { CheckedWeights } from '../weights/load';
import type { BatchStats } from './batchNorm';
import { EpochSampler, type Batch, type TrainingData } from './data';
import { TrainableNet, type StateDictEntry } from './net';
import { learningRate, type Schedule } from './schedule';
import { Sgd, type SgdSettings } from './sgd';

export interface TrainConfig extends Schedule, SgdSettings {
  batchSize: number;
  /** Seeds the initialisation and the order of the batches. */
  seed: number;
  /** Test accuracy every this many steps (and after the last); 0: only when `evaluate()` is called. */
  evalEvery: number;
  /** Per-layer gradient norms every this many steps (and on the first); 0: only from `gradientFlow()`. */
  gradientNormEvery: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 1e-4,
  nesterov: false,
  batchSize: 64,
  steps: 300,
  warmupSteps: 0,
  warmup: 'constant',
  warmupFactor: 0.1,
  decay: 'cosine',
  seed: 1,
  evalEvery: 100,
  gradientNormEvery: 10,
};

/** The norm of one weight's gradient (conv and linear weights), in depth order: the gradient-flow plot. */
export interface LayerGradientNorm {
  /** state_dict key, e.g. `layer2.0.conv1.weight`. */
  key: string;
  layer: string;
  /** 1-based position among the weighted layers (stem conv 1, …, fc last); shortcut convs share their block's. */
  depth: number;
  onShortcut: boolean;
  norm: number;
}

export interface StepResult {
  /** Steps done so far (1 after the first). */
  step: number;
  /** Mean cross-entropy of the batch, before the update. */
  loss: number;
  /** Fraction of the batch classified right, before the update. */
  accuracy: number;
  lr: number;
  /** Wall time of the step (batch preparation, forward, backward, update, reading the loss). */
  ms: number;
  imagesPerSecond: number;
  gradientNorms?: LayerGradientNorm[];
  testAccuracy?: number;
}

export type TrainerStatus = 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'disposed';

export interface RunEnd {
  reason: 'done' | 'paused' | 'diverged';
  /** Why a run diverged, in English (the command line's; `Trainer.problem` is the phrase). */
  message?: string;
  step: number;
}

/**
 * Refused before anything is allocated or changed: bad settings, data that does not fit, a backend that cannot
 * train. A PhraseError: the Train tab words it in the user's language (it crosses the training worker with its
 * phrase), the command line in English.
 */
export class TrainingError extends PhraseError {
  constructor(message: Phrase, code = 'training') {
    super(message, code);
    this.name = 'TrainingError';
  }
}

/**
 * Kernels a training step needs: both gradients of a convolution are convolutions (no Conv2DBackpropFilter or
 * Conv2DBackpropInput), the input gradient's filter a gather, batch norm's channel means average pools and
 * matMuls and its per-channel multiply-adds depthwise 1×1 convolutions, option A's shortcut a 1×1 convolution.
 */
const TRAINING_KERNELS = ['Conv2D', 'FusedDepthwiseConv2D', 'AvgPool', 'BatchMatMul', 'GatherV2', 'Transpose', 'PadV2', 'Concat', 'SplitV', 'MaxPoolGrad', 'Step', 'Relu'];

/** Throws a TrainingError when the backend lacks a kernel the training step uses (never falls back silently). */
export function assertCanTrain(backend: string = tf.getBackend()): void {
  const missing = TRAINING_KERNELS.filter((k) => !tf.getKernel(k, backend));
  if (missing.length) {
    const template = missing.length > 1 ? 'The {backend} backend cannot train: it has no {kernels} kernels' : 'The {backend} backend cannot train: it has no {kernels} kernel';
    throw new TrainingError(phrase(template, { backend, kernels: missing.join(', ') }), 'backend');
  }
}

/** The default memory a run may take: what a 32-bit WebAssembly heap can hold with room to spare. */
export const DEFAULT_MEMORY_BUDGET = 1.5 * 2 ** 30;

/**
 * Bytes a training step needs, estimated: every activation kept for the backward pass and its gradient
 * (3 × activations × batch × 4 bytes), the largest im2col buffer of a filter gradient, and the parameters,
 * gradient, momentum and update (4 × parameters × 4 bytes).
 */
export function trainingMemoryBytes(analysis: ModelAnalysis, batchSize: number): number {
  let im2col = 0;
  for (const l of analysis.layers) {
    if (l.layer.type !== 'Conv2d') continue;
    const k = l.layer.kernel ?? 1;
    im2col = Math.max(im2col, l.outShape[1] * l.outShape[2] * k * k * (l.layer.inChannels / (l.layer.groups ?? 1)));
  }
  return 4 * (3 * analysis.activations * batchSize + im2col * batchSize + 4 * analysis.params);
}

/**
 * Every problem with a run's settings, data and model, as one error (nothing is allocated before). The
 * settings a user edits are checked against the one table of rules (core/trainSettings.ts) the Train tab's
 * form and store use too.
 */
function checkConfig(c: TrainConfig, analysis: ModelAnalysis, data: TrainingData, budget: number): void {
  const problems: Phrase[] = [];
  for (const rule of TRAIN_SETTING_RULES) {
    const p = ruleProblem(rule, c[rule.key]);
    if (p) problems.push(p);
  }
  if (c.nesterov && c.momentum <= 0) problems.push(phrase('Nesterov momentum needs a momentum above 0'));
  if (!(c.warmupFactor > 0 && c.warmupFactor <= 1)) problems.push(phrase('The warm-up factor must be in (0, 1] (got {value})', { value: String(c.warmupFactor) }));
  const spec = analysis.graph.spec;
  const { channels, height, width } = data.input;
  if (spec.input.channels !== channels || spec.input.height !== height || spec.input.width !== width) {
    problems.push(phrase('The model takes {model} inputs but the data is {data}', { model: `${spec.input.channels}×${spec.input.height}×${spec.input.width}`, data: `${channels}×${height}×${width}` }));
  }
  if (spec.numClasses !== data.numClasses) problems.push(phrase('The model has {model} classes but the data has {data}', { model: spec.numClasses, data: data.numClasses }));
  if (analysis.problems.length) problems.push(phrase('The model does not fit its input: {reason}', { reason: analysis.problems[0].phrase }));
  if (problems.length === 0) {
    const need = trainingMemoryBytes(analysis, Math.min(c.batchSize, data.trainCount));
    if (need > budget) {
      let fits = Math.min(c.batchSize, data.trainCount);
      while (fits > 1 && trainingMemoryBytes(analysis, fits) > budget) fits = Math.floor(fits / 2);
      problems.push(
        phrase('A batch of {batch} needs about {need} MB, more than the {budget} MB allowed here; try a batch of {fits}', {
          batch: c.batchSize,
          need: Math.round(need / 2 ** 20),
          budget: Math.round(budget / 2 ** 20),
          fits,
        }),
      );
    }
  }
  if (problems.length) throw new TrainingError(problems.length === 1 ? problems[0] : joinPhrases(problems), 'config');
}


export interface TrainerOptions {
  /** Start from these weights (checked with `checkWeights`) instead of a fresh initialisation. */
  weights?: CheckedWeights;
  /** Bytes a step may take (default DEFAULT_MEMORY_BUDGET); larger batches are refused before allocating. */
  memoryBudget?: number;
}

export class Trainer {
  readonly net: TrainableNet;
  readonly config: Readonly<TrainConfig>;
  private params!: tf.Tensor1D;
  private runMean!: tf.Tensor1D;
  private runVar!: tf.Tensor1D;
  private counts!: bigint[];
  private sgd: Sgd;
  private sampler!: EpochSampler;
  private stepsDone = 0;
  private state: TrainerStatus = 'ready';
  private pauseRequested = false;
  private divergence: Phrase | undefined;
  private readonly weights?: CheckedWeights;
  /** Which weights the gradient-flow plot shows, with their depth. */
  private readonly flowSlots: { key: string; layer: string; depth: number; onShortcut: boolean; offset: number; size: number }[];

  constructor(
    readonly analysis: ModelAnalysis,
    readonly data: TrainingData,
    config: TrainConfig,
    options: TrainerOptions = {},
  ) {
    assertCanTrain();
    checkConfig(config, analysis, data, options.memoryBudget ?? DEFAULT_MEMORY_BUDGET);
    this.config = { ...config, batchSize: Math.min(config.batchSize, data.trainCount) };
    this.net = new TrainableNet(analysis);
    this.weights = options.weights;
    this.sgd = new Sgd(config);
    let depth = 0;
    this.flowSlots = this.net.slots
      .filter((s) => s.spec.role === 'conv' || s.spec.role === 'fc.weight')
      .map((s) => {
        const layer = analysis.graph.layers.find((l) => l.name === s.spec.layer)!;
        if (!layer.onShortcut) depth++;
        return { key: s.spec.key, layer: s.spec.layer, depth, onShortcut: layer.onShortcut, offset: s.offset, size: s.size };
      });
    this.initialise();
  }

  private initialise() {
    if (this.weights) {
      const w = this.net.fromTorch(this.weights.modules);
      this.params = w.params;
      this.runMean = w.mean;
      this.runVar = w.variance;
      this.counts = w.counts;
    } else {
      this.params = this.net.initialParameters(this.config.seed);
      const r = this.net.initialRunning();
      this.runMean = r.mean;
      this.runVar = r.variance;
      this.counts = this.net.bnLayers.map(() => 0n);
    }
    this.sampler = new EpochSampler(this.data.trainCount, this.config.seed);
    this.stepsDone = 0;
    this.divergence = undefined;
    this.state = 'ready';
  }

  get status(): TrainerStatus {
    return this.state;
  }

  get step(): number {
    return this.stepsDone;
  }

  /** Why the run stopped, when the loss diverged (in English; `problem` is the phrase). */
  get message(): string | undefined {
    return this.divergence && english(this.divergence);
  }

  /** Why the run stopped, when the loss diverged, as a phrase for the user's language. */
  get problem(): Phrase | undefined {
    return this.divergence;
  }

  private assertUsable() {
    if (this.state === 'disposed') throw new TrainingError(phrase('This training run has been disposed'), 'disposed');
  }

  private toTensors(batch: Batch): { x: tf.Tensor4D; labels: tf.Tensor1D } {
    const { channels, height, width } = this.data.input;
    return { x: tf.tensor4d(batch.input, [batch.size, height, width, channels]), labels: tf.tensor1d(batch.labels, 'int32') };
  }

  /**
   * Loss and gradient for a batch at the current weights (nothing changes). The caller owns the returned
   * tensors: the loss, the count of right answers, the flat gradient and each BatchNorm's batch statistics.
   */
  private lossAndGradient(batch: Batch) {
    const { x, labels } = this.toTensors(batch);
    try {
      return this.net.lossAndGradient(x, labels, this.params);
    } finally {
      tf.dispose([x, labels]);
    }
  }

  private norms(grad: Float32Array): LayerGradientNorm[] {
    return this.flowSlots.map((s) => {
      let sum = 0;
      for (let i = s.offset; i < s.offset + s.size; i++) sum += grad[i] * grad[i];
      return { key: s.key, layer: s.layer, depth: s.depth, onShortcut: s.onShortcut, norm: Math.sqrt(sum) };
    });
  }

  /** One SGD step on the next batch. A loss that is NaN or infinite stops the run (no update is applied). */
  async trainStep(): Promise<StepResult> {
    this.assertUsable();
    if (this.state === 'diverged') throw new TrainingError(this.divergence!, 'diverged');
    const t0 = performance.now();
    const c = this.config;
    const lr = learningRate(c, this.stepsDone);
    const batch = this.data.trainBatch(this.sampler.next(c.batchSize));
    const { loss, correct, grad, stats } = this.lossAndGradient(batch);
    const wantNorms = c.gradientNormEvery > 0 && (this.stepsDone === 0 || (this.stepsDone + 1) % c.gradientNormEvery === 0);
    let lossValue: number;
    let correctValue: number;
    let gradientNorms: LayerGradientNorm[] | undefined;
    try {
      const both = tf.stack([loss, correct]);
      [lossValue, correctValue] = (await both.data()) as unknown as [number, number];
      both.dispose();
      if (wantNorms) gradientNorms = this.norms((await grad.data()) as Float32Array);
      if (!Number.isFinite(lossValue)) {
        this.state = 'diverged';
        this.divergence = phrase('The loss became {loss} at step {step} (learning rate {lr}): training stopped. Try a lower learning rate or a warm-up.', {
          loss: String(lossValue),
          step: this.stepsDone + 1,
          lr: String(lr),
        });
      } else {
        const next = this.sgd.step(this.params, grad, lr);
        this.params.dispose();
        this.params = next;
        const running = this.net.updatedRunning(this.runMean, this.runVar, stats);
        tf.dispose([this.runMean, this.runVar]);
        this.runMean = running.mean;
        this.runVar = running.variance;
        this.counts = this.counts.map((n) => n + 1n);
        this.stepsDone++;
      }
    } finally {
      tf.dispose([loss, correct, grad]);
      for (const s of stats.values()) disposeStats(s);
    }
    const ms = performance.now() - t0;
    const result: StepResult = { step: this.stepsDone, loss: lossValue, accuracy: correctValue / batch.size, lr, ms, imagesPerSecond: (batch.size * 1000) / ms };
    if (gradientNorms) result.gradientNorms = gradientNorms;
    if (this.state !== 'diverged' && this.data.testCount > 0 && c.evalEvery > 0 && (this.stepsDone % c.evalEvery === 0 || this.stepsDone === c.steps)) {
      result.testAccuracy = await this.evaluate();
    }
    if ((this.state as TrainerStatus) !== 'diverged' && this.stepsDone >= c.steps) this.state = 'done';
    return result;
  }

  /**
   * Trains until `config.steps` are done (or `maxSteps` more), `pause()` is called, or the loss diverges,
   * calling `onStep` after each step and yielding to the event loop between steps. Call again to resume.
   */
  async run(onStep?: (r: StepResult) => void, maxSteps = Infinity): Promise<RunEnd> {
    this.assertUsable();
    if (this.state === 'running') throw new TrainingError(phrase('This run is already training'));
    if (this.state === 'diverged') return { reason: 'diverged', message: this.message, step: this.stepsDone };
    this.pauseRequested = false;
    this.state = 'running';
    let done = 0;
    try {
      while (this.stepsDone < this.config.steps && done < maxSteps) {
        const r = await this.trainStep();
        done++;
        onStep?.(r);
        if ((this.state as TrainerStatus) === 'diverged') return { reason: 'diverged', message: this.message, step: this.stepsDone };
        if ((this.state as TrainerStatus) === 'disposed') return { reason: 'paused', step: this.stepsDone };
        if (this.pauseRequested) break;
        await new Promise((resolve) => setTimeout(resolve, 0));
        if ((this.state as TrainerStatus) === 'disposed') return { reason: 'paused', step: this.stepsDone };
        if (this.pauseRequested) break;
      }
    } catch (e) {
      if ((this.state as TrainerStatus) === 'running') this.state = 'paused';
      throw e;
    }
    if (this.stepsDone >= this.config.steps) {
      this.state = 'done';
      return { reason: 'done', step: this.stepsDone };
    }
    this.state = 'paused';
    return { reason: 'paused', step: this.stepsDone };
  }

  /** Asks a running `run()` to stop after the current step; it resolves with reason 'paused'. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Back to step 0: fresh weights (or the starting ones), optimiser and batch order. Not while running. */
  reset(): void {
    this.assertUsable();
    if (this.state === 'running') throw new TrainingError(phrase('Pause the run before resetting it'));
    this.disposeTensors();
    this.sgd = new Sgd(this.config);
    this.initialise();
  }

  /** Logits for an NHWC batch (normalised) in evaluation mode (running statistics); the caller owns them. */
  logits(x: tf.Tensor4D): tf.Tensor2D {
    this.assertUsable();
    return tf.tidy(() => this.net.forwardEval(x, this.net.unflatten(this.params), this.net.splitRunning(this.runMean, this.runVar)));
  }

  /** Accuracy on the whole test set, with the running statistics (evaluation mode). */
  async evaluate(chunk = 250): Promise<number> {
    this.assertUsable();
    if (this.data.testCount === 0) throw new TrainingError(phrase('There is no test set to evaluate on'));
    let right = 0;
    for (let start = 0; start < this.data.testCount; start += chunk) {
      const batch = this.data.testBatch(start, start + chunk);
      const count = tf.tidy(() => {
        const { x, labels } = this.toTensors(batch);
        return tf.sum(tf.cast(tf.equal(tf.argMax(this.logits(x), 1), labels), 'int32'));
      });
      right += (await count.data())[0];
      count.dispose();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return right / this.data.testCount;
  }

  /**
   * Each weight's gradient norm at the current weights on a fixed probe batch (the first batch of the seed's
   * order), changing nothing: the gradient-flow plot at initialisation, or at any later point.
   */
  async gradientFlow(): Promise<LayerGradientNorm[]> {
    return this.norms(await this.probe((grad) => grad.data() as Promise<Float32Array>));
  }

  /**
   * The loss and every trainable parameter's gradient (PyTorch layout, by state_dict key) on the same fixed
   * probe batch, changing nothing: what one step would apply before weight decay and momentum.
   */
  async gradients(): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
    let loss = NaN;
    const grads = await this.probe(async (grad, l) => {
      loss = (await l.data())[0];
      return this.net.toTorch(grad);
    });
    return { loss, grads };
  }

  private async probe<T>(read: (grad: tf.Tensor1D, loss: tf.Scalar) => Promise<T>): Promise<T> {
    this.assertUsable();
    const indices = new EpochSampler(this.data.trainCount, this.config.seed).next(this.config.batchSize);
    const { loss, correct, grad, stats } = this.lossAndGradient(this.data.trainBatch(indices));
    try {
      return await read(grad, loss as tf.Scalar);
    } finally {
      tf.dispose([loss, correct, grad]);
      for (const s of stats.values()) disposeStats(s);
    }
  }

  /** The state_dict as PyTorch saves it (OIHW convs, [out, in] linear weight, int64 num_batches_tracked). */
  async toStateDict(): Promise<StateDictEntry[]> {
    this.assertUsable();
    return this.net.stateDict(this.params, this.runMean, this.runVar, this.counts);
  }

  /** The state_dict as a safetensors file that `model.load_state_dict(safetensors.torch.load_file(path))` accepts. */
  async saveSafetensors(): Promise<Uint8Array> {
    const dict = await this.toStateDict();
    return writeSafetensors(
      dict.map((d) => ({ name: d.key, dtype: d.dtype, shape: d.shape, data: d.data })),
      { format: 'pt', producer: 'ResNet Explorer', steps: String(this.stepsDone) },
    );
  }

  /** An inference model (the Run tab's) holding the trained weights; the caller owns it. */
  async toInferenceModel(name = 'trained in the browser'): Promise<ResNetModel> {
    const dict = await this.toStateDict();
    const model = new ResNetModel(this.analysis, { kind: 'file', name });
    const byLayer = new Map<string, Record<string, Float32Array | bigint>>();
    for (const p of model.schema) {
      const entry = dict.find((d) => d.key === p.key)!;
      const m = byLayer.get(p.layer) ?? {};
      m[p.role] = entry.data instanceof BigInt64Array ? entry.data[0] : entry.data;
      byLayer.set(p.layer, m);
    }
    try {
      for (const [layer, values] of byLayer) model.setFromTorch(layer, values);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  private disposeTensors() {
    tf.dispose([this.params, this.runMean, this.runVar]);
    this.sgd.dispose();
  }

  dispose(): void {
    if (this.state === 'disposed') return;
    this.disposeTensors();
    this.state = 'disposed';
  }
}

function disposeStats(s: BatchStats) {
  s.mean.dispose();
  s.variance.dispose();
}
