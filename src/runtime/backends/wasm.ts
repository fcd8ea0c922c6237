/**
 * The WebAssembly backend in a browser, for the page and for workers alike: where Vite serves its three
 * binaries, one thread per core (wasmThreads.ts), and how it describes itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import { phrase, type Phrase } from '../../core/phrase';
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
export async function describeWasm(): Promise<Phrase> {
  const f = await wasmFeatures();
  const n = wasmThreads();
  const vars = { n, cores: logicalCores() };
  if (f.threads && f.simd) {
    return n === 1 ? phrase('WebAssembly with SIMD and threads ({n} thread on {cores} cores)', vars) : phrase('WebAssembly with SIMD and threads ({n} threads on {cores} cores)', vars);
  }
  if (f.threads) return n === 1 ? phrase('WebAssembly and threads ({n} thread on {cores} cores)', vars) : phrase('WebAssembly and threads ({n} threads on {cores} cores)', vars);
  return f.simd ? phrase('WebAssembly with SIMD, one thread') : phrase('WebAssembly, one thread');
}
