/**
 * What crosses between the page and the training worker: plain data only (specs, configs, step results,
 * gradient norms, safetensors bytes). The training data never crosses: the worker fetches it itself.
 */
import type { Phrase, ResNetSpec } from '../../../core';
import type { TrainBackendName } from '../trainBackend';
import type { InputShape } from '../data';
import type { LayerGradientNorm, StepResult, TrainConfig, TrainerStatus } from '../trainer';

/** The backend the worker trains on. */
export interface HostBackend {
  name: TrainBackendName;
  /** Threads the backend computes on (1 for the CPU backend, WebAssembly without threads, or a GPU). */
  threads: number;
  /** Why not WebAssembly, when it is the CPU backend. */
  note?: Phrase;
  /** Why this backend (the GPU, or why not the GPU). */
  reason?: Phrase;
}

/** The data set's shape: what the page needs to know of the data the worker holds. */
export interface HostData {
  input: InputShape;
  numClasses: number;
  trainCount: number;
  testCount: number;
}

export interface StepReply {
  result: StepResult;
  status: TrainerStatus;
  /** Why the run diverged, as a phrase for the user's language. */
  problem?: Phrase;
}

export interface HostMemory {
  numTensors: number;
  numBytes: number;
}

/** The worker's API (the page calls it through comlink). Every trainer is known by an id the page picks. */
export interface TrainHostApi {
  /** The backend the link asks for (`trainbackend=`), before `startBackend`; null: the best one here. */
  preferBackend(name: TrainBackendName | null): Promise<void>;
  startBackend(): Promise<HostBackend>;
  loadData(url: string): Promise<HostData>;
  /** Throws a TrainingError (nothing allocated) when the spec or settings cannot train. */
  create(id: number, spec: ResNetSpec, config: TrainConfig): Promise<void>;
  step(id: number): Promise<StepReply>;
  gradientFlow(id: number): Promise<LayerGradientNorm[]>;
  saveSafetensors(id: number): Promise<Uint8Array>;
  dispose(id: number): Promise<void>;
  memory(): Promise<HostMemory>;
}
