/**
 * The training worker's side: the data set, and the `Trainer`s the page asked for, by id. Calls on one trainer
 * run one after another (a dispose waits for a step in flight); the tfjs backend is whatever the worker (or a
 * test) started. Kept free of `self` and of comlink's wiring so Node tests can drive it directly. On a GPU
 * whose context or device is lost, every call then fails with what to tell the user (the page drops this
 * worker at the next Reset).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkModel, joinPhrases, phrase, PhraseError, type Phrase, type ResNetSpec } from '../../../core';
import { forDataset, type TrainingData } from '../data';
import { fashionMnistData, type FashionMnist } from '../fashionMnist';
import { Trainer, TrainingError, type TrainConfig } from '../trainer';
import { GPU_LOST, type TrainBackendName } from '../trainBackend';
import type { HostBackend, HostData, HostMemory, StepReply, TrainHostApi } from './protocol';

/** How the host learns that the GPU it trains on went away (see `watchGpu`). */
export interface GpuLoss {
  /** Resolves once the GPU is lost. */
  lost: Promise<Phrase>;
  /** Whether it is lost now (a lost WebGL context shows at once, its event only later). */
  poll(): Phrase | null;
}

interface Slot {
  trainer: Trainer;
  /** The last call on this trainer: the next one waits for it. */
  queue: Promise<unknown>;
}

export class TrainHost implements TrainHostApi {
  private data: TrainingData | null = null;
  private readonly slots = new Map<number, Slot>();
  private preferred: TrainBackendName | null = null;
  private gpu: GpuLoss | null = null;
  /** Set once the GPU is lost: every call fails with it. */
  private lostError: PhraseError | null = null;
  /** Rejects with that error once the GPU is lost (a call in flight on a lost WebGL context may never end). */
  private lostSignal: Promise<never> = new Promise(() => undefined);

  constructor(
    private readonly backend: (preferred: TrainBackendName | null) => Promise<HostBackend>,
    private readonly fetchData: (url: string) => Promise<FashionMnist>,
    /** Marks bytes to be moved, not copied, to the page (comlink's `transfer` in the worker). */
    private readonly transfer: <T>(value: T, buffers: ArrayBuffer[]) => T = (v) => v,
    /** Watches the started backend's GPU (null on a CPU backend). */
    private readonly watchGpu: () => GpuLoss | null = () => null,
  ) {}

  async preferBackend(name: TrainBackendName | null): Promise<void> {
    this.preferred = name;
  }

  async startBackend(): Promise<HostBackend> {
    const backend = await this.backend(this.preferred);
    if (!this.gpu) {
      this.gpu = this.watchGpu();
      if (this.gpu) {
        this.lostSignal = this.gpu.lost.then((p) => {
          this.lostError ??= new PhraseError(p, GPU_LOST);
          throw this.lostError;
        });
        this.lostSignal.catch(() => undefined);
      }
    }
    return backend;
  }

  /** Throws the GPU's loss, if it happened. */
  private checkGpu(): void {
    const lost = this.gpu?.poll();
    if (lost) this.lostError ??= new PhraseError(lost, GPU_LOST);
    if (this.lostError) throw this.lostError;
  }

  async loadData(url: string): Promise<HostData> {
    this.data ??= fashionMnistData(await this.fetchData(url));
    const { input, numClasses, trainCount, testCount } = this.data;
    return { input, numClasses, trainCount, testCount };
  }

  async create(id: number, spec: ResNetSpec, config: TrainConfig): Promise<void> {
    this.checkGpu();
    if (!this.data) throw new TrainingError(phrase('The training data is not loaded yet'));
    if (this.slots.has(id)) throw new TrainingError(phrase('Training run {id} already exists', { id }));
    const checked = checkModel(forDataset(spec, this.data));
    if (!checked.ok) throw new TrainingError(joinPhrases(checked.errors.map((e) => e.phrase)), 'model');
    this.slots.set(id, { trainer: new Trainer(checked.value, this.data, config), queue: Promise.resolve() });
  }

  /** Runs `f` on trainer `id` after every earlier call on it has settled. */
  private on<T>(id: number, f: (t: Trainer) => Promise<T>): Promise<T> {
    const slot = this.slots.get(id);
    if (!slot) return Promise.reject(new TrainingError(phrase('There is no training run {id}', { id })));
    const next = slot.queue.then(() => {
      this.checkGpu();
      return Promise.race([f(slot.trainer), this.lostSignal]);
    });
    slot.queue = next.catch(() => undefined);
    return next;
  }

  step(id: number): Promise<StepReply> {
    return this.on(id, async (t) => {
      const result = await t.trainStep();
      return t.problem === undefined ? { result, status: t.status } : { result, status: t.status, problem: t.problem };
    });
  }

  gradientFlow(id: number) {
    return this.on(id, (t) => t.gradientFlow());
  }

  saveSafetensors(id: number): Promise<Uint8Array> {
    return this.on(id, async (t) => {
      const bytes = await t.saveSafetensors();
      return this.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** Frees the trainer's tensors once its calls in flight are done; an unknown id is already gone. */
  async dispose(id: number): Promise<void> {
    const slot = this.slots.get(id);
    if (!slot) return;
    this.slots.delete(id);
    await slot.queue;
    slot.trainer.dispose();
  }

  async memory(): Promise<HostMemory> {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
