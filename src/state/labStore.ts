/**
 * The lab's state, with no React and no TensorFlow.js of its own: the live model under study (its blocks, which
 * are switched off — in the URL, undoable — and its test accuracy and loss), optionally a twin from the Train
 * tab (the plain net beside the residual one, or the other way round), and the studies run on them in the
 * lab's worker: "delete each block in turn", "delete k random blocks", the loss landscape, the path
 * gradients. Every study fills in as the worker computes it and can be cancelled; the page never waits.
 */
import { Emitter, phrase, phraseOf, sameSpec, type Phrase, type ResNetSpec } from '../core';
import { axis, eachInTurn, parseBlockList, randomSets, type DeletedSet } from '../core/lab';
import type { DirectionsRequest, LabBackend, LabBlock, LabEngine, LabHostApi, PathGradients, Score, Top } from '../runtime/lab/worker/protocol';
import type { UrlAdapter } from './modelStore';
import { URL_PARAMS, readView, writeView } from './urlState';

export type NetKey = 'primary' | 'twin';
export const NET_KEYS: NetKey[] = ['primary', 'twin'];

/** A study's progress: `done` of `total` units (images, or grid points), since `startedAt`. */
export interface Progress {
  status: 'running' | 'done' | 'cancelled' | 'error';
  done: number;
  total: number;
  startedAt: number;
  /** Time so far (to the end, once ended). */
  elapsedMs: number;
  /** Estimated time left while running (null until one unit is done). */
  leftMs: number | null;
  error: Phrase | null;
}

export interface Study {
  sets: DeletedSet[];
  scores: Score[];
  /** Images evaluated so far (every set the same). */
  progress: Progress;
}

export type LandscapeKind = 'surface' | 'slice' | 'initial';

export interface Landscape {
  kind: LandscapeKind;
  alphas: number[];
  betas: number[];
  images: number;
  /** grid[i][j] at alphas[i], betas[j]: null until computed. */
  grid: (Score | null)[][];
  progress: Progress;
}

export interface NetView {
  key: NetKey;
  label: string;
  spec: ResNetSpec;
  status: 'loading' | 'ready' | 'error';
  error: Phrase | null;
  blocks: LabBlock[];
  fitsTestSet: boolean;
  hasInitial: boolean;
  /** The Train tab's run it came from, if any. */
  runId: number | null;
  /** Fresh (untrained) weights: what switching blocks off shows then means little. */
  untrained: boolean;
  whole: Score | null;
  /** With the current switched-off set (for the twin: that set where it can take it; else `skipped` says why). */
  current: { deleted: string[]; score: Score | null; skipped: Phrase | null };
  each: Study | null;
  random: Study | null;
  landscapes: Partial<Record<LandscapeKind, Landscape>>;
  paths: { result: PathGradients | null; progress: Progress } | null;
}

export interface LandscapeSettings {
  from: number;
  to: number;
  steps: number;
  images: number;
  seed: number;
}

export interface LabSettings {
  landscape: LandscapeSettings;
  /** Random draws per k for "delete k random blocks", and their seed. */
  draws: number;
  seed: number;
  /** Paths sampled per length, and the batch of training images they are measured on. */
  perLength: number;
  batch: number;
}

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  landscape: { from: -1, to: 1, steps: 11, images: 256, seed: 1 },
  draws: 3,
  seed: 1,
  perLength: 6,
  batch: 32,
};

export interface LabState {
  open: boolean;
  /** The blocks switched off on the live model, in its order. */
  deleted: string[];
  canUndo: boolean;
  canRedo: boolean;
  nets: Partial<Record<NetKey, NetView>>;
  settings: LabSettings;
  /** The worker's backend once started. */
  backend: LabBackend | null;
  /** The lab could not start (its worker or the test set). */
  error: Phrase | null;
  /** A problem with the deleted set in the link (it was dropped). */
  linkProblem: Phrase | null;
  /** ImageNet photos' top-5, whole and with the current set switched off. */
  photos: { names: string[]; sample: boolean[]; whole: Top[][] | null; lesioned: Top[][] | null; busy: boolean; error: Phrase | null } | null;
}

