/**
 * The page's handle on the live model. The model itself (build, weights, inference) lives in a module worker
 * (`worker/modelWorker.ts`, over comlink), so the page stays responsive while a big model builds; where a
 * module worker cannot start, cannot reach the backend the page could use, or the URL says `worker=off`, the
 * same engine runs on the page's thread, as before, and the backend's reason says which and why. The handle
 * keeps a snapshot of the engine's state (plain data: no tensor crosses) for React, debounces edits into
 * builds, and notices a worker that dies (a Web Lock the worker holds is released), restarting it once —
 * the spec is kept and rebuilt — or falling back to the page's thread.
 */
import { workerMode } from './workers/workerMode';
import * as Comlink from 'comlink';
import './workers/phraseErrors';
import { Emitter, type ModelAnalysis, type ResNetSpec } from '../core';
import type { BackendName } from './backends/names';
import { probeWebGL } from './backends/probe';
import type { EngineState, ModelEngine } from './modelWorker/engine';
import type { RawOutput } from './modelWorker/modelHost';
import type { ColumnState, CompareInput, InputTensor, LayerTime, MemoryFigures, Prediction, Readouts, ReadoutRequest, RunRequest, RunnerState, StepTime } from './modelWorker/protocol';

export type { ModelInfo, RunnerState, RunnerStatus, WeightsProblem } from './modelWorker/protocol';
export { Cancelled, memoryNeeded, nextTask, slicer } from './model/pacing';

