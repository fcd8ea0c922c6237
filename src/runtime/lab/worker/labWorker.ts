/**
 * The lab's own worker (a module worker, bundled by Vite), beside the live model's and the training one: its
 * own TensorFlow.js on WebAssembly with SIMD and threads (the CPU backend when WebAssembly cannot start —
 * said, never silent), the test set, and the networks under study, exposed to the page with comlink.
 *
 * Why a worker of its own rather than the live model's: the lab holds two networks at once (a run and its
 * plain twin), runs minutes-long studies that must not hold up the live model's pictures, and keeps its
 * code apart from the model worker's pipeline.
 */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { prepareWasm, wasmFeatures } from '../../backends/wasm';
import { wasmThreads } from '../../backends/wasmThreads';
import { fetchFashionMnist } from '../../train/fashionMnist';
import { LabHost } from './host';
import { browserLocks, holdLifeline } from '../../workers/lifecycle';
import { backendDidNotStart, chooseLabBackend } from './backend';
import type { LabBackend } from './protocol';

// First: the page learns of this worker's end, however it comes (workers/lifecycle.ts).
holdLifeline(self, browserLocks());
prepareWasm();

async function switchTo(name: 'wasm' | 'cpu'): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw backendDidNotStart(name);
}

let started: Promise<LabBackend> | null = null;

function startBackend(): Promise<LabBackend> {
  started ??= chooseLabBackend(switchTo, async () => ((await wasmFeatures()).threads ? wasmThreads() : 1));
  return started;
}

Comlink.expose(new LabHost(startBackend, fetchFashionMnist));
