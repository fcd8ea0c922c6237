/**
 * "Use these weights": the app switches to the run's model (the built model's spec becomes the run's,
 * 1×28×28 with 10 classes) and the live model loads the trained state_dict, exactly as a dropped
 * safetensors file would be loaded.
 */
import type { ModelRunner } from '../../runtime/runner';
import type { ModelStore } from '../../state/modelStore';
import type { TrainedWeights } from './TrainView';

export async function sendToRun(store: ModelStore, runner: ModelRunner | null, w: TrainedWeights): Promise<void> {
  if (!runner) throw new Error('TensorFlow.js is still loading; try again in a moment.');
  const errors = store.loadSpec(w.spec);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  // The runner follows the store through an effect; it must know the new model before the file is checked.
  runner.setSpec(store.getState().analysis);
  const name = `${w.label} trained ${w.step} steps on Fashion-MNIST`;
  if (!(await runner.loadWeights(name, w.bytes))) {
    throw new Error(runner.getState().weightsProblem?.problems.join('; ') ?? 'The trained weights could not be loaded');
  }
}
