/**
 * The training worker's side: the data set, and the `Trainer`s the page asked for, by id. Calls on one trainer
 * run one after another (a dispose waits for a step in flight); the tfjs backend is whatever the worker (or a
 * test) started. Kept free of `self` and of comlink's wiring so Node tests can drive it directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkModel, joinPhrases, phrase, type ResNetSpec } from '../../../core';
import { forDataset, type TrainingData } from '../data';
import { fashionMnistData, type FashionMnist } from '../fashionMnist';
import { Trainer, TrainingError, type TrainConfig } from '../trainer';
import type { HostBackend, HostData, HostMemory, StepReply, TrainHostApi } from './protocol';

interface Slot {
  trainer: Trainer;
  /** The last call on this trainer: the next one waits for it. */
  queue: Promise<unknown>;
}

export class TrainHost implements TrainHostApi {
  private data: TrainingData | null = null;
  private readonly slots = new Map<number, Slot>();

  constructor(
    private readonly backend: () => Promise<HostBackend>,
    private readonly fetchData: (url: string) => Promise<FashionMnist>,
    /** Marks bytes to be moved, not copied, to the page (comlink's `transfer` in the worker). */
    private readonly transfer: <T>(value: T, buffers: ArrayBuffer[]) => T = (v) => v,
  ) {}

  startBackend(): Promise<HostBackend> {
    return this.backend();
  }

  async loadData(url: string): Promise<HostData> {
    this.data ??= fashionMnistData(await this.fetchData(url));
    const { input, numClasses, trainCount, testCount } = this.data;
    return { input, numClasses, trainCount, testCount };
  }

  async create(id: number, spec: ResNetSpec, config: TrainConfig): Promise<void> {
    if (!this.data) throw new TrainingError('The training data is not loaded yet');
    if (this.slots.has(id)) throw new TrainingError(phrase('Training run {id} already exists', { id }));
    const checked = checkModel(forDataset(spec, this.data));
    if (!checked.ok) throw new TrainingError(joinPhrases(checked.errors.map((e) => e.phrase)), 'model');
    this.slots.set(id, { trainer: new Trainer(checked.value, this.data, config), queue: Promise.resolve() });
  }

  /** Runs `f` on trainer `id` after every earlier call on it has settled. */
  private on<T>(id: number, f: (t: Trainer) => Promise<T>): Promise<T> {
    const slot = this.slots.get(id);
    if (!slot) return Promise.reject(new TrainingError(phrase('There is no training run {id}', { id })));
    const next = slot.queue.then(() => f(slot.trainer));
    slot.queue = next.catch(() => undefined);
    return next;
  }

  step(id: number): Promise<StepReply> {
    return this.on(id, async (t) => {
      const result = await t.trainStep();
      return t.problem === undefined ? { result, status: t.status } : { result, status: t.status, message: t.message, problem: t.problem };
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
