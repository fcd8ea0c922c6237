/**
 * ONNX Runtime Web in the test browser, for the benchmark and the end-to-end tests: a small HTTP server of
 * its own (its files come from node_modules and never reach the app's bundle; models are served from memory
 * at `/models/NAME.onnx`), cross-origin isolated so that its WebAssembly backend can run threads. A server,
 * not `page.route`: a 100 MB model is too big to pass through Playwright's protocol.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';

/** The package's dist folder (its `require` entry, dist/ort.node.min.js, sits there). */
const ORT_DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
const TYPES: Record<string, string> = { mjs: 'text/javascript', js: 'text/javascript', wasm: 'application/wasm' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>ONNX Runtime Web</title>
<script type="module">
  import * as ort from '/ort.wasm.min.mjs';
  ort.env.wasm.wasmPaths = '/';
  window.ort = ort;
  window.ortReady = true;
</script>`;

export interface OrtRun {
  /** Milliseconds per run, each until the output is read. */
  times: number[];
  logits: number[];
  threads: number;
}

export interface OrtServer {
  url: string;
  /** Serves `bytes` at /models/NAME.onnx. */
  addModel(name: string, bytes: Uint8Array): void;
  stop(): Promise<void>;
}

/** Starts the ONNX Runtime Web server on a free local port. */
export async function serveOrt(): Promise<OrtServer> {
  const models = new Map<string, Uint8Array>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1);
    const send = (status: number, type: string, body: string | Uint8Array) => {
      res.writeHead(status, { ...ISOLATED, 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (path === '') return send(200, 'text/html', PAGE);
    const model = /^models\/(.+)\.onnx$/.exec(path);
    if (model) {
      const bytes = models.get(model[1]);
      return bytes ? send(200, 'application/octet-stream', bytes) : send(404, 'text/plain', 'no such model');
    }
    if (!/^[\w.-]+$/.test(path)) return send(404, 'text/plain', 'not found');
    try {
      send(200, TYPES[path.split('.').at(-1)!] ?? 'application/octet-stream', readFileSync(join(ORT_DIST, path)));
    } catch {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    addModel: (name, bytes) => models.set(name, bytes),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Opens the ONNX Runtime page in `page`. */
export async function openOrtPage(page: Page, server: OrtServer): Promise<void> {
  await page.goto(`${server.url}/`);
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
      const session = await ort.InferenceSession.create(`/models/${name}.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
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
