/**
 * Backends in the browser: WebGPU on a hardware adapter; WebGL on a real GPU; WebAssembly (SIMD, threads when
 * the page is cross-origin isolated) where WebGL is missing, fails or is a software renderer; the plain CPU
 * backend last. The same rules run in the model's worker (WebGL there through an OffscreenCanvas) and on the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { BackendName } from './backendNames';
import { logicalCores, runWasmOnEveryCore, wasmThreads } from './backendsWasmThreads';
import { loadWebGPUBackend, probeWebGPU } from './backendsWebGPU';
import { probeWebGL } from './backendProbe';

export { probeWebGL, type WebGLProbe } from './backendProbe';

export { BACKENDS, type BackendName } from './backendNames';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
runWasmOnEveryCore();

export interface BackendChoice {
  name: BackendName;
  /** Why this one, in plain words. */
  reason: string;
}

/** Switches backend and checks it took: a failed `setBackend` falls back silently. */
export async function switchBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'webgpu') await loadWebGPUBackend();
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
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

/** The fastest backend that works here, and why. */
export async function chooseBackend(): Promise<BackendChoice> {
  const gpu = await probeWebGPU();
  if (gpu.available && !gpu.software && (await switchBackend('webgpu'))) {
    return { name: 'webgpu', reason: `WebGPU on the GPU (${gpu.adapter})` };
  }
  const gl = probeWebGL();
  if (gl.available && !gl.software && (await switchBackend('webgl'))) {
    return { name: 'webgl', reason: `WebGL on the GPU (${gl.renderer})` };
  }
  if (await switchBackend('wasm')) {
    const why = !gl.available
      ? 'WebGL is not available here'
      : gl.software
        ? `WebGL here is a software renderer (${/swiftshader|llvmpipe|softpipe|basic render/i.exec(gl.renderer)?.[0] ?? gl.renderer}), several times slower than WebAssembly`
        : 'WebGL failed to start';
    return { name: 'wasm', reason: `${await describeWasm()}: ${why}` };
  }
  await switchBackend('cpu');
  return { name: 'cpu', reason: 'Neither WebGL nor WebAssembly could start; the plain JavaScript backend is slow' };
}

let chosen: Promise<BackendChoice> | null = null;

/** This thread's backend, chosen once (the live model's host, the comparison and training share it). */
export function ensureBackend(): Promise<BackendChoice> {
  chosen ??= chooseBackend();
  return chosen;
}
