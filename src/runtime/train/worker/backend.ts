/**
 * The training worker's backend, chosen once: the GPU where there is a hardware one (WebGPU on a hardware
 * adapter, else WebGL on a hardware renderer with 32-bit float textures), else WebAssembly (SIMD, one thread
 * per core), else the plain CPU backend; or what the link asks for (`trainbackend=`). Says why, as a phrase.
 * On a GPU it also watches for the context or device being lost (a GPU reset, the browser reclaiming it).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PhraseError, phraseOf, type Phrase } from '../../../core';
import { wasmFeatures } from '../../backends/wasm';
import { wasmThreads } from '../../backends/wasmThreads';
import { probeWebGL } from '../../backends/probe';
import { loadWebGPUBackend, probeWebGPU } from '../../backends/webgpu';
import { assertCanTrain } from '../trainer';
import { gpuLost, trainWhy, type TrainBackendName } from '../trainBackend';
import type { HostBackend } from './protocol';

/** A GPU backend that cannot train here, and why (said, then WebAssembly is used). */
class Unfit extends PhraseError {
  constructor(readonly why: Phrase) {
    super(why, 'unfit');
  }
}

const shortName = (s: string) => /swiftshader|llvmpipe|lavapipe|softpipe|basic render|\bwarp\b/i.exec(s)?.[0] ?? s;

async function switchTo(name: TrainBackendName): Promise<void> {
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
    // Shapes as uniforms: one shader program per kernel and rank rather than per shape, so a net's first
    // step compiles a few dozen programs instead of hundreds (seconds on a GPU driver, a minute on SwiftShader).
    tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  }
  if (name === 'webgpu') await loadWebGPUBackend();
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new PhraseError(trainWhy.didNotStart(name), 'backend');
  // Training needs float32 arithmetic: a WebGL that renders only to 16-bit float textures rounds every
  // activation and gradient to 3 decimal digits.
  if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) throw new Unfit(trainWhy.halfFloats());
  assertCanTrain(name);
}

/** WebAssembly (or the CPU backend when WebAssembly cannot start), with `why` said. */
async function cpuBackend(why: Phrase): Promise<HostBackend> {
  try {
    await switchTo('wasm');
    return { name: 'wasm', threads: (await wasmFeatures()).threads ? wasmThreads() : 1, reason: why };
  } catch (e) {
    await switchTo('cpu');
    return { name: 'cpu', threads: 1, note: trainWhy.noWasm(phraseOf(e)) };
  }
}

/** The hardware GPU if there is one, else WebAssembly, and why. */
async function chooseBackend(): Promise<HostBackend> {
  const gpu = await probeWebGPU();
  let failure: Phrase | null = null;
  if (gpu.available && !gpu.software) {
    try {
      await switchTo('webgpu');
      return { name: 'webgpu', threads: 1, reason: trainWhy.webgpu(gpu.adapter) };
    } catch (e) {
      failure = phraseOf(e);
    }
  }
  const gl = probeWebGL();
  if (gl.available && !gl.software) {
    try {
      await switchTo('webgl');
      return { name: 'webgl', threads: 1, reason: trainWhy.webgl(gl.renderer) };
    } catch (e) {
      if (e instanceof Unfit) return cpuBackend(e.why);
      failure = phraseOf(e);
    }
  }
  if (failure !== null) return cpuBackend(trainWhy.gpuFailed(failure));
  if (gl.available) return cpuBackend(trainWhy.software('WebGL', shortName(gl.renderer)));
  if (gpu.available) return cpuBackend(trainWhy.software('WebGPU', shortName(gpu.adapter)));
  return cpuBackend(trainWhy.noGpu());
}

/** The backend the link asks for, on whatever adapter is here; the usual choice (and why not) if it cannot start. */
async function forcedBackend(name: TrainBackendName): Promise<HostBackend> {
  try {
    if (name === 'webgpu') {
      const gpu = await probeWebGPU();
      if (!gpu.available) throw new PhraseError(trainWhy.noWebGPU(), 'backend');
      await switchTo('webgpu');
      return { name, threads: 1, reason: trainWhy.forcedOn(name, gpu.adapter) };
    }
    if (name === 'webgl') {
      const gl = probeWebGL();
      if (!gl.available) throw new PhraseError(trainWhy.noWebGL(), 'backend');
      await switchTo('webgl');
      return { name, threads: 1, reason: trainWhy.forcedOn(name, gl.renderer) };
    }
    await switchTo(name);
    return { name, threads: name === 'wasm' && (await wasmFeatures()).threads ? wasmThreads() : 1, reason: trainWhy.forced(name) };
  } catch (e) {
    const chosen = await chooseBackend();
    return chosen.reason ? { ...chosen, reason: trainWhy.forcedFailed(name, phraseOf(e), chosen.reason) } : chosen;
  }
}

/** A GPU backend's loss, watched (the host's `GpuLoss`), and a way to cause it. */
export interface GpuWatch {
  /** Resolves (with what to tell the user) once the GPU context or device is lost; never otherwise. */
  lost: Promise<Phrase>;
  /** Whether it is lost now (a lost WebGL context is seen at once, its event only later). */
  poll(): Phrase | null;
  /** Loses the GPU on purpose (the end-to-end tests' way to see what a user would). */
  lose(): void;
}

/** Watches the GPU backend now running for its loss; null on a CPU backend. */
export function watchGpu(): GpuWatch | null {
  const name = tf.getBackend();
  if (name !== 'webgl' && name !== 'webgpu') return null;
  let said: Phrase | null = null;
  let tell: (p: Phrase) => void = () => undefined;
  const lost = new Promise<Phrase>((resolve) => (tell = resolve));
  const loss = () => {
    said ??= gpuLost(name);
    tell(said);
    return said;
  };
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
    (gl.canvas as unknown as EventTarget).addEventListener('webglcontextlost', loss);
    return { lost, poll: () => (said !== null || gl.isContextLost() ? loss() : null), lose: () => gl.getExtension('WEBGL_lose_context')?.loseContext() };
  }
  const device = (tf.backend() as unknown as { device: { lost: Promise<unknown>; destroy(): void } }).device;
  void device.lost.then(loss);
  return { lost, poll: () => said, lose: () => device.destroy() };
}

let started: Promise<HostBackend> | null = null;

/** Starts the worker's backend once: `forced` (the link's `trainbackend=`), or the best one here. */
export function startTrainingBackend(forced: TrainBackendName | null): Promise<HostBackend> {
  started ??= forced ? forcedBackend(forced) : chooseBackend();
  return started;
}
