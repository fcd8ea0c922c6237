/**
 * The WebAssembly backend in a browser, for the page and for workers alike: where Vite serves its three
 * binaries, one thread per core (backendsWasmThreads.ts), and how it describes itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { logicalCores, runWasmOnEveryCore, wasmThreads } from './wasmThreads';

let prepared = false;

/** Call before the WebAssembly backend first starts. */
export function prepareWasm(): void {
  if (prepared) return;
  prepared = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  runWasmOnEveryCore();
}

export async function wasmFeatures(): Promise<{ simd: boolean; threads: boolean }> {
  const env = tf.env();
  return {
    simd: Boolean(await env.getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}

/** "WebAssembly with SIMD and threads (2 threads on 2 cores)", for the running WebAssembly backend. */
export async function describeWasm(): Promise<string> {
  const f = await wasmFeatures();
  const n = wasmThreads();
  const threads = f.threads ? ` and threads (${n} thread${n === 1 ? '' : 's'} on ${logicalCores()} cores)` : ', one thread';
  return `WebAssembly${f.simd ? ' with SIMD' : ''}${threads}`;
}