/** The live model, as the lab needs it. */
export interface LiveSource {
  /** Changes whenever the live model or its weights change; null while there is no built model. */
  key(): string | null;
  subscribe(listener: () => void): () => void;
  /** Its spec, a name for its weights, and its weights as a state_dict file; `random`: not trained or loaded. */
  read(): Promise<{ spec: ResNetSpec; bytes: Uint8Array; label: string; random: boolean }>;
}

export interface RunSource {
  getState(): { runs: { id: number; label: string; spec: ResNetSpec; status: string; points: { step: number }[] }[] };
  subscribe(listener: () => void): () => void;
  weightsOf(index: number): Promise<{ spec: ResNetSpec; bytes: Uint8Array; label: string; step: number }>;
  initialWeightsOf(index: number): Promise<Uint8Array>;
}

/** Prepared photos for an ImageNet model (NHWC, normalised), or null when there are none for this model. */
export type PhotoSource = (spec: ResNetSpec) => Promise<{ names: string[]; sample: boolean[]; images: { values: Float32Array; shape: [number, number, number, number] }[] } | null>;

const isCancel = (e: unknown) => (e as { code?: string })?.code === 'cancelled';

const startProgress = (total: number, now: number): Progress => ({ status: 'running', done: 0, total, startedAt: now, elapsedMs: 0, leftMs: null, error: null });

/**
 * Progress after `done` units. A report arriving after the job has ended changes nothing: callbacks come on
 * their own message channel and may trail the job's result.
 */
export function advance(p: Progress, done: number, now: number): Progress {
  if (p.status !== 'running') return p;
  const elapsedMs = now - p.startedAt;
  return { ...p, done, elapsedMs, leftMs: done > 0 ? (elapsedMs / done) * (p.total - done) : null };
}

const ended = (p: Progress, status: Progress['status'], now: number, error: Phrase | null = null): Progress => ({
  ...p,
  status,
  done: status === 'done' ? p.total : p.done,
  elapsedMs: now - p.startedAt,
  leftMs: status === 'done' ? 0 : null,
  error,
});

/** A set of blocks in the URL: `off=layer1.0,layer2.1`. */
export const OFF_PARAM = URL_PARAMS.lab[0];

export class LabStore {
  private state: LabState;
  private readonly changes = new Emitter();
  private engine: Promise<LabEngine> | null = null;
  private nextJob = 1;
  /** Running jobs by what they are for (`primary:each`), to cancel them. */
  private readonly jobs = new Map<string, number>();
  private readonly past: string[][] = [];
  private readonly future: string[][] = [];
  /** The live key the primary network was read at. */
  private loadedKey: string | null = null;
  /** The Train tab's run the live model was loaded from by "study this run", and the live key right after. */
  private fromRun: { id: number; key: string | null } | null = null;
  private twinRunId: number | null = null;
  /** The twin came from a file the learner gave: the Train tab's runs do not replace it. */
  private twinFromFileName: string | null = null;
  /** Which run (and step) the twin was read from. */
  private twinLoaded: string | null = null;

  constructor(
    private readonly url: UrlAdapter,
    private readonly loadEngine: () => Promise<LabEngine>,
    private readonly live: LiveSource,
    private readonly runs: RunSource,
    private readonly photos: PhotoSource = async () => null,
    private readonly now: () => number = () => performance.now(),
  ) {
    const q = new URLSearchParams(url.read());
    this.state = {
      open: readView(q) === 'lab',
      deleted: parseBlockList(q.get(OFF_PARAM) ?? ''),
      canUndo: false,
      canRedo: false,
      nets: {},
      settings: DEFAULT_LAB_SETTINGS,
      backend: null,
      error: null,
      linkProblem: null,
      photos: null,
    };
    this.changes.track(live.subscribe(() => void this.followLive()));
    this.changes.track(runs.subscribe(() => this.followRuns()));
    if (this.state.open) void this.refresh();
  }

  getState = (): LabState => this.state;
  readonly subscribe = this.changes.subscribe;

  private set(patch: Partial<LabState>): void {
    this.state = { ...this.state, ...patch };
    this.changes.emit();
  }

  private patchNet(key: NetKey, patch: Partial<NetView> | ((n: NetView) => Partial<NetView>)): void {
    const n = this.state.nets[key];
    if (!n) return;
    this.set({ nets: { ...this.state.nets, [key]: { ...n, ...(typeof patch === 'function' ? patch(n) : patch) } } });
  }

