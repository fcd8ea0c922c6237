/**
 * One image through the live model, as the page sees it: the picture is decoded, sniffed and prepared here
 * (canvas), the normalised input goes to the model's thread (its values transferred), and what comes back is
 * plain data: first the predictions and their latency, from one bare pass, on screen at once; then, from a
 * layer-by-layer pass that the next run cancels, stage outputs, residual ratios, a class activation map, the
 * selected layer's feature maps and the graph's thumbnails. Per-layer timing is asked for apart.
 */
import { Emitter, TORCHVISION_V1, hwcToNchw, phrase, phraseOf, preprocessingKey, samePreprocessing, type Phrase, type Preprocessing } from '../core';
import { datasetOf, type Dataset } from './input/datasets';
import { ImageError, decodeImage, prepareInput, type DecodedImage, type PreparedInput } from './input/image';
import type { ModelRunner } from './runner';
import type { ThumbMode, Thumbnails } from './model/thumbnails';
import type { InferenceResult, LayerTime, ModelInfo } from './modelWorker/protocol';

export type { Cam, ChannelStats, FeatureMaps, InferenceResult, LayerTime, ResidualRatio, StageMap } from './modelWorker/protocol';

export interface SessionImage {
  name: string;
  width: number;
  height: number;
  note: Phrase | null;
  preview: ImageData;
  plan: PreparedInput['plan'];
  /** The dataset the model's preprocessing follows (null: ImageNet's statistics for an unknown model). */
  dataset: Dataset | null;
  inverted: boolean;
}

export interface SessionState {
  image: SessionImage | null;
  /** What the current weights expect (torchvision V1's until weights say otherwise). */
  preprocessing: Preprocessing;
  status: 'idle' | 'decoding' | 'running' | 'done' | 'error';
  /** What went wrong with the picture or the run, for the UI to word. */
  error: Phrase | null;
  result: InferenceResult | null;
  /** Latency on the current model: its first run, then every later one. */
  latency: { backend: string; first: number | null; later: number[] };
  timing: LayerTime[] | null;
  selectedLayer: string | null;
  /** Every layer's output as a small picture, for the graph; gone when the image or the model changes. */
  thumbnails: Thumbnails | null;
  /** What the thumbnails show: each channel's mean, or the strongest channel. */
  thumbMode: ThumbMode;
  /** Every pass of the latest run has ended, the thumbnails' included (predictions show before that). */
  settled: boolean;
}

/** A run that met a model disposed under it (ours, or a tfjs tensor of it): replaced mid-run, not a failure. */
const isDisposed = (e: unknown) => e instanceof Error && /disposed/.test(e.message);

export class InferenceSession {
  private state: SessionState = {
    image: null,
    preprocessing: TORCHVISION_V1,
    status: 'idle',
    error: null,
    result: null,
    latency: { backend: '', first: null, later: [] },
    timing: null,
    selectedLayer: null,
    thumbnails: null,
    thumbMode: 'mean',
    settled: true,
  };
  /** Counts the pictures set, so thumbnails know which one they show. */
  private imageSeq = 0;
  private readonly emitter = new Emitter();
  private decoded: DecodedImage | null = null;
  /** The normalised input last given to the model, NCHW (kept: the values sent are transferred). */
  private prepared: { values: Float32Array; shape: [number, number, number, number] } | null = null;
  /** What the model's thread holds as input: its key (input size, preprocessing, dataset, picture) and engine generation. */
  private sent: { key: string; generation: number } | null = null;
  private model: ModelInfo | null = null;
  /** The runner's engine generation the model belongs to (a restarted worker counts its models afresh). */
  private modelGeneration = -1;
  private token = 0;
  /** The prediction key (see predictionKey) of the predictions on screen. */
  private predicted: string | null = null;

  constructor(readonly runner: ModelRunner) {
    this.emitter.track(
      runner.subscribe(() => {
        const s = runner.getState();
        if (s.status === 'ready' && s.model && (s.model.id !== this.model?.id || runner.generation !== this.modelGeneration)) {
          this.model = s.model;
          this.modelGeneration = runner.generation;
          this.set({ latency: { backend: s.backend ?? '', first: null, later: [] }, timing: null, thumbnails: null });
          if (this.decoded) void this.run();
        } else if (!s.model && this.model) this.model = null;
      }),
    );
  }

