/**
 * Which TensorFlow.js backend the lab computes on: WebAssembly (SIMD and threads where the page allows them),
 * else the CPU backend with the reason said; when neither starts, a PhraseError saying why. Kept apart from the
 * worker's wiring (`labWorker.ts`) so that Node tests can drive it.
 */
import { PhraseError, phrase, phraseOf } from '../../../core';
import type { LabBackend } from './protocol';

/** Switches TensorFlow.js to a backend; throws (a PhraseError) when it does not start. */
export type SwitchBackend = (name: 'wasm' | 'cpu') => Promise<void>;

/** The error a backend that did not start throws. */
export const backendDidNotStart = (name: 'wasm' | 'cpu') => new PhraseError(phrase('the {backend} backend did not start', { backend: name === 'wasm' ? 'WebAssembly' : 'CPU' }), 'backend');

export async function chooseLabBackend(switchTo: SwitchBackend, wasmThreads: () => Promise<number>): Promise<LabBackend> {
  try {
    await switchTo('wasm');
    return { name: 'wasm', threads: await wasmThreads() };
  } catch (wasm) {
    try {
      await switchTo('cpu');
    } catch (cpu) {
      throw new PhraseError(phrase('Neither WebAssembly nor the CPU backend could start ({wasm}; {cpu})', { wasm: phraseOf(wasm), cpu: phraseOf(cpu) }), 'no-backend');
    }
    return { name: 'cpu', threads: 1, note: phrase('WebAssembly could not start ({reason}), so the lab computes on the CPU backend, more slowly.', { reason: phraseOf(wasm) }) };
  }
}
