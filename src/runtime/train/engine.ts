/**
 * The adapter between the Train tab's store and the runtime: by default a training worker that owns its own
 * TensorFlow.js (on the GPU where there is a hardware one) and the Fashion-MNIST subset (loaded on the first
 * Start, so the tab costs nothing until then); on the page's main thread, on the live model's backend, when
 * the link says `worker=off`, when there are no workers, or when the worker cannot start.
 */
import { checkModel, joinPhrases, phraseOf, type ResNetSpec } from '../../core';
import type { TrainEngine, TrainLocation, TrainerLike } from './engineTypes';
import { GPU_LOST, trainBackendFlag } from './trainBackend';
import type { FashionMnist } from './';
import { FASHION_MNIST_URL } from './fashionMnist';
import type { WorkerMode } from '../workers/workerMode';

let subset: Promise<FashionMnist> | null = null;

/** The subset, fetched once for the page (the Run tab's test images, and training on the main thread). */
export function loadFashionMnist(): Promise<FashionMnist> {
  subset ??= import('./').then((m) => m.fetchFashionMnist(`${import.meta.env.BASE_URL}${m.FASHION_MNIST_URL}`));
  subset.catch(() => {
    subset = null;
  });
  return subset;
}

/** Training in the worker; a WorkerFailedError when it cannot start (the data failing to load is not that). */
async function loadWorkerEngine(): Promise<TrainEngine> {
  const [{ WorkerTrainEngine, WorkerFailedError }, { startTrainWorker }] = await Promise.all([
    import('./worker/workerEngine'),
    import('./worker/startWorker'),
  ]);
  const url = new URL(`${import.meta.env.BASE_URL}${FASHION_MNIST_URL}`, window.location.href).href;
  let connection;
  try {
    connection = startTrainWorker();
  } catch (e) {
    throw new WorkerFailedError(phraseOf(e));
  }
  // The backend the link asks for (`trainbackend=`), told before the worker starts one.
  void connection.api.preferBackend(trainBackendFlag(window.location.search)).catch(() => undefined);
  const engine = await WorkerTrainEngine.start(connection, url);
  const { backend } = engine;
  const where: TrainLocation = {
    worker: true,
    backend: backend.name,
    threads: backend.threads,
    ...(backend.note ? { note: backend.note } : {}),
    ...(backend.reason ? { reason: backend.reason } : {}),
  };
  // Once the worker's GPU is lost, its trainers can only fail: the next Reset drops the worker (and ends it)
  // so that the next Start loads a new one.
  let gpuLost: string | null = null;
  const watch = <T>(call: Promise<T>): Promise<T> =>
    call.catch((e: unknown) => {
      if ((e as { code?: unknown } | null)?.code === GPU_LOST) gpuLost ??= e instanceof Error ? e.message : String(e);
      throw e;
    });
  return {
    data: engine.data,
    where,
    get broken() {
      if (gpuLost !== null && engine.broken === null) connection.terminate();
      return engine.broken ?? gpuLost;
    },
    createTrainer: (spec, config): TrainerLike => {
      const trainer = engine.createTrainer(spec, config);
      return {
        get status() {
          return trainer.status;
        },
        get message() {
          return trainer.message;
        },
        get problem() {
          return trainer.problem;
        },
        trainStep: () => watch(trainer.trainStep()),
        gradientFlow: () => watch(trainer.gradientFlow()),
        saveSafetensors: () => watch(trainer.saveSafetensors()),
        dispose: () => trainer.dispose(),
      };
    },
    memory: () => engine.memory(),
  };
}

/** Training on the page, on the backend the live model picked (`ready` resolves once it has). */
async function loadPageEngine(ready: () => Promise<unknown>, why: Extract<TrainLocation, { worker: false }>['why'], detail?: string): Promise<TrainEngine> {
  const [train, tf] = await Promise.all([import('./'), import('@tensorflow/tfjs-core'), ready()]);
  const data = train.fashionMnistData(await loadFashionMnist());
  return {
    data,
    where: { worker: false, backend: tf.getBackend(), why, ...(detail ? { detail } : {}) },
    createTrainer(spec: ResNetSpec, config) {
      const checked = checkModel(train.forDataset(spec, data));
      if (!checked.ok) throw new train.TrainingError(joinPhrases(checked.errors.map((e) => e.phrase)), 'model');
      return new train.Trainer(checked.value, data, config);
    },
    memory: async () => {
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes };
    },
  };
}

export async function loadTrainEngine(ready: () => Promise<unknown>, mode: WorkerMode): Promise<TrainEngine> {
  if (!mode.worker) return loadPageEngine(ready, 'flag');
  if (typeof Worker === 'undefined') return loadPageEngine(ready, 'unavailable');
  try {
    return await loadWorkerEngine();
  } catch (e) {
    const { WorkerFailedError } = await import('./worker/workerEngine');
    if (!(e instanceof WorkerFailedError)) throw e;
    console.warn(`The training worker could not start (${e.message}); training runs on the page`);
    return loadPageEngine(ready, 'failed', e.message);
  }
}
