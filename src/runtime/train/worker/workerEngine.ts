/**
 * The page's side of the training worker: an engine whose trainers are proxies with the `Trainer` calls the
 * Train tab uses (`trainStep`, `gradientFlow`, `saveSafetensors`, `dispose`, `status`, `problem`), each call
 * one message to the worker. A worker that dies — an uncaught error, a script that could not load, or an end
 * without a word, as the workers' one lifecycle notices (`workers/lifecycle.ts`) — fails every call in flight
 * and every later one with a message saying so; nothing on the page is lost, and the next Start uses a new one.
 */
import { PhraseError, phrase, phraseOf, type Phrase, type ResNetSpec } from '../../../core';
import type { LayerGradientNorm, StepResult, TrainConfig, TrainerStatus } from '../trainer';
import { TrainingError } from '../trainer';
import type { HostBackend, HostData, HostMemory, TrainHostApi } from './protocol';

/** A started worker (`watchWorker`'s link): its API (through comlink), its death, and a way to end it. */
export interface WorkerConnection {
  api: TrainHostApi;
  /** Rejects (never resolves) with the reason (a WorkerDied, or any error with a phrase) when the worker dies. */
  died: Promise<never>;
  /** Says the worker has started (its start's time limit no longer applies). */
  running(): void;
  terminate(): void;
}

/** The worker died or could not start (`reason`): training on the page is still possible. */
export class WorkerFailedError extends PhraseError {
  constructor(readonly reason: Phrase) {
    super(reason, 'worker-failed');
    this.name = 'WorkerFailedError';
  }
}

export class WorkerTrainEngine {
  private nextId = 0;
  private failure: Phrase | null = null;
  /** The calls waiting for an answer: failed at once when the worker dies (a dead worker never answers). */
  private readonly pending = new Set<(e: Error) => void>();

  private constructor(
    private readonly connection: WorkerConnection,
    readonly backend: HostBackend,
    readonly data: HostData,
  ) {
    connection.died.catch((e: unknown) => {
      this.failure ??= phraseOf(e);
      for (const fail of this.pending) fail(this.stopped());
      this.pending.clear();
      connection.terminate();
    });
  }

  private stopped(): PhraseError {
    return new PhraseError(phrase('The training worker stopped ({reason}); the curves so far are kept. Reset and Start to train again.', { reason: this.failure! }), 'worker-died');
  }

  /**
   * Starts the worker's backend and loads the data in it. A worker that cannot start rejects with a
   * WorkerFailedError (the caller trains on the page instead); data that cannot load, with the reason.
   */
  static async start(connection: WorkerConnection, dataUrl: string): Promise<WorkerTrainEngine> {
    const died = connection.died.catch((e: unknown) => {
      throw new WorkerFailedError(phraseOf(e));
    });
    let backend: HostBackend;
    try {
      backend = await Promise.race([connection.api.startBackend(), died]);
      connection.running();
    } catch (e) {
      connection.terminate();
      throw e instanceof WorkerFailedError ? e : new WorkerFailedError(phraseOf(e));
    }
    try {
      const data = await Promise.race([connection.api.loadData(dataUrl), died]);
      return new WorkerTrainEngine(connection, backend, data);
    } catch (e) {
      connection.terminate();
      throw e;
    }
  }

  /** Why the worker stopped (null while it works): an engine that has failed cannot train again. */
  get broken(): Phrase | null {
    return this.failure;
  }

  /** One call to the worker; fails at once, with the reason, when the worker has died. */
  call<T>(f: (api: TrainHostApi) => Promise<T>): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.stopped());
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      f(this.connection.api)
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
  }

  /** A trainer in the worker; a spec or settings that cannot train make its first call reject with the reason. */
  createTrainer(spec: ResNetSpec, config: TrainConfig): RemoteTrainer {
    return new RemoteTrainer(this, this.nextId++, spec, config);
  }

  /** The worker's TensorFlow.js memory (tensors and bytes): what its trainers hold. */
  memory(): Promise<HostMemory> {
    return this.call((api) => api.memory());
  }
}

/** A `Trainer` in the worker, seen from the page: its status and message as of the latest reply. */
export class RemoteTrainer {
  private state: TrainerStatus = 'ready';
  private divergence: Phrase | undefined;
  private readonly created: Promise<void>;

  constructor(
    private readonly engine: WorkerTrainEngine,
    private readonly id: number,
    spec: ResNetSpec,
    config: TrainConfig,
  ) {
    this.created = engine.call((api) => api.create(id, spec, config));
    // Reported by the first call that waits for it.
    this.created.catch(() => undefined);
  }

  get status(): TrainerStatus {
    return this.state;
  }

  /** Why the run diverged, as of the latest reply. */
  get problem(): Phrase | undefined {
    return this.divergence;
  }

  private async call<T>(f: (api: TrainHostApi, id: number) => Promise<T>): Promise<T> {
    if (this.state === 'disposed') throw new TrainingError(phrase('This training run has been disposed'), 'disposed');
    await this.created;
    return this.engine.call((api) => f(api, this.id));
  }

  async trainStep(): Promise<StepResult> {
    const r = await this.call((api, id) => api.step(id));
    if (this.state !== 'disposed') this.state = r.status;
    this.divergence = r.problem;
    return r.result;
  }

  gradientFlow(): Promise<LayerGradientNorm[]> {
    return this.call((api, id) => api.gradientFlow(id));
  }

  saveSafetensors(): Promise<Uint8Array> {
    return this.call((api, id) => api.saveSafetensors(id));
  }

  /** Frees the worker's trainer (after any call in flight on it). */
  dispose(): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    this.engine.call((api) => api.dispose(this.id)).catch(() => undefined);
  }
}
