/** Starts the training worker in the browser (Vite bundles `trainWorker.ts` as a module worker). */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import type { TrainHostApi } from './protocol';
import type { WorkerConnection } from './workerEngine';

export function startTrainWorker(): WorkerConnection {
  const worker = new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module', name: 'training' });
  let die: (e: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => {
    die = reject;
  });
  died.catch(() => undefined);
  // An uncaught error in the worker, or a script that could not load: the worker is given up.
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    die(new Error(e.message ? e.message.replace(/^Uncaught /, '') : 'its script could not load'));
  });
  worker.addEventListener('messageerror', () => die(new Error('a message from it could not be read')));
  const api = Comlink.wrap<TrainHostApi>(worker) as unknown as TrainHostApi;
  return {
    api,
    died,
    terminate: () => {
      worker.terminate();
      die(new Error('it was ended'));
    },
  };
}
