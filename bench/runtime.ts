/** Model build time and 224x224 inference latency per backend, for ResNet-18 and ResNet-50. */
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

type Backend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

async function ready(page: Page) {
  await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000, polling: 50 });
}

/** Rebuilds the configured model from scratch (random weights) and returns the build time. */
async function buildOnce(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { runner, store } = window.resnetExplorer;
    const t0 = performance.now();
    await runner.build(store.getState().analysis);
    return performance.now() - t0;
  });
}

/**
 * The first inference and then `runs` more on the fast path (what predictions use), each until the logits are
 * read back: timed on the model's own thread (the pass) and on the page (the round trip it waits for).
 */
async function latency(page: Page, runs: number): Promise<{ first: number; times: number[]; roundTrips: number[] }> {
  return page.evaluate(async (runs) => {
    const { first, times, roundTrips } = await window.resnetExplorer.runner.timePasses(runs, 'fast');
    return { first, times, roundTrips: roundTrips ?? times.map(() => NaN) };
  }, runs);
}

export async function runtimeFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const med: Record<string, number> = {};
  for (const preset of ['resnet18', 'resnet50']) {
    await page.goto(`${url}/?model=${preset}`);
    await ready(page);
    for (const backend of ['wasm', 'webgpu', 'webgl', 'cpu'] as Backend[]) {
      const ok = await page.evaluate((b) => window.resnetExplorer.runner.setBackend(b), backend);
      if (!ok) {
        figures.push({ name: `${preset} on ${backend}`, value: NaN, unit: 'ms', note: 'backend unavailable' });
        continue;
      }
      await ready(page);
      const n = backend === 'cpu' ? Math.min(3, runs) : runs;
      const builds: number[] = [];
      for (let i = 0; i < Math.min(3, n); i++) builds.push(await buildOnce(page));
      const { first, times, roundTrips } = await latency(page, n);
      med[`${preset}.${backend}`] = median(times);
      figures.push({ name: `${preset} build (${backend})`, value: median(builds), unit: 'ms', runs: builds.length, note: 'random init + first forward pass' });
      figures.push({ name: `${preset} first inference (${backend})`, value: first, unit: 'ms', runs: 1 });
      figures.push({ name: `${preset} 224x224 inference (${backend})`, value: med[`${preset}.${backend}`], unit: 'ms', runs: n, note: "the pass, on the model's thread" });
      figures.push({ name: `${preset} 224x224 round trip (${backend})`, value: median(roundTrips), unit: 'ms', runs: n, note: 'what the page waits for: forwardRaw from call to answer' });
      figures.push({
        name: `${preset} round trip over the pass (${backend})`,
        value: median(roundTrips.map((r, i) => r - times[i])),
        unit: 'ms',
        runs: n,
        note: 'per call: messages, copies, layout change',
        goal: { at: 3, better: 'lower' },
      });
    }
    figures.push({ name: `${preset} WebGL / WebAssembly`, value: med[`${preset}.webgl`] / med[`${preset}.wasm`], unit: 'ratio' });
  }
  return figures;
}

/**
 * ResNet-50's build on WebAssembly (random init + warm-up pass, until "ready"), with the model in its worker and
 * on the page's thread (`?worker=off`), and the page's longest frame while the worker builds.
 */
export async function buildFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [where, query] of [['worker', ''], ['main thread', '&worker=off']] as const) {
    await page.goto(`${url}/?model=resnet50${query}`);
    await ready(page);
    const backend = await page.evaluate(() => window.resnetExplorer.runner.getState().backend);
    if (backend !== 'wasm' && !(await page.evaluate(() => window.resnetExplorer.runner.setBackend('wasm')))) {
      figures.push({ name: `resnet50 build (wasm, ${where})`, value: NaN, unit: 'ms', note: 'WebAssembly unavailable' });
      continue;
    }
    await ready(page);
    const builds: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await page.evaluate(async () => {
        const { runner, store } = window.resnetExplorer;
        let longest = 0;
        let last = performance.now();
        let on = true;
        const tick = (t: number) => {
          longest = Math.max(longest, t - last);
          last = t;
          if (on) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        const t0 = performance.now();
        await runner.build(store.getState().analysis);
        const ms = performance.now() - t0;
        on = false;
        return { ms, longest };
      });
      builds.push(r.ms);
      frames.push(r.longest);
    }
    figures.push({ name: `resnet50 build (wasm, ${where})`, value: median(builds), unit: 'ms', runs, note: 'random init + warm-up pass, to ready' });
    figures.push({ name: `longest frame during the build (${where})`, value: median(frames), unit: 'ms', runs });
  }
  return figures;
}
