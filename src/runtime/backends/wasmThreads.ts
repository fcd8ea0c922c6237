/**
 * One WebAssembly thread per logical core.
 *
 * tfjs-backend-wasm 4.22 sizes XNNPACK's thread pool in its C code as
 * `min(setThreadsCount's value, 8, num_cores)`, where `num_cores = emscripten_num_logical_cores() / 2` is a
 * global computed when the module starts (it assumes two hyper-threads per core). On a 2-core machine that
 * is one thread, with the other core idle; `setThreadsCount` cannot go above it.
 *
 * `emscripten_num_logical_cores()` reads `navigator.hardwareConcurrency`. While the backend starts (and only
 * then), the page's navigator reports twice the real count, so that `num_cores` comes out as the real count;
 * `setThreadsCount(cores)` then asks for exactly one thread per core (the page's own thread counts as one:
 * pthreadpool runs work on its caller too), never more. The computation is unchanged — XNNPACK splits the
 * same kernels over more threads, and every output element is still computed by one thread in the same
 * order, so results are identical.
 *
 * In Node tfjs turns WebAssembly threads off (tfjs issue 3830: its pthread workers are Blob URLs, which
 * Node's worker_threads cannot start), so there the backend runs one thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** Workers the threaded build starts up front (its PTHREAD_POOL_SIZE); the pool can never be larger. */
export const WASM_MAX_THREADS = 8;
/** tfjs-backend-wasm's registration priority, kept when the factory is wrapped. */
const WASM_PRIORITY = 2;

/** Logical cores this page may use. */
export function logicalCores(): number {
  return (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1;
}

/** The threads the pool should run: one per logical core, within the pre-started workers. */
export function wantedThreads(cores: number): number {
  return Math.max(1, Math.min(Math.floor(cores), WASM_MAX_THREADS));
}

/**
 * Runs `start` while `navigator.hardwareConcurrency` reads `cores * 2`, and restores the real getter after,
 * whether `start` succeeds or fails.
 */
export async function withDoubledCoreCount<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as unknown as { navigator?: Record<string, unknown> }).navigator;
  if (!nav) return start();
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores * 2 });
  try {
    return await start();
  } finally {
    delete nav.hardwareConcurrency;
  }
}

let installed = false;

/**
 * Makes the next start of the WebAssembly backend run one thread per core. Call before the backend is
 * first used (a backend that has already started keeps its pool).
 */
export function runWasmOnEveryCore(): void {
  if (installed) return;
  installed = true;
  const cores = logicalCores();
  setThreadsCount(wantedThreads(cores));
  const factory = tf.findBackendFactory('wasm');
  if (!factory) return;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => withDoubledCoreCount(cores, async () => factory()), WASM_PRIORITY);
}

/** Threads the running WebAssembly backend uses (1 before it has started). */
export function wasmThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}
