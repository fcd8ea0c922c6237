/**
 * `npm run bench -- --only kernels`: where the fast path's time goes against ONNX Runtime Web, convolution by
 * convolution, on the same model and weights (exported with the app's *ONNX model* button), both on WebAssembly
 * with one thread per core. Ours: each fast-path step timed alone on the model's thread (`profileFastPath`);
 * theirs: ONNX Runtime's own profiler (`enableProfiling`, its per-node kernel times). Printed as Markdown:
 * the convolutions grouped by kernel, stride and output size, then everything else.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import type {} from '../src/consoleApi';
import type { StepTime } from '../src/runtime/modelWorker/protocol';
import { openOrtPage, serveOrt } from './ortPage';
import { median } from './stats';

interface OrtNode {
  name: string;
  op: string;
  us: number;
}

/** ONNX Runtime Web's per-node kernel times over `runs` runs (after one warm-up), from its profiler's console output. */
async function ortProfile(browser: Browser, server: Awaited<ReturnType<typeof serveOrt>>, name: string, runs: number, threads: number): Promise<{ nodes: Map<string, OrtNode>; op: Map<string, string> }> {
  const page = await browser.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(m.text()));
  await openOrtPage(page, server);
  await page.evaluate(
    async ({ name, runs, threads }) => {
      type Ort = typeof import('onnxruntime-web');
      const ort = (window as unknown as { ort: Ort }).ort;
      ort.env.wasm.numThreads = threads;
      const session = await ort.InferenceSession.create(`/models/${name}.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', enableProfiling: true });
      let s = 1;
      const x = new ort.Tensor('float32', Float32Array.from({ length: 3 * 224 * 224 }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 4 - 2), [1, 3, 224, 224]);
      for (let i = 0; i <= runs; i++) (await session.run({ input: x })).logits.dispose();
      session.endProfiling();
      await session.release();
    },
    { name, runs, threads },
  );
  await page.close();
  // One JSON event per line: {"cat":"Node", "name":"<node>_kernel_time", "dur": µs, "args": {"op_name": ...}}.
  const times = new Map<string, number[]>();
  const op = new Map<string, string>();
  for (const line of lines.join('\n').split('\n')) {
    const m = /"cat"\s*:\s*"Node".*"dur"\s*:\s*(\d+).*"name"\s*:\s*"([^"]+)_kernel_time".*"op_name"\s*:\s*"([^"]+)"/.exec(line);
    if (!m) continue;
    times.set(m[2], [...(times.get(m[2]) ?? []), Number(m[1])]);
    op.set(m[2], m[3]);
  }
  // The first run of each node is the warm-up.
  const nodes = new Map([...times].map(([n, us]) => [n, { name: n, op: op.get(n)!, us: median(us.slice(1).length ? us.slice(1) : us) }]));
  return { nodes, op };
}

const convClass = (s: StepTime) => `${s.conv!.kernel}×${s.conv!.kernel}${s.conv!.groups > 1 ? ` g${s.conv!.groups}` : ''}, stride ${s.conv!.stride} → ${s.outShape[1]}×${s.outShape[2]}`;

export async function kernelProfile(browser: Browser, url: string, runs: number): Promise<string> {
  const server = await serveOrt();
  const out: string[] = [];
  try {
    for (const preset of ['resnet18', 'resnet50']) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
      await context.addInitScript('window.__name = (f) => f');
      const page = await context.newPage();
      await page.goto(`${url}/?model=${preset}`);
      await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000, polling: 50 });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByRole('button', { name: 'ONNX model' }).click()]);
      server.addModel(preset, new Uint8Array(readFileSync((await download.path())!)));
      const ours = await page.evaluate((runs) => window.resnetExplorer.runner.profileFastPath(runs), runs);
      const pass = await page.evaluate((runs) => window.resnetExplorer.runner.timePasses(runs, 'fast'), runs);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      await context.close();
      const theirs = await ortProfile(browser, server, preset, runs, cores);
      const ortMs = (n: OrtNode | undefined) => (n ? n.us / 1000 : 0);

      // Our conv steps by class, each beside the ONNX Runtime node(s) of the same conv (its fused node keeps the conv's name).
      const rows = new Map<string, { n: number; macs: number; ours: number; theirs: number; ops: Set<string> }>();
      const used = new Set<string>();
      let oursOther = 0;
      for (const s of ours) {
        if (!s.conv) {
          oursOther += s.ms;
          continue;
        }
        const key = convClass(s);
        const r = rows.get(key) ?? { n: 0, macs: 0, ours: 0, theirs: 0, ops: new Set<string>() };
        const node = theirs.nodes.get(s.layer) ?? [...theirs.nodes.values()].find((n) => n.name.startsWith(`${s.layer}`) && !used.has(n.name));
        if (node) {
          used.add(node.name);
          r.ops.add(node.op);
        }
        r.n++;
        r.macs += (s.conv.inChannels / s.conv.groups) * s.conv.outChannels * s.conv.kernel ** 2 * s.outShape[1] * s.outShape[2];
        r.ours += s.ms;
        r.theirs += ortMs(node);
        rows.set(key, r);
      }
      const theirsOther = [...theirs.nodes.values()].filter((n) => !used.has(n.name)).reduce((t, n) => t + n.us / 1000, 0);
      const otherOps = [...new Set([...theirs.nodes.values()].filter((n) => !used.has(n.name)).map((n) => n.op))].join(', ');
      const oursTotal = ours.reduce((t, s) => t + s.ms, 0);
      const theirsTotal = [...theirs.nodes.values()].reduce((t, n) => t + n.us / 1000, 0);
      out.push(`### ${preset}: fast path ${median(pass.times).toFixed(1)} ms a pass (steps timed alone: ${oursTotal.toFixed(1)} ms); ONNX Runtime's kernels ${theirsTotal.toFixed(1)} ms`, '');
      out.push('| convolutions | n | GMACs | ours ms | ONNX Runtime ms (its ops) | ours / theirs | ours GMAC/s | theirs GMAC/s |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const [key, r] of [...rows].sort((a, b) => b[1].ours - a[1].ours)) {
        out.push(
          `| ${key} | ${r.n} | ${(r.macs / 1e9).toFixed(3)} | ${r.ours.toFixed(1)} | ${r.theirs.toFixed(1)} (${[...r.ops].join(', ')}) | ${(r.ours / r.theirs).toFixed(2)} | ${(r.macs / 1e6 / r.ours).toFixed(1)} | ${(r.macs / 1e6 / r.theirs).toFixed(1)} |`,
        );
      }
      out.push(`| everything else (ours: adds, ReLUs, pools, head; theirs: ${otherOps}) | | | ${oursOther.toFixed(1)} | ${theirsOther.toFixed(1)} | ${(oursOther / theirsOther).toFixed(2)} | | |`, '');
    }
  } finally {
    await server.stop();
  }
  return out.join('\n');
}
