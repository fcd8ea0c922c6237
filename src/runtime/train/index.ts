/**
 * Training in the runtime — the API the Train tab and `npm run train` use.
 *
 * - `Trainer(analysis, data, config, { weights?, memoryBudget? })`: one run. `trainStep()` does one SGD step
 *   and returns loss, batch accuracy, learning rate, ms and images/s (plus per-layer gradient norms every
 *   `gradientNormEvery` steps and test accuracy every `evalEvery`); `run(onStep, maxSteps?)` trains to
 *   `config.steps`, yielding between steps, until `pause()` (resolves 'paused'; call `run` again to resume)
 *   or a NaN/∞ loss (resolves 'diverged' with a message; no update is applied). `evaluate()` is the test
 *   accuracy, `gradientFlow()` the gradient norms at the current weights (at initialisation: before any
 *   step), `gradients()` every gradient by state_dict key, `reset()` goes back to step 0, `toStateDict()` /
 *   `saveSafetensors()` / `toInferenceModel()` hand the weights on, `dispose()` frees every tensor.
 *   Bad settings, data that does not fit the model, a batch too large for `memoryBudget` and a backend that
 *   cannot train (`assertCanTrain`) throw a `TrainingError` before anything is allocated.
 * - Data: `fetchFashionMnist()` (browser) or `readFashionMnist()` (Node, `fashionMnistNode.ts`), then
 *   `fashionMnistData(set)`; `fixedBatchData(...)` for one fixed batch; `forDataset(spec, data)` gives a spec
 *   the data's input size and classes.
 */
export * from './trainer';
export * from './data';
export * from './fashionMnist';
export * from './schedule';
export * from './batchFile';
export { TrainableNet, type StateDictEntry } from './net';
export { Sgd, type SgdSettings } from './sgd';
