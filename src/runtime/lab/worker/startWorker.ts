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
    api: Comlink.wrap<LabHostApi>(worker) as unknown as LabHostApi,
    died,
    terminate: () => {
      worker.terminate();
      die(new Error('it was ended'));
    },
  };
}

/** A callback the worker may call back (comlink sends a proxy for it). */
export const callback = <T extends (...args: never[]) => unknown>(f: T): T => Comlink.proxy(f);
