/**
 * What crosses between the page and the thread that holds the live model (its worker, or the page itself as
 * a fallback): plain data only. No tensor crosses; bulk numbers travel as Float32Array / Uint8Array buffers,
 * transferred where the sender no longer needs them.
 */
import type { Phrase, ResNetSpec } from '../../core';
import type { BackendName } from '../backends/names';
import type { Thumbnails, ThumbMode } from '../model/thumbnails';

export type RunnerStatus = 'starting' | 'building' | 'ready' | 'error';

export interface WeightsProblem {
  fileName: string;
  /** Every problem found, worded by the UI (the loader's reasons, as phrases). */
  problems: Phrase[];
  suggestedSpec?: ResNetSpec;
}

/** The built model, as the page sees it: what it is, not its tensors. */
export interface ModelInfo {
  /** Counts the builds of this host: a new id is a new model (weights included). */
  id: number;
  spec: ResNetSpec;
  /** Layers of the graph (what the panel reports). */
  layers: number;
}

export interface MemoryFigures {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
}

export interface RunnerState {
  backend: BackendName | null;
  /** Why this backend (and, on the page, where the model runs); null until one is chosen. */
  backendReason: Phrase | null;
  status: RunnerStatus;
  /** 0..1 while building. */
  progress: number;
  model: ModelInfo | null;
  /** What the current model's weights are. */
  weights: { kind: 'random' } | { kind: 'file'; name: string };
  /** A loaded file that the current architecture cannot use (it is kept for when it fits again). */
  heldFile: string | null;
  /** Why the model could not be built. */
  error: Phrase | null;
  weightsProblem: WeightsProblem | null;
  buildMs: number | null;
  /** The model's thread's tensor memory, read at the last change. */
  memory: { numTensors: number; numBytes: number };
  /** Where the model runs: its own worker, or the page's thread (the fallback). */
  thread: 'worker' | 'main';
  /** Something the user should know that outlived its moment (the model's worker stopped and was replaced). */
  notice: Phrase | null;
}

/** The model's thread's state before it has started: the host starts from it, and the page's handle too. */
export const STARTING: Omit<RunnerState, 'model' | 'thread' | 'notice'> = {
  backend: null,
  backendReason: null,
  status: 'starting',
  progress: 0,
  weights: { kind: 'random' },
  heldFile: null,
  error: null,
  weightsProblem: null,
  buildMs: null,
  memory: { numTensors: 0, numBytes: 0 },
};

export interface StageMap {
  name: string;
  shape: number[];
  /** Mean over channels, H×W. */
  mean: Float32Array;
}

export interface ResidualRatio {
  block: string;
  /** ||F(x)|| / ||shortcut||: how much the block's residual branch changes what passes through. */
  ratio: number;
  projection: boolean;
}

export interface Cam {
  classIndex: number;
  height: number;
  width: number;
  /** Min-max scaled to [0, 1]. */
  values: Float32Array;
}

export interface ChannelStats {
  channel: number;
  mean: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead after a ReLU). */
  zeros: number;
}

export interface FeatureMaps {
  layerId: string;
  /** C, H, W (a linear layer's output is C, 1, 1). */
  shape: [number, number, number];
  /** Channel-major values: channel c's map is values[c*H*W ... (c+1)*H*W). */
  values: Float32Array;
  stats: ChannelStats[];
  min: number;
  max: number;
}

export interface InferenceResult {
  top: { index: number; p: number }[];
  classes: number;
  latencyMs: number;
  stages: StageMap[];
  residual: ResidualRatio[];
  cam: Cam | null;
  features: FeatureMaps | null;
}

export interface LayerTime {
  id: string;
  name: string;
  type: string;
  ms: number;
}

/** One run of the current input through the current model. */
export interface RunRequest {
  /** The page's run counter: a newer run cancels this one. */
  token: number;
  /** The model the page expects (a run for a replaced model is dropped). */
  modelId: number;
  selected: string | null;
  thumbMode: ThumbMode;
  /** What the thumbnails belong to: the image's sequence number and resize policy. */
  imageKey: string;
}

export interface RunOutcome {
  result: InferenceResult;
  /** The layer-by-layer pass's thumbnails when it ran (a selected layer inside a fused step); else null. */
  thumbnails: Thumbnails | null;
  /** Predictions came from the fast path: the thumbnails need `runThumbnails` next. */
  fast: boolean;
}

/** The normalised input, NHWC, and what it was prepared for. */
export interface InputTensor {
  key: string;
  values: Float32Array;
  shape: [number, number, number, number];
}

