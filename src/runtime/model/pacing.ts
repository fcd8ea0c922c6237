/**
 * Pacing long work so the thread it runs on stays responsive: yield between slices, and a build or pass that a
 * newer one replaces stops at its next yield. Used on whichever thread holds the model (its worker, or the page).
 */
import type { ModelAnalysis } from '../../core';
import type { BackendName } from '../backends/names';

/** Work this long between yields while building or running. */
export const SLICE_MS = 24;

export class Cancelled extends Error {}

/** Yields to the event loop: a macrotask without setTimeout's 4 ms clamp. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** A pause function for `forwardAsync`: yields when the current slice of work has run long enough. */
export function slicer(isCancelled: () => boolean, sliceMs = SLICE_MS): () => Promise<void> {
  let start = performance.now();
  return async () => {
    if (performance.now() - start < sliceMs) return;
    await nextTask();
    if (isCancelled()) throw new Cancelled();
    start = performance.now();
  };
}

/** Rough memory the backends can give a model: weights plus a few live activations. */
export const MEMORY_BUDGET: Record<BackendName, number> = { webgpu: 1.5e9, webgl: 1.5e9, wasm: 1.8e9, cpu: 3e9 };

export function memoryNeeded(a: ModelAnalysis): number {
  const bnExtras = a.layers.filter((l) => l.layer.type === 'BatchNorm2d').reduce((n, l) => n + 4 * l.layer.outChannels, 0);
  const largest = a.layers.reduce((m, l) => Math.max(m, l.activations), 0);
  return (a.params + bnExtras) * 4 + largest * 4 * 4;
}
