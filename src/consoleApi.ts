/** The console API (\`window.resnetExplorer\`): scripting the app from DevTools, and the end-to-end tests. */
import type * as tf from '@tensorflow/tfjs-core';
import type * as core from './core';
import type { CompareModels } from './runtime/compareModels';
import type { InferenceSession } from './runtime/inference';
import type { RemoteWeights } from './runtime/weights/remote';
import type { ModelRunner } from './runtime/runner';
import type { CompareStore } from './state/compareStore';
import type { LabStore } from './state/labStore';
import type { ModelStore } from './state/modelStore';
import type { TrainStore } from './state/trainStore';

export interface ConsoleApi {
  store: ModelStore;
  compare: CompareStore;
  train: TrainStore;
  /** The Lab: switched-off blocks, lesion studies, loss landscapes (computed in its own worker). */
  lab: LabStore;
  compared: CompareModels;
  /** The live model's handle; the model runs in a worker, so its calls are async (`await runner.memory()`). */
  runner: ModelRunner;
  /** Weights from the Hub or a link, and the ones kept in this browser. */
  remote: RemoteWeights;
  session: InferenceSession;
  /** This page's TensorFlow.js (training); the live model's thread, which also holds the comparison's models, has its own. */
  tf: typeof tf;
  /** Picks this page's backend once (as the comparison and training do) before using `tf` here. */
  pageBackend: () => Promise<{ name: string; reason: core.Phrase }>;
  core: typeof core;
}

declare global {
  interface Window {
    resnetExplorer: ConsoleApi;
  }
}
