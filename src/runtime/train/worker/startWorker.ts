/**
 * Starts the training worker in the browser (Vite bundles `trainWorker.ts` as a module worker), watched by the
 * workers' one lifecycle (`workers/lifecycle.ts`): error events, and a lifeline that notices a worker ending
 * without a word.
 */
import '../../workers/phraseErrors';
import { watchWorker } from '../../workers/lifecycle';
import type { TrainHostApi } from './protocol';
import type { WorkerConnection } from './workerEngine';

export function startTrainWorker(): WorkerConnection {
  const link = watchWorker<TrainHostApi>(() => new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module', name: 'training' }));
  return { api: link.remote as unknown as TrainHostApi, died: link.died, running: () => link.running(), terminate: () => link.terminate() };
}
