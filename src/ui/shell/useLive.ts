/**
 * The live model's parts (TensorFlow.js, loaded after the graph is drawn), read in this one place: null until
 * they arrive. The runner follows the configured model; the session shows the selected node's activations.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ModelAnalysis } from '../../core';
import type { CompareModels } from '../../runtime/compareModels';
import type { InferenceSession } from '../../runtime/inference';
import type { RemoteWeights } from '../../runtime/weights/remote';
import type { ModelRunner } from '../../runtime/runner';

export interface LiveParts {
  runner: ModelRunner;
  session: InferenceSession;
  compared: CompareModels;
  remote: RemoteWeights;
}

const noSubscription = () => () => {};
const notReady = () => false;

export function useLive(loader: Promise<LiveParts>, analysis: ModelAnalysis, selectedOutput: string | null): { live: LiveParts | null; ready: boolean } {
  const [live, setLive] = useState<LiveParts | null>(null);
  useEffect(() => {
    void loader.then(setLive);
  }, [loader]);
  const runner = live?.runner ?? null;
  const session = live?.session ?? null;
  const ready = useSyncExternalStore(runner?.subscribe ?? noSubscription, runner ? () => runner.getState().status === 'ready' : notReady);
  useEffect(() => runner?.setSpec(analysis), [runner, analysis]);
  useEffect(() => session?.selectLayer(selectedOutput), [session, selectedOutput]);
  return { live, ready };
}
