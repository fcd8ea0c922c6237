/**
 * Backends in the browser: WebGPU on a hardware adapter; WebGL on a real GPU; WebAssembly (SIMD, threads when
 * the page is cross-origin isolated) where WebGL is missing, fails or is a software renderer; the plain CPU
 * backend last.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

import type { BackendName } from './backendNames';
import { describeWasm, prepareWasm } from './backendsWasm';
import { loadWebGPUBackend, probeWebGPU } from './backendsWebGPU';

export { BACKENDS, type BackendName } from './backendNames';
export { describeWasm, wasmFeatures } from './backendsWasm';

prepareWasm();

export interface WebGLProbe {
  available: boolean;
  renderer: string;
  /** SwiftShader, llvmpipe and the like: correct but many times slower than WebAssembly. */
  software: boolean;
}

export function probeWebGL(): WebGLProbe {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return { available: false, renderer: '', software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: /swiftshader|llvmpipe|software|softpipe|basic render/i.test(renderer) };
  } catch {
    return { available: false, renderer: '', software: false };
  }
}

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
