/**
 * Keeps a live tfjs model in step with the configured spec, on the thread that holds it (the model's worker,
 * or the page as a fallback). Builds are debounced, run in small steps that yield (with progress), and are
 * thrown away when a newer spec arrives; the previous model stays usable until its successor is ready, then
 * is disposed. Weights are held as what made them — a seed for torchvision's random initialisation, or the
 * bytes of a loaded file — so a rebuild on another backend, or after an edit that keeps every weight's shape,
 * keeps the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Emitter, PhraseError, phrase, phraseOf, stateDictSchema, type ModelAnalysis } from '../../core';
import type { BackendName } from '../backends/names';
import { chooseBackend, describeWasm, ensureBackend, switchBackend } from '../backends/choose';
import { Cancelled, MEMORY_BUDGET, SLICE_MS, memoryNeeded, nextTask, slicer } from '../model/pacing';
import { ResNetModel } from '../model/resnet';
import { WeightsError, checkWeights, saveWeights, type CheckedWeights } from '../weights/load';
import { nchwInput } from './nhwc';
import { STARTING, type RunnerState } from './protocol';

/** The host's state: the page's RunnerState, with the live model itself. */
export interface HostState extends Omit<RunnerState, 'model' | 'thread' | 'notice'> {
  model: ResNetModel | null;
}

const DEBOUNCE_MS = 200;

export class ModelHost {
  private state: HostState = { ...STARTING, model: null };
  private readonly emitter = new Emitter();
  private analysis: ModelAnalysis | null = null;
  private file: { name: string; bytes: Uint8Array } | null = null;
  /** A file refused for not fitting, kept in case the user switches to the architecture it describes. */
  private rejected: { name: string; bytes: Uint8Array } | null = null;
  private seed = Math.floor(Math.random() * 2 ** 31);
  private buildToken = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<void> | null = null;
  /** The background warm-up pass of the model just built (WebAssembly and CPU). */
  private warming: Promise<void> = Promise.resolve();

  getState = (): HostState => this.state;

  readonly subscribe = this.emitter.subscribe;

  /** The model being analysed for (the last spec handed over). */
  currentAnalysis(): ModelAnalysis | null {
    return this.analysis;
  }

  private set(patch: Partial<HostState>): void {
    const m = tf.memory();
    const memory = this.state.memory.numTensors === m.numTensors && this.state.memory.numBytes === m.numBytes ? this.state.memory : { numTensors: m.numTensors, numBytes: m.numBytes };
    // Nothing new (a pass that freed all it made): no message, so the page's answer is not queued behind one.
    if (Object.keys(patch).length === 0 && memory === this.state.memory) return;
    this.state = { ...this.state, ...patch, memory };
    this.emitter.emit();
  }

  /** Picks the backend (once). */
  start(): Promise<void> {
    this.started ??= (async () => {
      const choice = await ensureBackend();
      this.set({ backend: choice.name, backendReason: choice.reason });
      this.watchWebGL();
    })();
    return this.started;
  }

