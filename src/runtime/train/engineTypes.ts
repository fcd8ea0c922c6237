/** The Train tab's view of the training runtime: an engine (the worker's, or the page's) that makes trainers. */
import type { Phrase, ResNetSpec } from '../../core';
import type { LayerGradientNorm, StepResult, TrainConfig, TrainerStatus, TrainingData } from './index';

/** What a run needs from a trainer (the runtime's `Trainer`, or its proxy in the training worker). */
export interface TrainerLike {
  readonly status: TrainerStatus;
  /** Why the run diverged, as a phrase for the user's language. */
  readonly problem: Phrase | undefined;
  trainStep(): Promise<StepResult>;
  gradientFlow(): Promise<LayerGradientNorm[]>;
  saveSafetensors(): Promise<Uint8Array>;
  dispose(): void;
}

/**
 * Where the runs train: in the training worker (the default; on its `backend` — `webgpu`, `webgl`, `wasm` or
 * `cpu` — and, as `reason`, why: the GPU, or why not), or on the page's main thread — because the link says
 * `worker=off`, because this browser has no workers, or because the worker could not start (`detail`).
 */
export type TrainLocation =
  | { worker: true; backend: string; threads: number; note?: Phrase; reason?: Phrase }
  | { worker: false; backend: string; why: 'flag' | 'unavailable' | 'failed'; detail?: Phrase };

export interface TrainEngine {
  /** The data set's shape (the data itself may live in a worker). */
  data: Pick<TrainingData, 'input' | 'numClasses' | 'trainCount' | 'testCount'>;
  /**
   * Throws (a TrainingError) before allocating when the spec or settings cannot train; a trainer in a worker
   * says so when its first call rejects.
   */
  createTrainer(spec: ResNetSpec, config: TrainConfig): TrainerLike;
  where?: TrainLocation;
  /** Set (the reason) once the engine cannot train any more (its worker died): the next Start loads a new one. */
  readonly broken?: Phrase | null;
  /** The training backend's TensorFlow.js memory: what the trainers hold (the console API's `train.memory()`). */
  memory?(): Promise<{ numTensors: number; numBytes: number }>;
}
