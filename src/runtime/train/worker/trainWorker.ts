/**
 * The training worker (a module worker, bundled by Vite): its own TensorFlow.js — on the GPU where there is a
 * hardware one, else on WebAssembly with SIMD and threads (the page is cross-origin isolated, so the worker can
 * start WebAssembly threads; one per core, as on the page), else the CPU backend — said, never silent (see
 * `backend.ts`), and the `TrainHost`, exposed to the page with comlink.
 */
import * as Comlink from 'comlink';
import '../../workers/phraseErrors';
import * as tf from '@tensorflow/tfjs-core';
import { prepareWasm } from '../../backends/wasm';
import { fetchFashionMnist } from '../fashionMnist';
import { browserLocks, holdLifeline } from '../../workers/lifecycle';
import { startTrainingBackend, watchGpu, type GpuWatch } from './backend';
import { TrainHost } from './host';

// First: the page learns of this worker's end, however it comes (workers/lifecycle.ts).
holdLifeline(self, browserLocks());
prepareWasm();

let gpu: GpuWatch | null = null;
const watch = () => (gpu = watchGpu());

Comlink.expose(new TrainHost(startTrainingBackend, fetchFashionMnist, Comlink.transfer, watch));

/**
 * For DevTools and the end-to-end tests (as the page's `window.resnetExplorer`): this worker's TensorFlow.js,
 * and a way to lose its GPU as a GPU reset would.
 */
Object.assign(self, { resnetExplorerTraining: { tf, loseGpu: () => gpu?.lose() } });
