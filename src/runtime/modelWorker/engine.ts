/**
 * The live model's thread, as one object with plain-data methods: the model host (build, backends, weights)
 * and the image runner (predictions, thumbnails, timing). The worker exposes it over comlink; the main-thread
 * fallback calls the same object directly, so both paths run the same code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, analyzeSpec, onnxModel, phrase, specKey, type ModelAnalysis, type ResNetSpec } from '../../core';
import type { BackendName } from '../backends/names';
import { ImageRunner } from './imageRunner';
import { ModelHost, type HostState } from './modelHost';
import type { InputTensor, LayerTime, MemoryFigures, ModelInfo, RunOutcome, RunRequest, RunnerState } from './protocol';
import type { Thumbnails } from '../model/thumbnails';
import type { ResNetModel } from '../model/resnet';

/** The page's view of the host's state: the model as plain facts, not tensors. */
export type EngineState = Omit<RunnerState, 'thread' | 'notice'>;

export class ModelEngine {
  private readonly host = new ModelHost();
  private readonly images = new ImageRunner();
  private readonly ids = new WeakMap<ResNetModel, number>();
  private builds = 0;
  /** The last spec analysed, and its analysis. */
  private analysed: { key: string; analysis: ModelAnalysis } | null = null;

  /** `onState` hears every change of the host's state, as plain data. */
  constructor(private readonly onState: (s: EngineState) => void) {
    this.host.subscribe(() => this.onState(this.view(this.host.getState())));
  }

  private view(s: HostState): EngineState {
    let model: ModelInfo | null = null;
    if (s.model) {
      let id = this.ids.get(s.model);
      if (id === undefined) this.ids.set(s.model, (id = ++this.builds));
      model = { id, spec: s.model.analysis.graph.spec, layers: s.model.analysis.layers.length };
    }
    return { ...s, model };
  }

  state(): EngineState {
    return this.view(this.host.getState());
  }

  start(): Promise<void> {
    return this.host.start();
  }

  /** The analysis of a spec the page has already checked (kept for the next call with the same spec). */
  private analysisOf(spec: ResNetSpec): ModelAnalysis {
    const key = specKey(spec);
    if (this.analysed?.key !== key) this.analysed = { key, analysis: analyzeSpec(spec) };
    return this.analysed.analysis;
  }

  /** Builds the spec now; a newer build makes this one stop. (The page debounces edits.) */
  build(spec: ResNetSpec): Promise<void> {
    return this.host.build(this.analysisOf(spec));
  }

  setBackend(name: BackendName): Promise<boolean> {
    return this.host.setBackend(name);
  }

  /** A state_dict file for the model `spec` describes (the page's current one). */
  loadWeights(spec: ResNetSpec | null, name: string, bytes: Uint8Array): Promise<boolean> {
    return this.host.loadWeights(name, bytes, spec ? this.analysisOf(spec) : undefined);
  }

  useRandomWeights(): Promise<void> {
    return this.host.useRandomWeights();
  }

  dismissWeightsProblem(): void {
    this.host.dismissWeightsProblem();
  }

  adoptRejectedFile(): void {
    this.host.adoptRejectedFile();
  }

  private model(): ResNetModel {
    const m = this.host.getState().model;
    if (!m) throw new PhraseError(phrase('The model is still being built'), 'building');
    return m;
  }

  /** The weights as safetensors. */
  async saveWeights(): Promise<Uint8Array> {
    return this.host.saveWeights();
  }

  /** The model with its weights as an ONNX file. */
  async onnxFile(): Promise<Uint8Array> {
    const model = this.model();
    const dict = await model.toStateDict();
    return onnxModel(model.analysis.graph, new Map(dict.map((d) => [d.key, d])));
  }

  async tfjsArtifacts(base: string): Promise<{ modelJson: string; weights: Uint8Array; weightsName: string }> {
    const { tfjsArtifacts } = await import('../weights/tfjsExport');
    return tfjsArtifacts(this.model(), base);
  }

  forwardRaw(values: Float32Array | number[], shape: number[], layerIds: string[] = [], path: 'layers' | 'fast' = 'layers'): ReturnType<ModelHost['forwardRaw']> {
    return this.host.forwardRaw(values, shape, layerIds, path);
  }

  /** The thread's tensor memory at rest: once the background warm-up of a new model has ended. */
  async memory(): Promise<MemoryFigures> {
    await this.host.idle();
    const m = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers };
  }

  /**
   * For the benchmark: times `runs` passes (after a first one, reported apart) on the model's own thread, each
   * until its logits are read back; on an NCHW input given, or random normal values. Returns the first pass's logits.
   */
  async timePasses(runs: number, path: 'fast' | 'layers', input?: { values: Float32Array | number[]; shape: number[] }): Promise<{ first: number; times: number[]; logits: number[] }> {
    // Timed at rest: after the background warm-up of a model just built.
    await this.host.idle();
    const model = this.model();
    const { height, width, channels } = model.analysis.graph.spec.input;
    const x = input
      ? (tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(input.values), input.shape as [number, number, number, number]), [0, 2, 3, 1])) as tf.Tensor4D)
      : (tf.randomNormal([1, height, width, channels]) as tf.Tensor4D);
    const once = async () => {
      const t0 = performance.now();
      const { logits } = path === 'fast' ? model.predict(x) : model.forward(x);
      const values = Array.from(await logits.data());
      logits.dispose();
      return { ms: performance.now() - t0, values };
    };
    try {
      const first = await once();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await once()).ms);
      return { first: first.ms, times, logits: first.values };
    } finally {
      x.dispose();
    }
  }

  /** The backend tfjs actually runs on (a failed setBackend falls back silently). */
  backendInUse(): string {
    return tf.getBackend();
  }

  /** For the tests: lose the WebGL context as a GPU reset would. */
  loseWebGLContext(): boolean {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_lose_context');
    ext?.loseContext();
    return Boolean(ext);
  }

  // --- the image ---

  setInput(input: InputTensor): void {
    this.images.setInput(input);
  }

  hasInput(key: string): boolean {
    return this.images.hasInput(key);
  }

  dropInput(): void {
    this.images.dropInput();
  }

  cancelRuns(token: number): void {
    this.images.cancel(token);
  }

  /** Predictions for the current input; null when cancelled or the model changed meanwhile. */
  async run(req: RunRequest): Promise<RunOutcome | null> {
    const model = this.host.getState().model;
    if (!model || this.ids.get(model) !== req.modelId) return null;
    return this.images.run(model, req);
  }

  async runThumbnails(req: RunRequest): Promise<Thumbnails | null> {
    const model = this.host.getState().model;
    if (!model || this.ids.get(model) !== req.modelId) return null;
    return this.images.thumbnails(model, req);
  }

  async profileLayers(): Promise<LayerTime[] | null> {
    const model = this.host.getState().model;
    return model ? this.images.profileLayers(model) : null;
  }

  layerMeans(ids: string[]): Promise<Record<string, number>> {
    return this.images.layerMeans(this.model(), ids);
  }
}

