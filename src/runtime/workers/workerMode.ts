/**
 * Whether the app may use Web Workers for its TensorFlow.js work (the live model, training): `?worker=off` in
 * the link forces the page's main thread. Read here and nowhere else.
 */
export const WORKER_PARAM = 'worker';

export type WorkerMode = { worker: true } | { worker: false; reason: 'flag' };

/** The mode a query string asks for (`worker=off`, `0` or `false`: the main thread; anything else: workers). */
export function workerMode(query: string): WorkerMode {
  const v = new URLSearchParams(query).get(WORKER_PARAM)?.toLowerCase();
  return v === 'off' || v === '0' || v === 'false' ? { worker: false, reason: 'flag' } : { worker: true };
}
