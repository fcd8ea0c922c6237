/**
 * Bundled into the test page (see e2e/training.spec.ts) or the training worker (e2e/train-gpu.spec.ts): the
 * training runtime and what it needs, on `__train` of the global scope.
 */
import { checkModel, parseSpec, stateDictSchema } from '../src/core';
import * as train from '../src/runtime/train';
import { checkWeights } from '../src/runtime/weights/load';

const api = { ...train, checkModel, parseSpec, stateDictSchema, checkWeights };
export type TrainPageApi = typeof api;
(globalThis as unknown as { __train: TrainPageApi }).__train = api;
