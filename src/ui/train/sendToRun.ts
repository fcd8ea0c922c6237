/**
 * "Use these weights": the app switches to the run's model (the built model's spec becomes the run's,
 * 1×28×28 with 10 classes) and the live model loads the trained state_dict, exactly as a dropped
 * safetensors file would be loaded.
 */
import { PhraseError, joinPhrases, phrase } from '../../core';
import type { ModelRunner } from '../../runtime/runner';
import type { ModelStore } from '../../state/modelStore';
import type { TrainedWeights } from './TrainView';

export async function sendToRun(store: ModelStore, runner: ModelRunner | null, w: TrainedWeights): Promise<void> {
  // Each reason a phrase, so that the Train tab says it in the user's language.
  if (!runner) throw new PhraseError(phrase('TensorFlow.js is still loading; try again in a moment.'), 'loading');
  const errors = store.loadSpec(w.spec);
  if (errors.length) throw new PhraseError(joinPhrases(errors.map((e) => e.phrase)), 'model');
  // The runner follows the store through an effect; it must know the new model before the file is checked.
  runner.setSpec(store.getState().analysis);
  const name = `${w.label} trained ${w.step} steps on Fashion-MNIST`;
  if (!(await runner.loadWeights(name, w.bytes))) {
    const problems = runner.getState().weightsProblem?.problems;
    throw new PhraseError(problems?.length ? joinPhrases(problems) : phrase('The trained weights could not be loaded'), 'weights');
  }
}
