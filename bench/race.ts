/**
 * The race: the app's live model against ONNX Runtime Web on the same machine, browser, weights and input.
 * The app's model (fresh weights) is exported with its own *ONNX model* button; ONNX Runtime Web runs that
 * file on its WebAssembly backend (SIMD), once with one thread per core and once with its default thread
 * count (min(4, ⌈cores / 2⌉) in 1.30), in a page of its own.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import type {} from '../src/consoleApi';
import { openOrtPage, runOrt, serveOrt } from './ortPage';
import { median, type Figure } from './stats';

/** A fixed pseudo-random NCHW input (a normalised image has values of this size). */
function fixedInput(shape: number[]): { values: number[]; shape: number[] } {
  let s = 12345;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  });
  return { values, shape };
}

function relativeError(a: number[], b: number[]): number {
  let diff = 0;
  let scale = 0;
  b.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(a[i] - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

export async function raceFigures(browser: Browser, url: string, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const server = await serveOrt();
  try {
  for (const preset of ['resnet18', 'resnet50']) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    await page.goto(`${url}/?model=${preset}`);
    await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000, polling: 50 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByRole('button', { name: 'ONNX model' }).click()]);
    const file = new Uint8Array(readFileSync((await download.path())!));
    server.addModel(preset, file);
    const input = fixedInput([1, 3, 224, 224]);

    const ours = await page.evaluate(
      async ({ input, runs }) => {
        // Timed on the model's own thread (its worker), fast path and layer-by-layer pass, on the same input.
        const { runner } = window.resnetExplorer;
        const fast = await runner.timePasses(runs, 'fast', input);
        const layers = await runner.timePasses(runs, 'layers', input);
        return { times: fast.times, layerTimes: layers.times, logits: fast.logits, reason: (({ core }, r) => (r ? core.english(r) : ''))(window.resnetExplorer, runner.getState().backendReason), backend: runner.getState().backend };
      },
      { input, runs },
    );
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.close();

    const oursMs = median(ours.times);
    const threads = /(\d+) threads? on/.exec(ours.reason)?.[1] ?? '?';
    figures.push({ name: `${preset} ours (${ours.backend}, ${threads} threads)`, value: oursMs, unit: 'ms', runs, note: ours.reason });
    figures.push({ name: `${preset} ours, layer-by-layer pass (${ours.backend})`, value: median(ours.layerTimes), unit: 'ms', runs, note: 'unfused, as for activations' });
    for (const [label, n] of [['threads = cores', cores], ['its default threads', 0]] as const) {
      const ortPage = await context.newPage();
      await openOrtPage(ortPage, server);
      const theirs = await runOrt(ortPage, preset, input, runs, n);
      await ortPage.close();
      const theirsMs = median(theirs.times);
      figures.push({ name: `${preset} ONNX Runtime Web (wasm, ${theirs.threads} threads, ${label})`, value: theirsMs, unit: 'ms', runs });
      figures.push({ name: `${preset} ours / ONNX Runtime Web (${label})`, value: oursMs / theirsMs, unit: 'ratio' });
      if (n) figures.push({ name: `${preset} ours vs ONNX Runtime Web, logits`, value: relativeError(ours.logits, theirs.logits), unit: 'max rel. diff', note: 'same weights and input: the files agree' });
    }
    await context.close();
  }
  } finally {
    await server.stop();
  }
  return figures;
}
