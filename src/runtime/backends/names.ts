/** Backend names without importing TensorFlow.js (the UI needs them before tfjs has loaded). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
