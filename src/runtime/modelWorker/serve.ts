/**
 * The model engine served over a channel: in the live model's worker (its global scope), or over one end of a
 * MessageChannel in the tests. Results cross as plain data with their Float32Array / Uint8Array buffers
 * transferred (this side has no further use for them). The served side holds its lifeline while it lives
 * (`workers/lifecycle.ts`), so the page notices at once when it is gone.
 */
import * as Comlink from 'comlink';
import '../workers/phraseErrors';
import { holdLifeline, type Locks } from '../workers/lifecycle';
import { ModelEngine, type EngineState } from './engine';

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

/** The API the page calls: `init` first (it starts the engine; `onState` hears every change), then the engine's methods. */
export type ServedApi = { init(onState: (s: EngineState) => void): Promise<EngineState> } & {
  [K in keyof ModelEngine]: ModelEngine[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
};

/** Serves a new model engine on `scope` (the worker's global, or a port), holding its lifeline through `locks`. */
export function serveModelEngine(scope: Comlink.Endpoint, locks: Locks | null): void {
  holdLifeline(scope as Parameters<typeof holdLifeline>[0], locks);
  let engine: ModelEngine | null = null;
  const api: Record<string, unknown> = {
    init(onState: (s: EngineState) => void): EngineState {
      engine = new ModelEngine((s) => void onState(s));
      return engine.state();
    },
  };
  // Each of the engine's methods, with whatever it returns handed over (transferred), not copied.
  for (const m of Object.getOwnPropertyNames(ModelEngine.prototype).filter((name) => name !== 'constructor')) {
    api[m] = async (...args: unknown[]) => {
      // The page calls init before anything else: a programming error, never shown.
      if (!engine) throw new Error('The model worker has not started');
      const value = await (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[m](...args);
      // (comlink keys what to transfer by the value: only objects can carry buffers.)
      return value !== null && typeof value === 'object' ? Comlink.transfer(value, [...buffersOf(value)]) : value;
    };
  }
  Comlink.expose(api, scope);
}
