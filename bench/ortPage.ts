/**
 * ONNX Runtime Web in the test browser, for the benchmark and the end-to-end tests: a page under
 * `/__ort/` on the app's origin whose files Playwright serves from node_modules (they never reach the app's
 * bundle), cross-origin isolated so that its WebAssembly backend can run threads. Models are served from
 * memory at `/__ort/models/NAME.onnx`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';

/** The package's dist folder (its `require` entry, dist/ort.node.min.js, sits there). */
const ORT_DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
const TYPES: Record<string, string> = { mjs: 'text/javascript', js: 'text/javascript', wasm: 'application/wasm' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>ONNX Runtime Web</title>
<script type="module">
  import * as ort from '/__ort/ort.wasm.min.mjs';
  ort.env.wasm.wasmPaths = '/__ort/';
  window.ort = ort;
  window.ortReady = true;
</script>`;

export interface OrtRun {
  /** Milliseconds per run, each until the output is read. */
  times: number[];
  logits: number[];
  threads: number;
}

/** Opens the ONNX Runtime page on `origin` in `page`, serving `models` (name → ONNX bytes). */
export async function openOrtPage(page: Page, origin: string, models: Map<string, Uint8Array>): Promise<void> {
  await page.route(`${origin}/__ort/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice('/__ort/'.length);
    if (path === '') return route.fulfill({ status: 200, headers: { ...ISOLATED, 'Content-Type': 'text/html' }, body: PAGE });
    const model = /^models\/(.+)\.onnx$/.exec(path);
    if (model) {
      const bytes = models.get(model[1]);
      if (!bytes) return route.fulfill({ status: 404, body: 'no such model' });
      return route.fulfill({ status: 200, headers: { ...ISOLATED, 'Content-Type': 'application/octet-stream' }, body: Buffer.from(bytes) });
    }
    if (!/^[\w.-]+$/.test(path)) return route.fulfill({ status: 404, body: 'not found' });
    const type = TYPES[path.split('.').at(-1)!] ?? 'application/octet-stream';
    try {
      return await route.fulfill({ status: 200, headers: { ...ISOLATED, 'Content-Type': type }, body: readFileSync(join(ORT_DIST, path)) });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.goto(`${origin}/__ort/`);
  await page.waitForFunction(() => (window as unknown as { ortReady?: boolean }).ortReady === true);
}

/**
 * Runs model `name` on the NCHW `input` (`runs` timed runs after one warm-up) with ONNX Runtime's
 * WebAssembly backend on `threads` threads (0: its default, one per core).
 */
export async function runOrt(page: Page, name: string, input: { values: number[]; shape: number[] }, runs: number, threads = 0): Promise<OrtRun> {
  return page.evaluate(
    async ({ name, input, runs, threads }) => {
      type Ort = typeof import('onnxruntime-web');
      const ort = (window as unknown as { ort: Ort }).ort;
      if (threads > 0) ort.env.wasm.numThreads = threads;
      const session = await ort.InferenceSession.create(`/__ort/models/${name}.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      const x = new ort.Tensor('float32', Float32Array.from(input.values), input.shape);
      const once = async () => {
        const t0 = performance.now();
        const out = await session.run({ input: x });
        const logits = Array.from(out.logits.data as Float32Array);
        out.logits.dispose();
        return { ms: performance.now() - t0, logits };
      };
      const first = await once();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await once()).ms);
      await session.release();
      return { times, logits: first.logits, threads: ort.env.wasm.numThreads ?? 0 };
    },
    { name, input, runs, threads },
  );
}
