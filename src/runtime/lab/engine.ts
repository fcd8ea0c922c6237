/**
 * The lab's engine, started on the first visit to the Lab: its own worker (the default) with the Fashion-MNIST
 * subset loaded there, or — with `worker=off`, without workers, or when the worker cannot start — a host on the
 * page's own TensorFlow.js (the studies then share the page's thread; their pauses keep it responsive).
 */
import { phrase, phraseOf, type Phrase } from '../../core';
import { FASHION_MNIST_URL } from '../train/fashionMnist';
import type { WorkerMode } from '../workers/workerMode';
import type { LabEngine } from './worker/protocol';

async function onPage(ready: () => Promise<{ name: string }>, note?: Phrase): Promise<LabEngine> {
  const [{ LabHost }, { fetchFashionMnist }, backend] = await Promise.all([import('./worker/host'), import('../train/fashionMnist'), ready()]);
  const name = (['wasm', 'webgl', 'webgpu'] as const).find((n) => n === backend.name) ?? 'cpu';
  const api = new LabHost(async () => ({ name, threads: 1, onPage: true, ...(note && { note }) }), fetchFashionMnist);
  await api.loadData(`${import.meta.env.BASE_URL}${FASHION_MNIST_URL}`);
  return { api, backend: await api.startBackend(), died: new Promise<never>(() => undefined) };
}

export async function loadLabEngine(mode: WorkerMode, ready: () => Promise<{ name: string }>): Promise<LabEngine> {
  if (!mode.worker || typeof Worker === 'undefined') return onPage(ready);
  const { startLabWorker } = await import('./worker/startWorker');
  let connection;
  try {
    connection = startLabWorker();
  } catch (e) {
    return onPage(ready, phrase('The lab’s worker could not start ({reason}).', { reason: phraseOf(e) }));
  }
  const url = new URL(`${import.meta.env.BASE_URL}${FASHION_MNIST_URL}`, window.location.href).href;
  try {
    const backend = await Promise.race([connection.api.startBackend(), connection.died]);
    connection.running();
    await Promise.race([connection.api.loadData(url), connection.died]);
    return { api: connection.api, backend, died: connection.died };
  } catch (e) {
    connection.terminate();
    throw e;
  }
}