/** The engine's methods as the page calls them: always async (the worker's are RPCs). */
export type EngineApi = {
  [K in keyof ModelEngine]: ModelEngine[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
};

/** What the worker adds: its start, which takes the state listener and the lock it holds while alive. */
interface WorkerApi extends EngineApi {
  init(onState: (s: EngineState) => void, lockName: string, onCompare: (columns: ColumnState[]) => void): Promise<EngineState>;
}

export class WorkerStopped extends Error {}

const DEBOUNCE_MS = 200;
/** A worker that has not answered its first call by then is taken as unable to start. */
const WORKER_START_TIMEOUT_MS = 60_000;
/** A second death within this time means the worker cannot be relied on: the page's thread takes over. */
const DEATH_WINDOW_MS = 60_000;

export interface RunnerOptions {
  /** false: run the model on the page's thread (`?worker=off`). */
  worker: boolean;
}

/** Whether the link lets the model use its worker (`src/runtime/workerMode.ts` reads the flag). */
export const workerWanted = (search: string): boolean => workerMode(search).worker;

export class ModelRunner {
  private state: RunnerState = {
    backend: null,
    backendReason: '',
    status: 'starting',
    progress: 0,
    model: null,
    weights: { kind: 'random' },
    heldFile: null,
    error: null,
    weightsProblem: null,
    buildMs: null,
    memory: { numTensors: 0, numBytes: 0 },
    thread: 'worker',
    notice: null,
  };
  private readonly emitter = new Emitter();
  private engine: EngineApi | null = null;
  private engineReady: Promise<EngineApi> | null = null;
  /** Bumped whenever the engine is replaced (a restarted worker, the fallback): what it held is gone. */
  generation = 0;
  /** The worker, while the model runs in one (the tests terminate it to check recovery). */
  worker: Worker | null = null;
  /** Rejects when the current worker dies, so calls waiting on it end. */
  private death: Promise<never> | null = null;
  private deaths: number[] = [];
  /** Why the model runs on the page's thread (null: in a worker). */
  private mainWhy: string | null = null;
  private spec: ResNetSpec | null = null;
  private analysis: ModelAnalysis | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private buildsInFlight = 0;
  private lastEngineState: EngineState | null = null;
  /** The comparison's columns as the engine last told them (its models live on the model's thread). */
  private compareColumns: ColumnState[] = [];
  private readonly compareEmitter = new Emitter();

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
    const where = this.mainWhy ? `on the main thread: ${this.mainWhy}` : 'in a worker';
    this.set({ ...s, backendReason: s.backendReason ? `${s.backendReason} (${where})` : '', thread: this.mainWhy ? 'main' : 'worker' });
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
    return this.engineReady;
  }

  private async boot(): Promise<EngineApi> {
    let why = !this.options.worker ? 'the page asked for it (worker=off)' : typeof Worker === 'undefined' ? 'this browser has no Web Workers' : null;
    if (!why) {
      try {
        const api = await this.startWorker();
        // A worker that has to do without a GPU the page has (no WebGL2 in its OffscreenCanvas) is slower
        // than the page's thread: the model runs there instead.
        const gl = probeWebGL();
        const backend = this.state.backend;
        if (gl.available && !gl.software && backend !== 'webgl' && backend !== 'webgpu') {
          why = `WebGL on the GPU (${gl.renderer}) is not available in a worker here`;
        } else return api;
      } catch (e) {
        why = `the model's worker could not start (${e instanceof Error ? e.message : String(e)})`;
      }
      this.stopWorker();
    }
    return this.startMain(why);
  }

  private async startWorker(): Promise<EngineApi> {
    const generation = ++this.generation;
    this.mainWhy = null;
    this.compareColumns = [];
    const worker = new Worker(new URL('./modelWorker/modelWorker.ts', import.meta.url), { type: 'module', name: 'resnet-explorer-model' });
    this.worker = worker;
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => reject(new Error(e.message || 'its script failed to load')), { once: true });
      setTimeout(() => reject(new Error(`no answer in ${WORKER_START_TIMEOUT_MS / 1000} s`)), WORKER_START_TIMEOUT_MS);
    });
    failed.catch(() => {});
    const remote = Comlink.wrap<WorkerApi>(worker);
    const lockName = `resnet-explorer-model-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = await Promise.race([
      remote.init(
        Comlink.proxy((s: EngineState) => this.fromEngine(s, generation)),
        lockName,
        Comlink.proxy((c: ColumnState[]) => this.fromCompare(c, generation)),
      ),
      failed,
    ]);
    this.fromEngine(first, generation);
    let died!: (e: Error) => void;
    this.death = new Promise<never>((_, reject) => (died = reject));
    this.death.catch(() => {});
    // The worker holds the lock while it lives: this request is granted when it is gone.
    void navigator.locks?.request(lockName, () => {
      if (this.worker !== worker) return;
      died(new WorkerStopped("The model's worker stopped"));
      void this.onWorkerDied();
    });
    this.engine = remote as unknown as EngineApi;
    await Promise.race([remote.start(), failed]);
    return this.engine;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = null;
    this.engine = null;
    w?.terminate();
  }

  private async startMain(why: string): Promise<EngineApi> {
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
    const now = Date.now();
    this.deaths = [...this.deaths.filter((t) => now - t < DEATH_WINDOW_MS), now];
    const lostFile = this.state.weights.kind === 'file' ? this.state.weights.name : null;
    this.worker = null;
    this.engine = null;
    const again = this.deaths.length > 1;
    const notice = `The model's worker stopped unexpectedly; ${again ? 'it stopped twice, so the model now runs on the main thread' : 'a new worker took over'} and the model was rebuilt${lostFile ? ` with random weights (load ${lostFile} again)` : ''}.`;
    this.set({ status: 'building', progress: 0, model: null, notice, weights: { kind: 'random' }, error: null });
    this.engineReady = again ? this.startMain("the model's worker stopped twice") : this.startWorker().catch((e) => this.startMain(`the model's worker could not restart (${e instanceof Error ? e.message : String(e)})`));
    await this.engineReady;
    if (this.analysis) await this.build(this.analysis);
  }

  /** Calls the engine; a call to a worker that dies meanwhile ends with WorkerStopped. */
  private async call<T>(f: (e: EngineApi) => Promise<T>): Promise<T> {
    const engine = await this.ready();
    const death = this.death;
    return death ? Promise.race([f(engine), death]) : f(engine);
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
    const ok = await this.call((e) => {
      const whole = give && this.worker && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      return e.loadWeights(spec, name, whole ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : bytes);
    });
    // The file fitted and the engine built the current spec with it: a debounced build of that spec is done.
    if (ok && this.timer && this.spec === spec) {
      clearTimeout(this.timer);
      this.timer = null;
    }
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
    // A Float32Array crosses as one block of bytes; a plain array would be cloned number by number.
    const input = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.call((e) => e.forwardRaw(input, shape, layerIds, path));
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
