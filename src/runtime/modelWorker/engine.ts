/**
 * The live model's thread, as one object with plain-data methods: the model host (build, backends, weights)
 * and the image runner (predictions, thumbnails, timing). The worker exposes it over comlink; the main-thread
 * fallback calls the same object directly, so both paths run the same code.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, analyzeSpec, onnxModel, phrase, specKey, type ModelAnalysis, type ResNetSpec } from '../../core';
import type { BackendName } from '../backends/names';
import { CompareHost } from './compareHost';
import { ImageRunner } from './imageRunner';
import { ModelHost, type HostState, type RawOutput } from './modelHost';
import type { ColumnState, CompareInput, InputTensor, LayerTime, MemoryFigures, ModelInfo, Prediction, Readouts, ReadoutRequest, RunRequest, RunnerState, StepTime } from './protocol';
import type { ResNetModel } from '../model/resnet';

/** The page's view of the host's state: the model as plain facts, not tensors. */
export type EngineState = Omit<RunnerState, 'thread' | 'notice'>;

export class ModelEngine {
  private readonly host = new ModelHost();
  private readonly images = new ImageRunner();
  private readonly compared: CompareHost;
  private readonly ids = new WeakMap<ResNetModel, number>();
  private builds = 0;
  /** The last spec analysed, and its analysis. */
  private analysed: { key: string; analysis: ModelAnalysis } | null = null;

  /** `onState` hears every change of the host's state, `onCompare` every change of the comparison's columns, as plain data. */
  constructor(
    private readonly onState: (s: EngineState) => void,
    onCompare: (columns: ColumnState[]) => void = () => {},
  ) {
    this.host.subscribe(() => this.onState(this.view(this.host.getState())));
    this.compared = new CompareHost(onCompare, () => this.host.start());
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

  forwardRaw(values: Float32Array | number[], shape: number[], layerIds: string[] = [], path: 'layers' | 'fast' = 'layers'): Promise<RawOutput> {
    return this.host.forwardRaw(values, shape, layerIds, path);
  }

  /** The thread's tensor memory at rest: once the background warm-up of a new model has ended. */
  async memory(): Promise<MemoryFigures> {
    await this.host.idle();
    const m = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers };
  }

  /** The current model's input as NCHW, one picture: [1, C, H, W]. */
  inputShape(): number[] {
    const { channels, height, width } = this.model().analysis.graph.spec.input;
    return [1, channels, height, width];
  }

  /** Resolves once the thread is at rest: the background warm-up of a model just built has ended. */
  idle(): Promise<void> {
    return this.host.idle();
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

  /** The model a run asks for, if it is still the current one. */
  private modelFor(req: RunRequest): ResNetModel | null {
    const model = this.host.getState().model;
    return model && this.ids.get(model) === req.modelId ? model : null;
  }

  /** Predictions for the current input (one bare pass); null when cancelled or the model changed meanwhile. */
  async predict(req: RunRequest): Promise<Prediction | null> {
    const model = this.modelFor(req);
    return model ? this.images.predict(model, req) : null;
  }

  /** The read-outs and the graph's thumbnails (one layer-by-layer pass, in slices); null when cancelled or replaced. */
  async readouts(req: ReadoutRequest): Promise<Readouts | null> {
    const model = this.modelFor(req);
    return model ? this.images.readouts(model, req) : null;
  }

  // --- the comparison's models ---

  /** The variants compared now ([] frees them all); resolves once each is built and timed (or skipped). */
  compareVariants(specs: ResNetSpec[]): Promise<void> {
    return this.compared.setVariants(specs);
  }

  /** The page's image, prepared for the compared variants, through their models. */
  comparePredict(inputs: CompareInput[]): Promise<void> {
    return this.compared.predict(inputs);
  }

  /** A new image is on its way: the columns drop what they showed of the old one. */
  compareClearImage(): void {
    this.compared.clearImage();
  }

  /** For the benchmark: each fast-path step's time, at rest (see ImageRunner.profileFastPath). */
  async profileFastPath(runs: number): Promise<StepTime[]> {
    await this.host.idle();
    return this.images.profileFastPath(this.model(), runs);
  }

  async profileLayers(): Promise<LayerTime[] | null> {
    const model = this.host.getState().model;
    return model ? this.images.profileLayers(model) : null;
  }

  layerMeans(ids: string[]): Promise<Record<string, number>> {
    return this.images.layerMeans(this.model(), ids);
  }
}

