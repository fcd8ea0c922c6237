/**
 * The page's handle on the live model. The model itself (build, weights, inference) lives in a module worker
 * (`modelWorker/modelWorker.ts`, over comlink), so the page stays responsive while a big model builds; where a
 * module worker cannot start, cannot reach the backend the page could use, or the URL says `worker=off`, the
 * same engine runs on the page's thread, as before, and the backend's reason says which and why. The handle
 * keeps a snapshot of the engine's state (plain data, phrases included: no tensor crosses) for React, debounces
 * edits into builds, and follows the workers' one lifecycle (`workers/lifecycle.ts`): a worker that dies in any
 * way, silently included, is noticed, replaced once — the spec is kept and rebuilt — and a second death soon
 * after moves the model to the page's thread; the user is told each time.
 */
import { workerMode } from './workers/workerMode';
import { Staging } from './workers/staging';
import * as Comlink from 'comlink';
import './workers/phraseErrors';
import { Deaths, watchWorker, type Locks, type WorkerLike, type WorkerLink } from './workers/lifecycle';
import { Emitter, PhraseError, phrase, phraseOf, type ModelAnalysis, type Phrase, type ResNetSpec } from '../core';
import type { BackendName } from './backends/names';
import { probeWebGL } from './backends/probe';
import type { EngineState, ModelEngine } from './modelWorker/engine';
import type { ServedApi } from './modelWorker/serve';
import type { RawOutput } from './modelWorker/modelHost';
import { STARTING, type ColumnState, type CompareInput, type InputTensor, type LayerTime, type MemoryFigures, type Prediction, type Readouts, type ReadoutRequest, type RunRequest, type RunnerState, type StepTime } from './modelWorker/protocol';

export type { ModelInfo, RunnerState, RunnerStatus, WeightsProblem } from './modelWorker/protocol';
export { Cancelled, memoryNeeded, nextTask, slicer } from './model/pacing';

