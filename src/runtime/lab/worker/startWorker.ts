/** Starts the lab's worker in the browser (Vite bundles `labWorker.ts` as a module worker). */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import type { LabHostApi } from './protocol';

export interface LabConnection {
  api: LabHostApi;
  /** Rejects (never resolves) with the reason when the worker dies. */
  died: Promise<never>;
  terminate(): void;
}

export function startLabWorker(): LabConnection {
  const worker = new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module', name: 'lab' });
  let die: (e: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => {
    die = reject;
  });
  died.catch(() => undefined);
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    die(new Error(e.message ? e.message.replace(/^Uncaught /, '') : 'its script could not load'));
  });
  worker.addEventListener('messageerror', () => die(new Error('a message from it could not be read')));
  return {
    api: withCallbacks(Comlink.wrap<LabHostApi>(worker) as unknown as LabHostApi),
    died,
    terminate: () => {
      worker.terminate();
      die(new Error('it was ended'));
    },
  };
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
