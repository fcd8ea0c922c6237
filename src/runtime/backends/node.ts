/** TensorFlow.js in Node: the WebAssembly backend (fast here), the plain CPU one as a fallback. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

let wasmReady = false;

/** Switches backend and checks it took: a failed `setBackend` falls back silently. */
export async function useNodeBackend(name: NodeBackend): Promise<NodeBackend> {
  if (name === 'wasm' && !wasmReady) {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    wasmReady = true;
  }
  const ok = await tf.setBackend(name).catch(() => false);
  await tf.ready();
  // Node only (the CLIs and tests), which speak English.
  if (!ok || tf.getBackend() !== name) throw new Error(`The ${name} backend could not start (got ${tf.getBackend()})`);
  return name;
}

/** WebAssembly, or the CPU backend when it cannot start (said on stderr): what the command-line tools run on. */
export async function startNodeBackend(): Promise<NodeBackend> {
  // (Not a React hook, whatever its name: an alias keeps the hooks lint rule out of it.)
  const select = useNodeBackend;
  try {
    return await select('wasm');
  } catch {
    process.stderr.write('note: the WebAssembly backend could not start; using the (slower) CPU backend\n');
    return select('cpu');
  }
}
