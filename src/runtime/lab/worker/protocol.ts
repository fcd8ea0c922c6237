/**
 * What crosses between the page and the lab's worker: plain data only (specs, weight files' bytes, deleted
 * sets, scores, grids). The test set never crosses: the worker fetches the Fashion-MNIST subset itself.
 */
import type { Phrase, ResNetSpec } from '../../../core';
import type { Score } from '../evaluate';
import type { GridRequest } from '../landscape';
import type { PathGradients } from '../pathGradients';

export type { Score, GridRequest, PathGradients };

export interface LabBackend {
  /** The worker's: WebAssembly or the CPU backend; on the page, the page's own (a GPU one too). */
  name: 'wasm' | 'cpu' | 'webgl' | 'webgpu';
  threads: number;
  /** The lab computes on the page's own thread (no worker: `worker=off`, or it could not start). */
  onPage?: boolean;
  /** Why not WebAssembly, when it is the CPU backend. */
  note?: Phrase;
}

/** One block of an opened network: whether it can be switched off, and what it becomes or why not. */
export interface LabBlock {
  name: string;
  deletable: boolean;
  becomes?: 'shortcut' | 'identity';
  why?: Phrase;
}

export interface OpenedNet {
  blocks: LabBlock[];
  /** The initial weights came too (the straight line from them to the trained ones can be drawn). */
  hasInitial: boolean;
  /** The network takes the test set's images (1×28×28, 10 classes): accuracy and loss can be measured. */
  fitsTestSet: boolean;
}

/** Which directions a landscape moves along. */
export type DirectionsRequest =
  /** Two (or one, for a 1-D slice) seeded filter-normalised random directions. */
  | { kind: 'random'; seed: number; count: 1 | 2 }
  /** Two directions from a safetensors file (`d1.<key>`, `d2.<key>`). */
  | { kind: 'file'; bytes: Uint8Array }
  /** The line from the trained weights (α = 0) to the initial ones (α = 1). */
  | { kind: 'initial' };

export interface Top {
  index: number;
  p: number;
}

/** The worker's API (the page calls it through comlink). Networks are known by a slot name the page picks. */
export interface LabHostApi {
  startBackend(): Promise<LabBackend>;
  /** Fetches the Fashion-MNIST subset; resolves with its test and training counts. */
  loadData(url: string): Promise<{ test: number; train: number }>;
  /** Reads and checks a state_dict file (and optionally the initial weights) for `spec`; throws a PhraseError. */
  open(slot: string, spec: ResNetSpec, weights: Uint8Array, initial?: Uint8Array): Promise<OpenedNet>;
  close(slot: string): Promise<void>;
  /**
   * Scores on the test set (the first `images`, default all) with each set of blocks switched off; `onBatch`
   * hears the scores so far after each batch. Rejects with a Cancelled error after `cancel(job)`.
   */
  study(job: number, slot: string, sets: string[][], onBatch?: (done: number, scores: Score[]) => void, images?: number): Promise<Score[]>;
  landscape(job: number, slot: string, directions: DirectionsRequest, grid: GridRequest, onPoint?: (i: number, j: number, score: Score) => void): Promise<Score[][]>;
  paths(job: number, slot: string, opts: { perLength: number; seed: number; batch: number }, onLength?: (k: number, got: PathGradients) => void): Promise<PathGradients>;
  /** Top-5 classes for each prepared image (NHWC, normalised), with the blocks switched off. */
  predict(slot: string, images: { values: Float32Array; shape: [number, number, number, number] }[], deleted: string[]): Promise<Top[][]>;
  cancel(job: number): void;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
}

/** The lab's worker (or the page, or in tests a host behind a message channel), started, with its test set loaded. */
export interface LabEngine {
  api: LabHostApi;
  backend: LabBackend;
  /** Rejects with the reason when the worker dies. */
  died: Promise<never>;
}
