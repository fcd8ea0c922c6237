/**
 * Starts the lab's worker in the browser (Vite bundles `labWorker.ts` as a module worker), watched by the workers'
 * one lifecycle (`workers/lifecycle.ts`): error events, and a lifeline that notices a worker ending without a word.
 */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import { watchWorker } from '../../workers/lifecycle';
import type { LabHostApi } from './protocol';

export interface LabConnection {
  api: LabHostApi;
  /** Rejects (never resolves) with the reason (a WorkerDied, its phrase saying why) when the worker dies. */
  died: Promise<never>;
  /** Says the worker has started (its start's time limit no longer applies). */
  running(): void;
  terminate(): void;
}

export function startLabWorker(): LabConnection {
  const link = watchWorker<LabHostApi>(() => new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module', name: 'lab' }));
  return { api: withCallbacks(link.remote as unknown as LabHostApi), died: link.died, running: () => link.running(), terminate: () => link.terminate() };
}

/**
 * The API with every function argument (a progress callback) sent as a comlink proxy, so the worker can call
 * back: a plain function cannot be structured-cloned into a message.
 */
export function withCallbacks(api: LabHostApi): LabHostApi {
  return new Proxy(api, {
    get: (target, name: keyof LabHostApi | 'then') => {
      // Not a thenable (comlink's proxy answers every name; `await` must not take it for a promise).
      if (name === 'then') return undefined;
      const f = target[name] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => f(...args.map((a) => (typeof a === 'function' ? Comlink.proxy(a as (...x: unknown[]) => unknown) : a)));
    },
  });
}
