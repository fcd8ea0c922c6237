/**
 * The live model's worker: the model engine behind comlink. Results cross as plain data with their
 * Float32Array / Uint8Array buffers transferred (the worker has no further use for them). While the worker
 * lives it holds a Web Lock named by the page; the page waits on the same lock, so it learns at once when the
 * worker is gone (terminated or crashed), with no polling.
 */
import * as Comlink from 'comlink';
import '../workers/phraseErrors';
import { ModelEngine, type EngineState } from './engine';
import type { ColumnState } from './protocol';

/** Every ArrayBuffer under `v` (typed arrays in objects, arrays and maps), once each. */
function buffersOf(v: unknown, into = new Set<ArrayBuffer>(), depth = 0): Set<ArrayBuffer> {
  if (v === null || typeof v !== 'object' || depth > 6) return into;
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer) into.add(v.buffer);
  } else if (v instanceof Map) for (const x of v.values()) buffersOf(x, into, depth + 1);
  else if (Array.isArray(v)) for (const x of v) buffersOf(x, into, depth + 1);
  else for (const x of Object.values(v)) buffersOf(x, into, depth + 1);
  return into;
}

let engine: ModelEngine | null = null;

const api = {
  /**
   * Starts the engine; `onState` hears every change of the model, `onCompare` of the comparison's columns.
   * Resolves once the worker holds `lockName`.
   */
  async init(onState: (s: EngineState) => void, lockName: string, onCompare?: (columns: ColumnState[]) => void): Promise<EngineState> {
    engine = new ModelEngine(
      (s) => void onState(s),
      (c) => void onCompare?.(c),
    );
    await new Promise<void>((held) => {
      void navigator.locks.request(lockName, () => {
        held();
        return new Promise<never>(() => {});
      });
    });
    return engine.state();
  },
};

/** Each of the engine's methods, with whatever it returns handed over (transferred), not copied. */
const methods = Object.getOwnPropertyNames(ModelEngine.prototype).filter((m) => m !== 'constructor');
for (const m of methods) {
  (api as Record<string, unknown>)[m] = async (...args: unknown[]) => {
    if (!engine) throw new Error('The model worker has not started');
    const value = await (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[m](...args);
    // (comlink keys what to transfer by the value: only objects can carry buffers.)
    return value !== null && typeof value === 'object' ? Comlink.transfer(value, [...buffersOf(value)]) : value;
  };
}

export type WorkerApi = typeof api & Omit<ModelEngine, never>;

Comlink.expose(api);
