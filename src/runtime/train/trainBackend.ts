/**
 * Which backend the training worker trains on, and why, in words: the GPU where it has a hardware one (WebGPU
 * first, then WebGL), WebAssembly where it has none or only a software one (SwiftShader, llvmpipe: correct
 * but slower than WebAssembly), and `?trainbackend=webgl|webgpu|wasm|cpu` in the link forcing one (how the
 * tests train on SwiftShader). No TensorFlow.js here: the page reads the flag before tfjs loads.
 */
import { phrase, type Phrase } from '../../core';

export const TRAIN_BACKEND_PARAM = 'trainbackend';

export type TrainBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
const NAMES: TrainBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend the link asks training to use (`trainbackend=webgl`), or null to choose by what is here. */
export function trainBackendFlag(query: string): TrainBackendName | null {
  const v = new URLSearchParams(query).get(TRAIN_BACKEND_PARAM)?.toLowerCase();
  return NAMES.find((n) => n === v) ?? null;
}

/** A backend's name for people. */
export const backendLabel = (name: TrainBackendName): string => ({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' })[name];

/** Why training runs where it does: each a sentence that follows "Training runs in a background worker (…)". */
export const trainWhy = {
  webgpu: (adapter: string) => phrase('It trains on the GPU: WebGPU found a hardware adapter ({adapter}).', { adapter }),
  webgl: (renderer: string) => phrase('It trains on the GPU: WebGL runs on a hardware GPU ({renderer}) with 32-bit floats.', { renderer }),
  forced: (name: TrainBackendName) => phrase('The link asks for {backend} (trainbackend={flag}).', { backend: backendLabel(name), flag: name }),
  forcedOn: (name: TrainBackendName, device: string) => phrase('The link asks for {backend} (trainbackend={flag}); it runs on {device}.', { backend: backendLabel(name), flag: name, device }),
  forcedFailed: (name: TrainBackendName, reason: Phrase, why: Phrase) =>
    phrase('The link asks for {backend} (trainbackend={flag}), but it could not start here ({reason}). {why}', { backend: backendLabel(name), flag: name, reason, why }),
  software: (api: 'WebGPU' | 'WebGL', renderer: string) => phrase('No GPU to train on: {api} here runs on a software renderer ({renderer}), slower than WebAssembly.', { api, renderer }),
  halfFloats: () => phrase('This GPU’s WebGL keeps only 16-bit floats, too coarse to train with: WebAssembly instead.'),
  gpuFailed: (reason: Phrase) => phrase('The GPU could not start ({reason}): WebAssembly instead.', { reason }),
  noGpu: () => phrase('No GPU to train on: this browser offers neither WebGPU nor WebGL here.'),
  /** Why a backend did not start (the `{reason}` of `forcedFailed` and `gpuFailed`). */
  didNotStart: (name: TrainBackendName) => phrase('the {backend} backend did not start', { backend: backendLabel(name) }),
  noWebGPU: () => phrase('this browser offers no WebGPU adapter'),
  noWebGL: () => phrase('this browser offers no WebGL 2'),
  /** The CPU backend's note: why not WebAssembly. */
  noWasm: (reason: Phrase) => phrase('WebAssembly could not start: {reason}', { reason }),
};

/** What a run says when the GPU it trained on went away mid-training (its context or device was lost). */
export const gpuLost = (name: 'webgl' | 'webgpu'): Phrase =>
  name === 'webgl'
    ? phrase('The GPU’s WebGL context was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.')
    : phrase('The GPU’s WebGPU device was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.');

/** The error code of `gpuLost`'s PhraseError. */
export const GPU_LOST = 'gpu-lost';

/** Every phrase above, with sample values (the Korean dictionary's test). */
export function trainBackendPhraseSamples(): Phrase[] {
  return [
    trainWhy.webgpu('nvidia ampere'),
    trainWhy.webgl('ANGLE (NVIDIA)'),
    trainWhy.forced('wasm'),
    trainWhy.forcedOn('webgl', 'SwiftShader'),
    trainWhy.forcedFailed('webgpu', phrase('{reason}', { reason: 'no adapter' }), trainWhy.noGpu()),
    trainWhy.software('WebGL', 'SwiftShader'),
    trainWhy.halfFloats(),
    trainWhy.gpuFailed(trainWhy.didNotStart('webgl')),
    trainWhy.noGpu(),
    trainWhy.forcedFailed('webgl', trainWhy.noWebGL(), trainWhy.noGpu()),
    trainWhy.forcedFailed('webgpu', trainWhy.noWebGPU(), trainWhy.noGpu()),
    trainWhy.noWasm(phrase('{reason}', { reason: 'CompileError: WebAssembly.instantiate(): expected magic word' })),
    gpuLost('webgl'),
    gpuLost('webgpu'),
  ];
}