  // ---- the view and the URL ----

  /** Opens or closes the lab (in the URL); opening it reads the live model into the worker. */
  setOpen(open: boolean): void {
    if (open === this.state.open) return;
    this.url.write(writeView(this.url.read(), 'lab', open), false);
    this.set({ open });
    if (open) void this.refresh();
  }

  /** Back or forward changed the URL: the view, and the switched-off set (that is how Back undoes). */
  syncFromUrl(): void {
    const q = new URLSearchParams(this.url.read());
    const open = readView(q) === 'lab';
    const deleted = parseBlockList(q.get(OFF_PARAM) ?? '');
    const changed = deleted.join(',') !== this.state.deleted.join(',');
    if (open !== this.state.open || changed) this.set({ open, deleted });
    if (open) void this.refresh();
    if (changed) void this.evaluateCurrent();
  }

  private writeDeleted(deleted: string[], replace: boolean): void {
    const q = new URLSearchParams(this.url.read());
    if (deleted.length) q.set(OFF_PARAM, deleted.join(','));
    else q.delete(OFF_PARAM);
    this.url.write(q.toString(), replace);
  }

  // ---- switching blocks off ----

  /** Switches the live model's blocks off (replacing the set); refused, with the reason, if one cannot go. */
  setDeleted(names: string[]): Phrase | null {
    const primary = this.state.nets.primary;
    let next = names;
    if (primary?.status === 'ready') {
      const unknown = names.find((n) => !primary.blocks.some((b) => b.name === n));
      if (unknown) return phrase('{block} is not a block of this network', { block: unknown });
      const bad = names.map((n) => primary.blocks.find((b) => b.name === n)).find((b) => b && !b.deletable);
      if (bad) return bad.why ?? phrase('{name} cannot be switched off', { name: bad.name });
      const order = primary.blocks.map((b) => b.name);
      next = [...new Set(names)].filter((n) => order.includes(n)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
    if (next.join(',') === this.state.deleted.join(',')) return null;
    this.past.push(this.state.deleted);
    this.future.length = 0;
    this.writeDeleted(next, false);
    this.set({ deleted: next, canUndo: true, canRedo: false, linkProblem: null });
    void this.evaluateCurrent();
    void this.runPhotos();
    return null;
  }

  /** Switches one block off, or back on. */
  toggle(block: string): Phrase | null {
    const d = this.state.deleted;
    return this.setDeleted(d.includes(block) ? d.filter((b) => b !== block) : [...d, block]);
  }

  undo(): void {
    const prev = this.past.pop();
    if (!prev) return;
    this.future.push(this.state.deleted);
    this.writeDeleted(prev, false);
    this.set({ deleted: prev, canUndo: this.past.length > 0, canRedo: true });
    void this.evaluateCurrent();
    void this.runPhotos();
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.state.deleted);
    this.writeDeleted(next, false);
    this.set({ deleted: next, canUndo: true, canRedo: this.future.length > 0 });
    void this.evaluateCurrent();
    void this.runPhotos();
  }

  setSettings(patch: Partial<LabSettings>): void {
    this.set({ settings: { ...this.state.settings, ...patch } });
  }

  // ---- the worker and the networks ----

  private getEngine(): Promise<LabEngine> {
    if (!this.engine) {
      this.engine = this.loadEngine();
      this.engine.then(
        (e) => {
          this.set({ backend: e.backend, error: null });
          e.died.catch((err: unknown) => {
            this.engine = null;
            this.loadedKey = null;
            this.set({ error: phrase('The lab’s worker stopped ({reason}); open the lab again to restart it', { reason: phraseOf(err) }), nets: {} });
          });
        },
        (err: unknown) => {
          this.engine = null;
          this.set({ error: phrase('The lab could not start: {reason}', { reason: phraseOf(err) }) });
        },
      );
    }
    return this.engine;
  }

  /** Reads the live model into the worker when it changed (or was never read), and the twin. */
  async refresh(): Promise<void> {
    if (!this.state.open) return;
    let engine: LabEngine;
    try {
      engine = await this.getEngine();
    } catch {
      return;
    }
    const key = this.live.key();
    if (key !== null && key !== this.loadedKey) await this.loadPrimary(engine, key);
    this.followRuns();
  }

  private async followLive(): Promise<void> {
    if (this.fromRun && this.fromRun.key !== null && this.live.key() !== this.fromRun.key) this.fromRun = null;
    if (this.state.open) await this.refresh();
  }

  private blank(key: NetKey, label: string, spec: ResNetSpec, runId: number | null): NetView {
    return {
      key,
      label,
      spec,
      status: 'loading',
      error: null,
      blocks: [],
      fitsTestSet: false,
      hasInitial: false,
      runId,
      untrained: false,
      whole: null,
      current: { deleted: [], score: null, skipped: null },
      each: null,
      random: null,
      landscapes: {},
      paths: null,
    };
  }

  private cancelJobs(prefix: string): void {
    for (const [what, job] of this.jobs) {
      if (what.startsWith(prefix)) {
        void this.engine?.then((e) => e.api.cancel(job));
        this.jobs.delete(what);
      }
    }
  }

  private async loadPrimary(engine: LabEngine, key: string): Promise<void> {
    this.loadedKey = key;
    this.cancelJobs('primary:');
    let read;
    try {
      read = await this.live.read();
    } catch (e) {
      this.set({ nets: { ...this.state.nets, primary: { ...this.blank('primary', '', this.state.nets.primary?.spec as ResNetSpec, null), status: 'error', error: phraseOf(e) } } });
      return;
    }
    if (this.loadedKey !== key) return;
    const runIndex = this.fromRun ? this.runs.getState().runs.findIndex((r) => r.id === this.fromRun!.id) : -1;
    this.set({ nets: { ...this.state.nets, primary: { ...this.blank('primary', read.label, read.spec, runIndex >= 0 ? this.fromRun!.id : null), untrained: read.random } }, photos: null });
    let initial: Uint8Array | undefined;
    if (runIndex >= 0) initial = await this.runs.initialWeightsOf(runIndex).catch(() => undefined);
    await this.openNet(engine, 'primary', read.spec, read.bytes, initial);
    if (this.loadedKey !== key) return;
    // A set from the link (or kept from the model before) that this network cannot take is dropped, said.
    const p = this.state.nets.primary;
    if (p?.status === 'ready' && this.state.deleted.length) {
      const names = p.blocks.map((b) => b.name);
      const kept = this.state.deleted.filter((d) => p.blocks.some((b) => b.name === d && b.deletable));
      if (kept.length !== this.state.deleted.length) {
        const dropped = this.state.deleted.filter((d) => !kept.includes(d));
        this.writeDeleted(kept, true);
        this.set({
          deleted: kept.sort((a, b) => names.indexOf(a) - names.indexOf(b)),
          linkProblem: phrase('{blocks} cannot be switched off in this network, so they stay on', { blocks: dropped.join(', ') }),
        });
      }
    }
    void this.evaluateWhole('primary');
    void this.evaluateCurrent();
    void this.runPhotos();
  }

  private async openNet(engine: LabEngine, key: NetKey, spec: ResNetSpec, bytes: Uint8Array, initial?: Uint8Array): Promise<void> {
    try {
      const opened = await engine.api.open(key, spec, bytes, initial);
      this.patchNet(key, { status: 'ready', blocks: opened.blocks, fitsTestSet: opened.fitsTestSet, hasInitial: opened.hasInitial });
    } catch (e) {
      this.patchNet(key, { status: 'error', error: phraseOf(e) });
    }
  }

  /** The twin: a trained run of the Train tab whose model is the live one's with `residual` flipped. */
  private followRuns(): void {
    if (!this.state.open || this.twinFromFileName !== null) return;
    const primary = this.state.nets.primary;
    const trained = this.runs.getState().runs.filter((r) => r.points.length > 0 && r.status !== 'diverged' && r.status !== 'error' && r.status !== 'running');
    const pick =
      this.twinRunId !== null
        ? trained.find((r) => r.id === this.twinRunId)
        : primary && trained.find((r) => r.id !== primary.runId && sameSpec(r.spec, { ...primary.spec, residual: !primary.spec.residual }));
    const wanted = pick ? `${pick.id}@${pick.points.at(-1)!.step}` : null;
    if (wanted === this.twinLoaded) return;
    this.twinLoaded = wanted;
    if (pick) void this.loadTwin(pick.id);
    else void this.closeTwin();
  }

  /** Compares with a run of the Train tab (null: none, then the lab picks the live model's twin when trained). */
  chooseTwin(runId: number | null): void {
    this.twinRunId = runId;
    this.twinFromFileName = null;
    this.twinLoaded = null;
    this.followRuns();
  }

  /**
   * The twin from a weights file (safetensors or .pth): the live model with `residual` flipped, e.g. the plain
   * twin's state_dict beside a ResNet's. A file that does not fit says so.
   */
  async twinFromFile(name: string, bytes: Uint8Array): Promise<void> {
    const primary = this.state.nets.primary;
    if (!primary) return;
    const engine = await this.getEngine().catch(() => null);
    if (!engine) return;
    this.twinFromFileName = name;
    this.twinLoaded = null;
    this.cancelJobs('twin:');
    const spec = { ...primary.spec, residual: !primary.spec.residual };
    this.set({ nets: { ...this.state.nets, twin: this.blank('twin', name, spec, null) } });
    await this.openNet(engine, 'twin', spec, bytes);
    void this.evaluateWhole('twin');
    void this.evaluateCurrent();
  }

  private async closeTwin(): Promise<void> {
    this.cancelJobs('twin:');
    const nets = { ...this.state.nets };
    delete nets.twin;
    this.set({ nets });
    const engine = await this.engine?.catch(() => null);
    await engine?.api.close('twin');
  }

  private async loadTwin(runId: number): Promise<void> {
    const engine = await this.getEngine().catch(() => null);
    if (!engine) return;
    const index = this.runs.getState().runs.findIndex((r) => r.id === runId);
    if (index < 0) return;
    this.cancelJobs('twin:');
    let w;
    try {
      w = await this.runs.weightsOf(index);
    } catch (e) {
      this.set({ nets: { ...this.state.nets, twin: { ...this.blank('twin', '', this.runs.getState().runs[index].spec, runId), status: 'error', error: phraseOf(e) } } });
      return;
    }
    const initial = await this.runs.initialWeightsOf(index).catch(() => undefined);
    this.set({ nets: { ...this.state.nets, twin: this.blank('twin', w.label, w.spec, runId) } });
    await this.openNet(engine, 'twin', w.spec, w.bytes, initial);
    void this.evaluateWhole('twin');
    void this.evaluateCurrent();
  }

  /**
   * "Study this run": the caller loads the run's weights into the live model (`load`), the lab remembers the
   * run (its initial weights, its twin) and opens.
   */
  async studyRun(index: number, load: (w: { spec: ResNetSpec; bytes: Uint8Array; label: string; step: number }) => Promise<void>): Promise<void> {
    const run = this.runs.getState().runs[index];
    if (!run) return;
    const w = await this.runs.weightsOf(index);
    this.fromRun = { id: run.id, key: null };
    this.twinRunId = null;
    this.twinFromFileName = null;
    this.twinLoaded = null;
    await load(w);
    this.fromRun = { id: run.id, key: this.live.key() };
    this.loadedKey = null;
    if (this.state.deleted.length) this.setDeleted([]);
    if (this.state.open) await this.refresh();
    else this.setOpen(true);
  }

  // ---- evaluations ----

  private ready(key: NetKey): NetView | null {
    const n = this.state.nets[key];
    return n && n.status === 'ready' && n.fitsTestSet ? n : null;
  }

  /** Runs a job in the worker under a name (a newer job of the same name cancels it). */
  private async run<T>(what: string, work: (api: LabHostApi, job: number) => Promise<T>): Promise<T | null> {
    const engine = await this.getEngine();
    const old = this.jobs.get(what);
    if (old !== undefined) engine.api.cancel(old);
    const job = this.nextJob++;
    this.jobs.set(what, job);
    try {
      return await work(engine.api, job);
    } finally {
      if (this.jobs.get(what) === job) this.jobs.delete(what);
    }
  }

  private async evaluateWhole(key: NetKey): Promise<void> {
    if (!this.ready(key)) return;
    try {
      const scores = await this.run(`${key}:whole`, (api, job) => api.study(job, key, [[]]));
      if (scores) this.patchNet(key, { whole: scores[0] });
    } catch (e) {
      if (!isCancel(e)) this.patchNet(key, { error: phraseOf(e) });
    }
  }

  /** The test accuracy and loss with the current set switched off, for the live model and the twin. */
  async evaluateCurrent(): Promise<void> {
    await Promise.all(
      NET_KEYS.map(async (key) => {
        const n = this.ready(key);
        if (!n) return;
        const deleted = this.state.deleted;
        const missing = deleted.find((d) => !n.blocks.some((b) => b.name === d));
        const bad = n.blocks.find((b) => deleted.includes(b.name) && !b.deletable);
        const skipped = missing ? phrase('{block} is not a block of this network', { block: missing }) : bad ? (bad.why ?? null) : null;
        this.patchNet(key, { current: { deleted, score: null, skipped } });
        if (skipped) return;
        try {
          const scores = await this.run(`${key}:current`, (api, job) => api.study(job, key, [deleted]));
          if (scores && this.state.deleted === deleted) this.patchNet(key, { current: { deleted, score: scores[0], skipped: null } });
        } catch (e) {
          if (!isCancel(e)) this.patchNet(key, { current: { deleted, score: null, skipped: phraseOf(e) } });
        }
      }),
    );
  }

  private async runStudy(kind: 'each' | 'random', key: NetKey): Promise<void> {
    const n = this.ready(key);
    if (!n) return;
    const deletable = n.blocks.filter((b) => b.deletable).map((b) => b.name);
    const { draws, seed } = this.state.settings;
    const sets = kind === 'each' ? eachInTurn(deletable) : [{ deleted: [] }, ...randomSets(deletable, draws, seed)];
    const total = 2000;
    const study: Study = { sets, scores: sets.map(() => ({ count: 0, correct: 0, lossSum: 0 })), progress: startProgress(total, this.now()) };
    this.patchNet(key, { [kind]: study });
    try {
      const scores = await this.run(`${key}:${kind}`, (api, job) =>
        api.study(
          job,
          key,
          sets.map((s) => s.deleted),
          (done, scores) => this.patchNet(key, (n) => ({ [kind]: { ...n[kind]!, scores, progress: advance(n[kind]!.progress, done, this.now()) } })),
        ),
      );
      if (scores) this.patchNet(key, (n) => ({ [kind]: { ...n[kind]!, scores, progress: ended(n[kind]!.progress, 'done', this.now()) } }));
    } catch (e) {
      this.patchNet(key, (n) => ({ [kind]: { ...n[kind]!, progress: ended(n[kind]!.progress, isCancel(e) ? 'cancelled' : 'error', this.now(), isCancel(e) ? null : phraseOf(e)) } }));
    }
  }

  /** "Delete each block in turn" on both networks (Veit et al.'s Fig. 3). */
  eachInTurn(): Promise<void> {
    return Promise.all(NET_KEYS.map((k) => this.runStudy('each', k))).then(() => undefined);
  }

  /** "Delete k random blocks", several draws per k, on both networks (their Fig. 5). */
  randomDeletions(): Promise<void> {
    return Promise.all(NET_KEYS.map((k) => this.runStudy('random', k))).then(() => undefined);
  }

  /** A 2-D surface, a 1-D slice along one random direction, or the line to the initial weights, on both networks. */
  landscape(kind: LandscapeKind): Promise<void> {
    return Promise.all(NET_KEYS.map((k) => this.runLandscape(kind, k))).then(() => undefined);
  }

  private async runLandscape(kind: LandscapeKind, key: NetKey): Promise<void> {
    const n = this.ready(key);
    if (!n) return;
    if (kind === 'initial' && !n.hasInitial) return;
    const s = this.state.settings.landscape;
    // The line to the initial weights runs from a little before the trained weights (α = 0) to past the initial ones (α = 1).
    const alphas = kind === 'initial' ? axis(-0.5, 1.5, Math.max(9, s.steps * 2 - 1)) : axis(s.from, s.to, kind === 'slice' ? Math.max(s.steps, s.steps * 2 - 1) : s.steps);
    const betas = kind === 'surface' ? axis(s.from, s.to, s.steps) : [0];
    const directions: DirectionsRequest = kind === 'initial' ? { kind: 'initial' } : { kind: 'random', seed: s.seed, count: kind === 'surface' ? 2 : 1 };
    const land: Landscape = { kind, alphas, betas, images: s.images, grid: alphas.map(() => betas.map(() => null)), progress: startProgress(alphas.length * betas.length, this.now()) };
    this.patchNet(key, (x) => ({ landscapes: { ...x.landscapes, [kind]: land } }));
    const update = (f: (l: Landscape) => Landscape) => this.patchNet(key, (x) => ({ landscapes: { ...x.landscapes, [kind]: f(x.landscapes[kind]!) } }));
    try {
      const result = await this.run(`${key}:landscape:${kind}`, (api, job) =>
        api.landscape(job, key, directions, { alphas, betas, images: s.images }, (i, j, score) =>
          update((l) => {
            if (l.progress.status !== 'running') return l;
            const grid = l.grid.map((row) => row.slice());
            grid[i][j] = score;
            return { ...l, grid, progress: advance(l.progress, l.progress.done + 1, this.now()) };
          }),
        ),
      );
      if (result) update((l) => ({ ...l, grid: result, progress: ended(l.progress, 'done', this.now()) }));
    } catch (e) {
      update((l) => ({ ...l, progress: ended(l.progress, isCancel(e) ? 'cancelled' : 'error', this.now(), isCancel(e) ? null : phraseOf(e)) }));
    }
  }

  /** The gradient by path length (Veit et al.'s Fig. 6), on the residual networks. */
  paths(): Promise<void> {
    return Promise.all(
      NET_KEYS.map(async (key) => {
        const n = this.ready(key);
        if (!n || !n.spec.residual) return;
        const { perLength, batch, seed } = this.state.settings;
        const total = n.blocks.length + 1;
        this.patchNet(key, { paths: { result: null, progress: startProgress(total, this.now()) } });
        const update = (f: (p: NonNullable<NetView['paths']>) => NetView['paths']) => this.patchNet(key, (x) => ({ paths: f(x.paths!) }));
        try {
          const result = await this.run(`${key}:paths`, (api, job) =>
            api.paths(job, key, { perLength, seed, batch }, (_k, got) => update((p) => (p.progress.status === 'running' ? { result: got, progress: advance(p.progress, p.progress.done + 1, this.now()) } : p))),
          );
          if (result) update((p) => ({ result, progress: ended(p.progress, 'done', this.now()) }));
        } catch (e) {
          update((p) => ({ ...p, progress: ended(p.progress, isCancel(e) ? 'cancelled' : 'error', this.now(), isCancel(e) ? null : phraseOf(e)) }));
        }
      }),
    ).then(() => undefined);
  }

  /** Cancels a study on both networks (`each`, `random`, `landscape:surface`, `paths`, …). */
  cancel(what: string): void {
    for (const key of NET_KEYS) {
      const job = this.jobs.get(`${key}:${what}`);
      if (job !== undefined) void this.engine?.then((e) => e.api.cancel(job));
    }
  }

  /** ImageNet weights: the sample photos' top-5, whole and with the current set switched off. */
  private async runPhotos(): Promise<void> {
    const p = this.state.nets.primary;
    if (!this.state.open || !p || p.status !== 'ready' || p.fitsTestSet || p.spec.numClasses !== 1000) return;
    const deleted = this.state.deleted;
    this.set({ photos: { names: this.state.photos?.names ?? [], sample: this.state.photos?.sample ?? [], whole: this.state.photos?.whole ?? null, lesioned: null, busy: true, error: null } });
    try {
      const photos = await this.photos(p.spec);
      if (!photos) {
        this.set({ photos: null });
        return;
      }
      const engine = await this.getEngine();
      const whole = this.state.photos?.whole ?? (await engine.api.predict('primary', photos.images, []));
      const lesioned = deleted.length ? await engine.api.predict('primary', photos.images, deleted) : whole;
      if (this.state.deleted === deleted) this.set({ photos: { names: photos.names, sample: photos.sample, whole, lesioned, busy: false, error: null } });
    } catch (e) {
      this.set({ photos: { names: [], sample: [], whole: null, lesioned: null, busy: false, error: phraseOf(e) } });
    }
  }

  /** Frees the worker's networks (the page is going away, or a test ends). */
  async dispose(): Promise<void> {
    for (const what of [...this.jobs.keys()]) this.cancelJobs(what);
    const engine = await this.engine?.catch(() => null);
    if (engine) await Promise.all(NET_KEYS.map((k) => engine.api.close(k)));
    this.changes.dispose();
  }
}