/** The engine's methods as the page calls them: always async (the worker's are RPCs). */
export type EngineApi = {
  [K in keyof ModelEngine]: ModelEngine[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
};

/** A call to the model's worker that ended because the worker died (code `worker-stopped`). */
export class WorkerStopped extends PhraseError {
  constructor() {
    super(phrase("The model's worker stopped"), 'worker-stopped');
  }
}

const DEBOUNCE_MS = 200;
export interface RunnerOptions {
  /** false: run the model on the page's thread (`?worker=off`). */
  worker: boolean;
  /** Starts the model's worker: the module worker by default; the tests serve the engine over a MessageChannel. */
  spawn?: () => WorkerLike;
  /** Where the worker's lifeline is watched (the page's `navigator.locks` by default). */
  locks?: Locks | null;
  /** A worker that has not started by then counts as unable to (60 s by default). */
  startTimeoutMs?: number;
}

/** The live model's module worker (written here, whole, for the bundler to find it). */
const spawnModelWorker = (): WorkerLike => new Worker(new URL('./modelWorker/modelWorker.ts', import.meta.url), { type: 'module', name: 'resnet-explorer-model' });

/** Whether the link lets the model use its worker (`src/runtime/workerMode.ts` reads the flag). */
export const workerWanted = (search: string): boolean => workerMode(search).worker;

export class ModelRunner {
  private state: RunnerState = { ...STARTING, model: null, thread: 'worker', notice: null };
  private readonly emitter = new Emitter();
  private engine: EngineApi | null = null;
  private engineReady: Promise<EngineApi> | null = null;
  /** The engine `engineReady` gave, once it has (a replaced engine's promise no longer matches). */
  private started: { from: Promise<EngineApi>; engine: EngineApi } | null = null;
  /** Bumped whenever the engine is replaced (a restarted worker, the fallback): what it held is gone. */
  generation = 0;
  /** The worker, while the model runs in one (the tests terminate it to check recovery). */
  worker: WorkerLike | null = null;
  /** The current worker, watched (null on the page's thread). */
  private link: WorkerLink<ServedApi> | null = null;
  /** Rejects when the current worker dies, so calls waiting on it end. */
  private death: Promise<never> | null = null;
  private readonly deaths = new Deaths();
  /** Why the model runs on the page's thread (null: in a worker). */
  private mainWhy: Phrase | null = null;
  private spec: ResNetSpec | null = null;
  private analysis: ModelAnalysis | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private buildsInFlight = 0;
  private lastEngineState: EngineState | null = null;
  /** The comparison's columns as the engine last told them (its models live on the model's thread). */
  private compareColumns: ColumnState[] = [];
  private readonly compareEmitter = new Emitter();
  /** `forwardRaw`'s inputs on their way to the worker. */
  private readonly staging = new Staging();

  constructor(private readonly options: RunnerOptions = { worker: true }) {}

  getState = (): RunnerState => this.state;

  readonly subscribe = this.emitter.subscribe;

  private set(patch: Partial<RunnerState>): void {
    this.state = { ...this.state, ...patch };
    this.emitter.emit();
  }

  /** The engine's state, with where it runs said in the backend's reason. */
  private fromEngine(s: EngineState, generation: number): void {
    if (generation !== this.generation) return;
    this.lastEngineState = s;
    // A build asked for (debounced, or sent and not yet answered) makes the model on screen the old one: a
    // "ready" the engine sent before it heard of the build must not end the "building" said at once.
    if (s.status === 'ready' && (this.timer !== null || this.buildsInFlight > 0)) s = { ...s, status: 'building', progress: 0 };
    const reason = s.backendReason && (this.mainWhy ? phrase('{reason} (on the main thread: {why})', { reason: s.backendReason, why: this.mainWhy }) : phrase('{reason} (in a worker)', { reason: s.backendReason }));
    this.set({ ...s, backendReason: reason, thread: this.mainWhy ? 'main' : 'worker' });
  }

  private fromCompare(columns: ColumnState[], generation: number): void {
    if (generation !== this.generation) return;
    this.compareColumns = columns;
    this.compareEmitter.emit();
  }

  /** Starts the engine (once): in a worker when possible, else on this thread. */
  start(): Promise<void> {
    return this.ready().then(() => undefined);
  }

  private ready(): Promise<EngineApi> {
    this.engineReady ??= this.boot();
    const from = this.engineReady;
    if (this.started?.from !== from) {
      from.then(
        (engine) => {
          if (this.engineReady === from) this.started = { from, engine };
        },
        () => undefined,
      );
    }
    return from;
  }

  private async boot(): Promise<EngineApi> {
    let why = !this.options.worker
      ? phrase('the page asked for it (worker=off)')
      : !this.options.spawn && typeof Worker === 'undefined'
        ? phrase('this browser has no Web Workers')
        : null;
    if (!why) {
      try {
        const api = await this.startWorker();
        // A worker that has to do without a GPU the page has (no WebGL2 in its OffscreenCanvas) is slower
        // than the page's thread: the model runs there instead.
        const gl = probeWebGL();
        const backend = this.state.backend;
        if (gl.available && !gl.software && backend !== 'webgl' && backend !== 'webgpu') {
          why = phrase('WebGL on the GPU ({renderer}) is not available in a worker here', { renderer: gl.renderer });
        } else return api;
      } catch (e) {
        why = phrase("the model's worker could not start ({reason})", { reason: phraseOf(e) });
      }
      this.stopWorker();
    }
    return this.startMain(why);
  }

  /** Starts a worker and its engine; rejects (the worker ended) when either cannot start. */
  private async startWorker(): Promise<EngineApi> {
    const generation = ++this.generation;
    this.mainWhy = null;
    const link = watchWorker<ServedApi>(this.options.spawn ?? spawnModelWorker, { locks: this.options.locks, startTimeoutMs: this.options.startTimeoutMs });
    this.link = link;
    this.worker = link.worker;
    this.compareColumns = [];
    const first = await Promise.race([
      link.remote.init(
        Comlink.proxy((s: EngineState) => this.fromEngine(s, generation)),
        Comlink.proxy((c: ColumnState[]) => this.fromCompare(c, generation)),
      ),
      link.died,
    ]);
    await link.started;
    this.fromEngine(first, generation);
    this.engine = link.remote as unknown as EngineApi;
    await Promise.race([link.remote.start(), link.died]);
    link.running();
    // Calls waiting on this worker end when it dies; its death, noticed from now on, is followed up.
    this.death = link.died.catch(() => Promise.reject(new WorkerStopped()));
    this.death.catch(() => undefined);
    link.died.catch(() => {
      if (this.link === link) void this.onWorkerDied();
    });
    return this.engine;
  }

  private stopWorker(): void {
    const link = this.link;
    this.link = null;
    this.worker = null;
    this.engine = null;
    this.death = null;
    link?.terminate();
  }

  private async startMain(why: Phrase): Promise<EngineApi> {
    const generation = ++this.generation;
    this.mainWhy = why;
    this.compareColumns = [];
    const { ModelEngine } = await import('./modelWorker/engine');
    const engine = new ModelEngine(
      (s) => this.fromEngine(s, generation),
      (c) => this.fromCompare(c, generation),
    );
    this.engine = engine as unknown as EngineApi;
    this.death = null;
    this.fromEngine(engine.state(), generation);
    await engine.start();
    return this.engine;
  }

  /**
   * The worker is gone (crashed, or terminated): a new one takes over with the same spec (the weights are
   * torchvision's random ones again; a loaded file has to be loaded again); a second death soon after
   * moves the model to the page's thread.
   */
  private async onWorkerDied(): Promise<void> {
    const again = this.deaths.note();
    const lostFile = this.state.weights.kind === 'file' ? this.state.weights.name : null;
    this.link = null;
    this.worker = null;
    this.engine = null;
    const notice = again
      ? lostFile
        ? phrase("The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt with random weights (load {file} again).", { file: lostFile })
        : phrase("The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt.")
      : lostFile
        ? phrase("The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt with random weights (load {file} again).", { file: lostFile })
        : phrase("The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt.");
    this.set({ status: 'building', progress: 0, model: null, notice, weights: { kind: 'random' }, error: null });
    this.engineReady = again
      ? this.startMain(phrase("the model's worker stopped twice"))
      : this.startWorker().catch((e) => {
          this.stopWorker();
          return this.startMain(phrase("the model's worker could not restart ({reason})", { reason: phraseOf(e) }));
        });
    await this.engineReady;
    if (this.analysis) await this.build(this.analysis);
  }

  /**
   * Calls the engine; a call to a worker that dies meanwhile ends with WorkerStopped. An engine that has
   * started is called at once, its message posted before this returns (not a microtask later, behind whatever
   * the page renders then): a picture's input and predictions reach the model before the page draws it.
   */
  private call<T>(f: (e: EngineApi) => Promise<T>): Promise<T> {
    const send = (engine: EngineApi): Promise<T> => {
      try {
        const death = this.death;
        return death ? Promise.race([f(engine), death]) : Promise.resolve(f(engine));
      } catch (e) {
        return Promise.reject(e);
      }
    };
    const started = this.started;
    return started && started.from === this.engineReady ? send(started.engine) : this.ready().then(send);
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** The user chose a backend: rebuild the model there with the same weights. */
  setBackend(name: BackendName): Promise<boolean> {
    return this.call((e) => e.setBackend(name));
  }

  /** The configured model changed: build it soon (edits in quick succession make one build). */
  setSpec(analysis: ModelAnalysis): void {
    if (analysis === this.analysis) return;
    this.analysis = analysis;
    this.spec = analysis.graph.spec;
    // Say at once that the model on screen is being replaced; the old one still answers until then.
    if (this.state.status !== 'starting' && this.state.status !== 'building') this.set({ status: 'building', progress: 0, error: null });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.build(analysis).catch(() => {});
      },
      this.state.model ? DEBOUNCE_MS : 0,
    );
  }

  /** Builds `analysis` now; a newer build makes this one stop. */
  async build(analysis: ModelAnalysis): Promise<void> {
    this.analysis = analysis;
    this.spec = analysis.graph.spec;
    const generation = this.generation;
    this.buildsInFlight++;
    try {
      await this.call((e) => e.build(analysis.graph.spec));
    } finally {
      this.buildsInFlight--;
      // The engine's last word stands once no build is pending (its "ready" may have come before this answer).
      if (this.lastEngineState && generation === this.generation) this.fromEngine(this.lastEngineState, generation);
    }
  }

  /**
   * Loads a state_dict file (safetensors or torch.save, told apart by its bytes) into the current model; a file
   * that does not fit changes nothing and says why. `give`: the caller hands the bytes over — they are
   * transferred to the worker, not copied, and are unusable here after.
   */
  async loadWeights(name: string, bytes: Uint8Array, give = false): Promise<boolean> {
    const spec = this.spec;
    // The load builds the current spec itself: a debounced build of it would start meanwhile (a large file takes
    // longer to check than the debounce) and supersede the load's build. It is made only if the file is refused.
    const pending = this.timer !== null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Meanwhile the model on screen is still the old one (as while a build is in flight).
    const generation = this.generation;
    if (pending) this.buildsInFlight++;
    let ok: boolean;
    try {
      ok = await this.call((e) => {
        const whole = give && this.worker && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
        return e.loadWeights(spec, name, whole ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : bytes);
      });
      // Refused: the spec still needs building (the build counts itself in flight at once).
      if (!ok && pending && this.spec === spec && this.analysis) void this.build(this.analysis).catch(() => {});
    } finally {
      if (pending) this.buildsInFlight--;
    }
    // The engine's state (a refusal's reasons, or the weights now in use) reaches the page on another channel
    // than this answer: read it now, so the caller finds it in getState() at once (the Hub flow words it).
    this.fromEngine(await this.call((e) => e.state()), generation);
    return ok;
  }

  /** Back to torchvision's random initialisation (a new draw). */
  useRandomWeights(): Promise<void> {
    this.set({ notice: null });
    return this.call((e) => e.useRandomWeights());
  }

  dismissWeightsProblem(): void {
    void this.call((e) => e.dismissWeightsProblem());
  }

  /** The user switches to the architecture a refused file describes: the file becomes the weights. */
  adoptRejectedFile(): void {
    void this.call((e) => e.adoptRejectedFile());
  }

  /** The current weights as a safetensors file. */
  saveWeights(): Promise<Uint8Array> {
    return this.call((e) => e.saveWeights());
  }

  /** The current model with its weights as an ONNX file. */
  onnxFile(): Promise<Uint8Array> {
    return this.call((e) => e.onnxFile());
  }

  tfjsArtifacts(base: string): Promise<{ modelJson: string; weights: Uint8Array; weightsName: string }> {
    return this.call((e) => e.tfjsArtifacts(base));
  }

  /**
   * For the console and tests: run NCHW values through the current model, reading back the layers named, on
   * the layer-by-layer pass or the fast path (which can read back only the outputs of its fused steps).
   */
  forwardRaw(values: Float32Array | number[], shape: number[], layerIds: string[] = [], path: 'layers' | 'fast' = 'layers'): Promise<RawOutput> {
    // On the page's thread the engine reads the values as they are (`nchwInput` takes numbers or floats).
    if (!this.worker) return this.call((e) => e.forwardRaw(values, shape, layerIds, path));
    // To a worker, the values go over shared memory (or as a transferred copy): never cloned into the message.
    const staged = this.staging.stage(values);
    const sent = this.call((e) => e.forwardRaw(staged.transfer.length ? Comlink.transfer(staged.values, staged.transfer) : staged.values, shape, layerIds, path));
    void sent.then(staged.release, staged.release);
    return sent;
  }

  /**
   * For the benchmark: `runs` passes after a first one (reported apart), each timed twice — on the model's thread
   * (`times`: the pass alone, from the input tensor to the logits read back) and on the page (`roundTrips`: what
   * the page waits for, `forwardRaw` from call to answer: messages, copies and layout change included). On an
   * NCHW input given, or on random normal values; returns the first pass's logits.
   */
  async timePasses(runs: number, path: 'fast' | 'layers', input?: { values: Float32Array | number[]; shape: number[] }): Promise<{ first: number; times: number[]; roundTrips: number[]; logits: number[] }> {
    // Timed at rest: after the background warm-up of a model just built.
    await this.call((e) => e.idle());
    const shape = input?.shape ?? (await this.call((e) => e.inputShape()));
    const values = input ? Float32Array.from(input.values) : randomNormal(shape.reduce((a, b) => a * b, 1));
    const once = async () => {
      const t0 = performance.now();
      const out = await this.forwardRaw(values, shape, [], path);
      return { roundTrip: performance.now() - t0, pass: out.passMs, logits: out.logits[0] };
    };
    const first = await once();
    const times: number[] = [];
    const roundTrips: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await once();
      times.push(r.pass);
      roundTrips.push(r.roundTrip);
    }
    return { first: first.pass, times, roundTrips, logits: first.logits };
  }

  /** For the benchmark: where the fast path's time goes, step by step, on the model's thread. */
  profileFastPath(runs: number): Promise<StepTime[]> {
    return this.call((e) => e.profileFastPath(runs));
  }

  /** The model thread's tensor memory now. */
  memory(): Promise<MemoryFigures> {
    return this.call((e) => e.memory());
  }

  /** The backend tfjs runs on in the model's thread. */
  backendInUse(): Promise<string> {
    return this.call((e) => e.backendInUse());
  }

  /** For the tests: lose the model thread's WebGL context, as a GPU reset would. */
  loseWebGLContext(): Promise<boolean> {
    return this.call((e) => e.loseWebGLContext());
  }

  // --- the image (for the inference session) ---

  /** Hands the prepared input over (its values are transferred to a worker). */
  setInput(input: InputTensor): Promise<void> {
    return this.call((e) => e.setInput(this.worker ? Comlink.transfer(input, [input.values.buffer as ArrayBuffer]) : input));
  }

  cancelRuns(token: number): void {
    void this.call((e) => e.cancelRuns(token)).catch(() => {});
  }

  /** The current input's predictions: one bare pass, answered at once. */
  predict(req: RunRequest): Promise<Prediction | null> {
    return this.call((e) => e.predict(req));
  }

  /** The read-outs and the graph's thumbnails, after the predictions (cancelled by a newer run). */
  readouts(req: ReadoutRequest): Promise<Readouts | null> {
    return this.call((e) => e.readouts(req));
  }

  // --- the comparison's models (on the model's thread too) ---

  /** The comparison's columns, as the model's thread last told them. */
  getCompareColumns = (): ColumnState[] => this.compareColumns;

  readonly subscribeCompare = this.compareEmitter.subscribe;

  /** The variants compared now ([] frees every compared model); resolves once each is built and timed. */
  compareVariants(specs: ResNetSpec[]): Promise<void> {
    return this.call((e) => e.compareVariants(specs));
  }

  /** The image, prepared for the compared variants, through their models (the values are transferred to a worker). */
  comparePredict(inputs: CompareInput[]): Promise<void> {
    const buffers = inputs.map((i) => i.values.buffer as ArrayBuffer);
    return this.call((e) => e.comparePredict(this.worker ? Comlink.transfer(inputs, buffers) : inputs));
  }

  /** A new image: the columns drop what they show of the old one. */
  compareClearImage(): void {
    void this.call((e) => e.compareClearImage()).catch(() => {});
  }

  profileLayers(): Promise<LayerTime[] | null> {
    return this.call((e) => e.profileLayers());
  }

  layerMeans(ids: string[]): Promise<Record<string, number>> {
    return this.call((e) => e.layerMeans(ids));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
    this.stopWorker();
    this.emitter.dispose();
    this.compareEmitter.dispose();
  }
}

/** Standard normal values (Box–Muller), for timing passes on an input of the right size. */
function randomNormal(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const a = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}
