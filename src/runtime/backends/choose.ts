/**
 * Backends in the browser: WebGPU on a hardware adapter; WebGL on a real GPU; WebAssembly (SIMD, threads when
 * the page is cross-origin isolated) where WebGL is missing, fails or is a software renderer; the plain CPU
 * backend last. The same rules run in the model's worker (WebGL there through an OffscreenCanvas) and on the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

import { phrase, type Phrase } from '../../core/phrase';
import type { BackendName } from './names';
import { describeWasm, prepareWasm } from './wasm';
import { loadWebGPUBackend, probeWebGPU } from './webgpu';
import { probeWebGL } from './probe';

export { probeWebGL, type WebGLProbe } from './probe';

export { BACKENDS, type BackendName } from './names';
export { describeWasm, wasmFeatures } from './wasm';

prepareWasm();

export interface BackendChoice {
  name: BackendName;
  /** Why this one, in plain words. */
  reason: Phrase;
}

/** Switches backend and checks it took: a failed `setBackend` falls back silently. */
export async function switchBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'webgpu') await loadWebGPUBackend();
    // Shapes as uniforms: one shader program per kernel and rank rather than per shape, so a new model or input
    // size compiles a few dozen programs instead of hundreds (the training worker does the same).
    if (name === 'webgl') tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The fastest backend that works here, and why. */
export async function chooseBackend(): Promise<BackendChoice> {
  const gpu = await probeWebGPU();
  if (gpu.available && !gpu.software && (await switchBackend('webgpu'))) {
    return { name: 'webgpu', reason: phrase('WebGPU on the GPU ({adapter})', { adapter: gpu.adapter }) };
  }
  const gl = probeWebGL();
  if (gl.available && !gl.software && (await switchBackend('webgl'))) {
    return { name: 'webgl', reason: phrase('WebGL on the GPU ({renderer})', { renderer: gl.renderer }) };
  }
  if (await switchBackend('wasm')) {
    const why = !gl.available
      ? phrase('WebGL is not available here')
      : gl.software
        ? phrase('WebGL here is a software renderer ({renderer}), several times slower than WebAssembly', {
            renderer: /swiftshader|llvmpipe|softpipe|basic render/i.exec(gl.renderer)?.[0] ?? gl.renderer,
          })
        : phrase('WebGL failed to start');
    return { name: 'wasm', reason: phrase('{wasm}: {why}', { wasm: await describeWasm(), why }) };
  }
  await switchBackend('cpu');
  return { name: 'cpu', reason: phrase('Neither WebGL nor WebAssembly could start; the plain JavaScript backend is slow') };
}

let chosen: Promise<BackendChoice> | null = null;

/** This thread's backend, chosen once (the live model's host, the comparison and training share it). */
export function ensureBackend(): Promise<BackendChoice> {
  chosen ??= chooseBackend();
  return chosen;
}
