/**
 * The training worker (a module worker, bundled by Vite): its own TensorFlow.js on WebAssembly with SIMD and
 * threads (the page is cross-origin isolated, so the worker can start WebAssembly threads; one per core, as on
 * the page), or the CPU backend when WebAssembly cannot start — said, never silent — and the `TrainHost`,
 * exposed to the page with comlink.
 */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { prepareWasm, wasmFeatures } from '../../backends/wasm';
import { wasmThreads } from '../../backends/wasmThreads';
import { fetchFashionMnist } from '../fashionMnist';
import { assertCanTrain } from '../trainer';
import { browserLocks, holdLifeline } from '../../workers/lifecycle';
import { TrainHost } from './host';
import type { HostBackend } from './protocol';

// First: the page learns of this worker's end, however it comes (workers/lifecycle.ts).
holdLifeline(self, browserLocks());
prepareWasm();

async function switchTo(name: 'wasm' | 'cpu'): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`the ${name} backend did not start`);
  assertCanTrain(name);
}

let started: Promise<HostBackend> | null = null;

function startBackend(): Promise<HostBackend> {
  started ??= (async (): Promise<HostBackend> => {
    try {
      await switchTo('wasm');
      return { name: 'wasm', threads: (await wasmFeatures()).threads ? wasmThreads() : 1 };
    } catch (e) {
      await switchTo('cpu');
      return { name: 'cpu', threads: 1, note: `WebAssembly could not start: ${e instanceof Error ? e.message : String(e)}` };
    }
  })();
  return started;
}

Comlink.expose(new TrainHost(startBackend, fetchFashionMnist, Comlink.transfer));