  /** On WebGL, notice a lost GPU context (driver reset, GPU process crash, too many contexts). */
  private watchWebGL(): void {
    if (tf.getBackend() !== 'webgl') return;
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    const canvas = gl?.canvas as HTMLCanvasElement | OffscreenCanvas | undefined;
    canvas?.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      void this.recoverFromLostContext();
    });
  }

  /**
   * The GPU context is gone and every tensor on it with it. tfjs cannot resume a WebGL backend on a restored
   * context, so the model is rebuilt, with the same weights (kept as bytes or a seed), on WebAssembly (or
   * the CPU) and the user is told.
   */
  private async recoverFromLostContext(): Promise<void> {
    const old = this.state.model;
    this.buildToken++;
    this.set({ model: null, status: 'building', progress: 0, error: null });
    try {
      old?.dispose();
    } catch {
      // Its textures went with the context.
    }
    try {
      tf.removeBackend('webgl');
    } catch {
      // already gone
    }
    const next: BackendName = (await switchBackend('wasm')) ? 'wasm' : 'cpu';
    if (next === 'cpu') await switchBackend('cpu');
    this.set({
      backend: next,
      backendReason: phrase("The GPU's WebGL context was lost; the model was rebuilt on {backend} with the same weights. Reload the page to use WebGL again.", {
        backend: next === 'wasm' ? 'WebAssembly' : phrase('the CPU'),
      }),
    });
    if (this.analysis) await this.build(this.analysis);
  }

  /** The user chose a backend: rebuild the model there with the same weights. */
  async setBackend(name: BackendName): Promise<boolean> {
    await this.start();
    const old = this.state.model;
    this.buildToken++;
    this.set({ model: null, status: 'building', progress: 0 });
    old?.dispose();
    const ok = await switchBackend(name);
    if (!ok) {
      const fallback = this.state.backend && (await switchBackend(this.state.backend)) ? this.state.backend : (await chooseBackend()).name;
      this.set({ backend: fallback, backendReason: phrase('{name} could not start here; staying on {fallback}', { name, fallback }) });
    } else {
      this.set({ backend: name, backendReason: name === 'wasm' ? phrase('Chosen by you: {wasm}', { wasm: await describeWasm() }) : phrase('Chosen by you ({name})', { name }) });
      this.watchWebGL();
    }
    if (this.analysis) await this.build(this.analysis);
    return ok;
  }

  /** The configured model changed: build it soon (edits in quick succession make one build). */
  setSpec(analysis: ModelAnalysis): void {
    this.analysis = analysis;
    // Say at once that the model on screen is being replaced; the old one still answers until then.
    if (this.state.status !== 'starting' && this.state.status !== 'building') this.set({ status: 'building', progress: 0, error: null });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.build(analysis);
    }, this.state.model ? DEBOUNCE_MS : 0);
  }

  /** Loads a state_dict file (safetensors or torch.save, told apart by its bytes); a file that does not fit changes nothing and says why. */
  async loadWeights(name: string, bytes: Uint8Array, current?: ModelAnalysis): Promise<boolean> {
    if (current) this.analysis = current;
    await this.start();
    const analysis = this.analysis;
    if (!analysis) return false;
    try {
      checkWeights(bytes, analysis, stateDictSchema(analysis.graph));
    } catch (e) {
      if (!(e instanceof WeightsError)) throw e;
      this.rejected = e.suggestedSpec ? { name, bytes } : null;
      this.set({ weightsProblem: { fileName: name, problems: e.problems, suggestedSpec: e.suggestedSpec } });
      return false;
    }
    this.file = { name, bytes };
    this.rejected = null;
    this.set({ weightsProblem: null });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.build(analysis);
    return this.state.weights.kind === 'file';
  }

  /** Back to torchvision's random initialisation (a new draw). */
  async useRandomWeights(): Promise<void> {
    this.file = null;
    this.seed = Math.floor(Math.random() * 2 ** 31);
    this.set({ heldFile: null, weightsProblem: null });
    if (this.analysis) await this.build(this.analysis);
  }

  dismissWeightsProblem(): void {
    this.rejected = null;
    this.set({ weightsProblem: null });
  }

  /**
   * The user switches to the architecture a refused file describes: the file becomes the weights, applied by
   * the build the new spec triggers.
   */
  adoptRejectedFile(): void {
    if (!this.rejected) return;
    this.file = this.rejected;
    this.rejected = null;
    this.set({ weightsProblem: null });
  }

  async saveWeights(): Promise<Uint8Array> {
    const model = this.state.model;
    if (!model) throw new PhraseError(phrase('The model is still being built'), 'building');
    return saveWeights(model);
  }

  /** Builds `analysis` now; a newer build makes this one stop and clean up. */
  async build(analysis: ModelAnalysis): Promise<void> {
    this.analysis = analysis;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.start();
    const token = ++this.buildToken;
    const backend = this.state.backend!;
    const needed = memoryNeeded(analysis);
    if (needed > MEMORY_BUDGET[backend]) {
      this.set({
        status: 'error',
        error: phrase(
          'This model needs about {gb} GB for its weights and activations, more than the {backend} backend can hold here ({limit} GB). Make it narrower, shallower or its input smaller.',
          { gb: (needed / 1e9).toFixed(1), backend, limit: (MEMORY_BUDGET[backend] / 1e9).toFixed(1) },
        ),
      });
      return;
    }
    const t0 = performance.now();
    const warmFirst = backend === 'webgl' || backend === 'webgpu';
    this.set({ status: 'building', progress: 0, error: null });
    const schema = stateDictSchema(analysis.graph);
    let checked: CheckedWeights | null = null;
    if (this.file) {
      try {
        checked = checkWeights(this.file.bytes, analysis, schema);
      } catch (e) {
        if (!(e instanceof WeightsError)) throw e;
        checked = null;
      }
    }
    const model = new ResNetModel(analysis, checked ? { kind: 'file', name: this.file!.name } : { kind: 'random' });
    try {
      const layers = model.parameterLayers;
      let sliceStart = performance.now();
      for (let i = 0; i < layers.length; i++) {
        if (checked) model.setFromTorch(layers[i], checked.modules.get(layers[i])!);
        else model.initLayer(layers[i], this.seed + i);
        if (performance.now() - sliceStart > SLICE_MS) {
          this.set({ progress: (i + 1) / layers.length });
          await nextTask();
          if (token !== this.buildToken) throw new Cancelled();
          sliceStart = performance.now();
        }
      }
      // On a GPU backend, run once on the fast path before "ready", so shaders compile as part of the build and
      // not on the first image. On WebAssembly and the CPU there is nothing to compile: the pass that folds the
      // batch norms and touches every kernel runs just after "ready", in slices, in the background.
      if (warmFirst) await this.warmUp(model, token);
      if (token !== this.buildToken) throw new Cancelled();
    } catch (e) {
      model.dispose();
      if (e instanceof Cancelled) return;
      this.set({ status: 'error', error: phrase('The model could not be built: {reason}', { reason: phraseOf(e) }), memory: this.state.memory });
      return;
    }
    const old = this.state.model;
    this.set({
      model,
      status: 'ready',
      progress: 1,
      weights: checked ? { kind: 'file', name: this.file!.name } : { kind: 'random' },
      heldFile: this.file && !checked ? this.file.name : null,
      buildMs: performance.now() - t0,
    });
    old?.dispose();
    this.set({});
    if (!warmFirst) {
      this.warming = this.warmUp(model, token)
        .then(() => {
          if (this.state.model === model) this.set({});
        })
        .catch(() => {
          // Replaced (or disposed) before it finished: the next model warms itself.
        });
    }
  }

  /** One fast-path pass on zeros, in slices: folds the batch norms into the convolutions and warms the kernels. */
  private async warmUp(model: ResNetModel, token: number): Promise<void> {
    const { height, width, channels } = model.analysis.graph.spec.input;
    const warm = tf.zeros([1, height, width, channels]) as tf.Tensor4D;
    try {
      const { logits } = await model.predictAsync(warm, new Set(), slicer(() => token !== this.buildToken));
      await logits.data();
      logits.dispose();
    } finally {
      warm.dispose();
    }
  }

  /** Resolves once the background warm-up of the current model (if any) has ended: the thread is at rest. */
  async idle(): Promise<void> {
    await this.warming;
  }

  /**
   * For the console, tests and the benchmark: run NCHW values through the current model, reading back the
   * layers named, on the layer-by-layer pass or the fast path (which can read back only the outputs of its
   * fused steps). `passMs`: the pass alone, from the NHWC input tensor to the logits read back.
   */
  async forwardRaw(values: Float32Array | number[], shape: number[], layerIds: string[] = [], path: 'layers' | 'fast' = 'layers'): Promise<RawOutput> {
    const model = this.state.model;
    if (!model) throw new PhraseError(phrase('The model is still being built'), 'building');
    const x = nchwInput(values, shape);
    let logits: tf.Tensor2D | null = null;
    let activations = new Map<string, tf.Tensor>();
    try {
      const t0 = performance.now();
      ({ logits, activations } = path === 'fast' ? (({ logits, kept }) => ({ logits, activations: kept }))(model.predict(x, new Set(layerIds))) : model.forward(x, new Set(layerIds)));
      const flat = (await logits.data()) as Float32Array;
      const passMs = performance.now() - t0;
      const [rows, cols] = logits.shape;
      const out: Record<string, { shape: number[]; values: number[] }> = {};
      for (const [id, t] of activations) {
        const nchw = t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : tf.clone(t);
        out[id] = { shape: nchw.shape, values: Array.from(await nchw.data()) };
        nchw.dispose();
      }
      return { logits: Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols))), activations: out, passMs };
    } finally {
      tf.dispose([x, ...(logits ? [logits] : []), ...activations.values()]);
      this.set({});
    }
  }
}

/** What `forwardRaw` hands back: plain numbers, NCHW. */
export interface RawOutput {
  logits: number[][];
  activations: Record<string, { shape: number[]; values: number[] }>;
  /** The pass alone on the model's thread: from the input tensor to the logits read back (no messages, no copies). */
  passMs: number;
}