  getState = (): SessionState => this.state;

  /** The decoded picture, for running it through other models (the comparison). */
  currentImage(): DecodedImage | null {
    return this.decoded;
  }

  readonly subscribe = this.emitter.subscribe;

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    this.emitter.emit();
  }

  /** A new picture; a bad one is refused and the current picture and results stay. */
  async setImage(file: Blob, name: string): Promise<boolean> {
    const previous = this.state.status;
    this.set({ status: 'decoding', error: null });
    let decoded: DecodedImage;
    try {
      decoded = await decodeImage(file, name);
    } catch (e) {
      // A refusal of the image reader says what and why; anything else (the browser's own error) is named.
      const error = e instanceof ImageError ? e.phrase : phrase('{name} could not be read: {reason}', { name, reason: phraseOf(e) });
      this.set({ status: previous === 'decoding' ? 'idle' : previous, error });
      return false;
    }
    this.decoded?.bitmap.close();
    this.decoded = decoded;
    this.imageSeq++;
    this.set({ thumbnails: null });
    this.sent = null;
    await this.run();
    return this.state.status === 'done';
  }

  setPreprocessing(preprocessing: Preprocessing): void {
    if (samePreprocessing(preprocessing, this.state.preprocessing)) {
      // The same numbers from other weights: only whose they are changes (the Run tab says it), not the input.
      if (preprocessing.source !== this.state.preprocessing.source) this.set({ preprocessing });
      return;
    }
    this.set({ preprocessing, thumbnails: null });
    this.sent = null;
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

  reportError(message: Phrase): void {
    this.set({ error: message });
  }

  dismissError(): void {
    this.set({ error: null });
  }

  /**
   * The normalised input on the model's thread: prepared and sent again only when something it depends on
   * changed. Resolves once it is posted, with the send to wait for (null: the model has it already) and `show`,
   * which puts the picture on screen: the caller posts what the model is to do with it first, so the model
   * starts while the page draws it.
   */
  private async ensureInput(model: ModelInfo): Promise<{ sending: Promise<void>; show: () => void } | null> {
    const spec = model.spec;
    const dataset = datasetOf(spec);
    const key = JSON.stringify([spec.input, preprocessingKey(this.state.preprocessing), dataset, this.imageSeq]);
    if (this.sent && this.sent.key === key && this.sent.generation === this.runner.generation) return null;
    const prepared: PreparedInput = await prepareInput(this.decoded!, spec.input, this.state.preprocessing, dataset);
    // Reading a large picture out takes a while: a newer picture or preprocessing may have come meanwhile.
    // That newer input started a run of its own, so this run's token is stale and its error never shown.
    if (key !== JSON.stringify([spec.input, preprocessingKey(this.state.preprocessing), dataset, this.imageSeq])) throw new Error('superseded');
    const [n, h, w, c] = prepared.shape;
    // Kept NCHW for the console before the values go to the model's thread (transferred, not copied).
    this.prepared = { values: hwcToNchw(prepared.values, h, w, c), shape: [n, c, h, w] };
    const generation = this.runner.generation;
    const sending = this.runner.setInput({ key, values: prepared.values, shape: prepared.shape }).then(() => {
      this.sent = { key, generation };
    });
    sending.catch(() => undefined);
    const d = this.decoded!;
    const image = { name: d.name, width: d.width, height: d.height, note: d.note, preview: prepared.preview, plan: prepared.plan, dataset, inverted: prepared.inverted ?? false };
    return { sending, show: () => this.set({ image }) };
  }

  /** The input on the model's thread, shown, before what follows. */
  private async sendInput(model: ModelInfo): Promise<void> {
    const input = await this.ensureInput(model);
    input?.show();
    await input?.sending;
  }

  /**
   * The normalised input the model was last given, NCHW as PyTorch holds it (`{ values, shape }`): what
   * torchvision's `Normalize(...)(ToTensor()(CenterCrop(...)(Resize(...)(img))))` gives, for the console and tests.
   */
  preparedInput(): { values: Float32Array; shape: [number, number, number, number] } | null {
    return this.prepared && { values: this.prepared.values.slice(), shape: [...this.prepared.shape] };
  }

  /**
   * Runs the current image through the current model: the predictions first (one bare pass, on screen as soon
   * as it ends), then the read-outs and the graph's thumbnails (one more pass, cancelled by the next run). A run
   * for the same picture and model (another layer selected, another thumbnail mode) keeps its predictions and
   * makes only the rest again; `timed` runs the predictions' pass anyway (the latency figures).
   */
  async run(timed = false): Promise<void> {
    const model = this.model;
    if (!model || !this.decoded) return;
    const token = ++this.token;
    this.runner.cancelRuns(token);
    const again = !timed && this.state.result !== null && this.predicted === this.predictionKey(model);
    this.set({ status: again ? this.state.status : 'running', settled: false });
    try {
      await this.runPasses(model, token, again);
    } finally {
      if (token === this.token) this.set({ settled: true });
    }
  }

  /** What the predictions on screen belong to: the engine, the model and the input sent. */
  private predictionKey(model: ModelInfo): string {
    return `${this.runner.generation}:${model.id}:${this.sent?.key ?? ''}`;
  }

  private async runPasses(model: ModelInfo, token: number, again: boolean): Promise<void> {
    let input: { sending: Promise<void>; show: () => void } | null;
    try {
      input = await this.ensureInput(model);
    } catch (e) {
      if (token === this.token) this.set({ status: 'error', error: phraseOf(e) });
      return;
    }
    if (token !== this.token) return;
    const req = { token, modelId: model.id, selected: this.state.selectedLayer, thumbMode: this.state.thumbMode, imageKey: `${this.imageSeq}:${preprocessingKey(this.state.preprocessing)}` };
    // A new input: the predictions are asked for right behind it (the model's thread takes them in order), not
    // a round trip later.
    const predicting = input ? this.runner.predict(req) : null;
    predicting?.catch(() => undefined);
    input?.show();
    if (input) {
      try {
        await input.sending;
      } catch (e) {
        if (token === this.token) this.set({ status: 'error', error: phraseOf(e) });
        return;
      }
    }
    try {
      // A new picture sent: the predictions on screen are not this input's.
      if (predicting || !again || this.predicted !== this.predictionKey(model)) {
        const prediction = await (predicting ?? this.runner.predict(req));
        if (!prediction || token !== this.token) return;
        const latency = this.state.latency;
        // A timed pass of the same picture and model keeps the read-outs on screen (no flicker while timing).
        const kept = this.predicted === this.predictionKey(model) ? this.state.result : null;
        this.predicted = this.predictionKey(model);
        this.set({
          status: 'done',
          error: null,
          result: kept ? { ...kept, ...prediction } : { ...prediction, stages: [], residual: [], cam: null, features: null },
          latency: latency.first === null ? { ...latency, first: prediction.latencyMs } : { ...latency, later: [...latency.later, prediction.latencyMs] },
        });
      }
      // The predictions are on screen; the rest needs every layer's output (the graph's thumbnails among them).
      const result = this.state.result!;
      const readouts = await this.runner.readouts({ ...req, classIndex: result.top[0].index });
      if (!readouts || token !== this.token) return;
      const { thumbnails, ...rest } = readouts;
      this.set({ status: 'done', result: { ...result, ...rest }, thumbnails });
    } catch (e) {
      if (token !== this.token) return;
      // A model replaced mid-run: the next model runs the image again.
      if (!isDisposed(e)) this.set({ status: 'error', error: phrase('The model could not run: {reason}', { reason: phraseOf(e) }) });
    }
  }

  /** Times `runs` more passes of the current image (the latency figures). */
  async timeRuns(runs: number): Promise<void> {
    for (let i = 0; i < runs; i++) await this.run(true);
  }

  /** Each layer's time on the current backend, waiting for every layer to finish before the next. */
  async profileLayers(): Promise<void> {
    const model = this.model;
    if (!model || !this.decoded) return;
    await this.sendInput(model);
    const timing: LayerTime[] | null = await this.runner.profileLayers();
    if (timing) this.set({ timing });
  }

  /** The mean of each named layer's output for the current image (the console's check of the thumbnails). */
  async layerMeans(ids: string[]): Promise<Record<string, number>> {
    if (this.model && this.decoded) await this.sendInput(this.model);
    return this.runner.layerMeans(ids);
  }

  dispose(): void {
    this.token++;
    this.sent = null;
    this.decoded?.bitmap.close();
    this.emitter.dispose();
  }
}
