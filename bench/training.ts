/**
 * Training throughput in Chromium on WebAssembly (images/s, batch 64, 1×28×28 Fashion-MNIST) for ResNet-20 and
 * ResNet-56: the runtime's Trainer, bundled with esbuild against the page's own TensorFlow.js, timed per step
 * (forward, backward, SGD update and reading the loss) after two warm-up steps.
 */
import type { Page } from '@playwright/test';
import { build, type Plugin } from 'esbuild';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

const BATCH = 64;
const WARMUP = 2;
/** Issue 19's throughput goals (images/s on this 2-core machine; PyTorch's CPU figures here: 1,340 and 470). */
const GOALS: Record<string, number> = { resnet20: 300, resnet56: 100 };
/** Profiled steps: each kernel's least time over them (a shared machine adds to some of them). */
const PROFILED = 4;

/** An app's tfjs instance (`tf`, an expression) stands in for '@tensorflow/tfjs-core', so the bundle uses its engine and backends. */
const appTf = (tf: string): Plugin => ({
  name: 'app-tfjs',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, () => ({ path: 'app-tfjs', namespace: 'app-tfjs' }));
    b.onLoad({ filter: /.*/, namespace: 'app-tfjs' }, () => ({ contents: `module.exports = ${tf};`, loader: 'js' }));
  },
});

/**
 * A script for `page.evaluate`: `entry` bundled for the browser, using the app's TensorFlow.js (the end-to-end
 * tests use it too) — the page's, or with `worker` the training worker's (for `worker.evaluate` there).
 */
export async function bundleForPage(entry: string, { worker = false } = {}): Promise<string> {
  const tf = worker ? 'self.resnetExplorerTraining.tf' : 'window.resnetExplorer.tf';
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', plugins: [appTf(tf)], logLevel: 'silent' });
  return out.outputFiles[0].text;
}

/** Opens the app on WebAssembly with bench/trainingPage.ts loaded; false when WebAssembly is unavailable. */
async function openTrainingPage(page: Page, url: string): Promise<boolean> {
  await page.goto(`${url}/?model=resnet20`);
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 600_000, polling: 100 });
  // The benchmark trains on the page's own TensorFlow.js (the live model has its worker): its backend, WebAssembly.
  const ok = await page.evaluate(async () => (await window.resnetExplorer.pageBackend()).name === 'wasm' || window.resnetExplorer.tf.setBackend('wasm'));
  if (!ok) return false;
  await page.waitForFunction(() => window.resnetExplorer.runner.getState().status === 'ready', undefined, { timeout: 600_000, polling: 100 });
  await page.evaluate(await bundleForPage('bench/trainingPage.ts'));
  return true;
}

/** `--only training-profile`: the kernels of one ResNet-20 step in the page, grouped (bench/TRAINING-PROFILE.md). */
export async function trainingProfile(page: Page, url: string, preset = 'resnet20'): Promise<string> {
  if (!(await openTrainingPage(page, url))) return 'WebAssembly unavailable';
  return page.evaluate(
    ([p, b, w, n]) => (window as unknown as { __profileTraining: (p: string, b: number, w: number, n: number) => Promise<string> }).__profileTraining(p, b, w, n),
    [preset, BATCH, WARMUP, PROFILED] as const,
  );
}

export async function trainingFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  if (!(await openTrainingPage(page, url))) return [{ name: 'training (wasm)', value: NaN, unit: 'images/s', note: 'WebAssembly unavailable' }];
  const figures: Figure[] = [];
  const steps = Math.max(3, Math.min(runs, 7));
  for (const preset of ['resnet20', 'resnet56']) {
    const r = await page.evaluate(
      ([p, b, w, s]) => (window as unknown as { __benchTraining: (p: string, b: number, w: number, s: number) => Promise<{ ms: number[]; loss: number[] }> }).__benchTraining(p, b, w, s),
      [preset, BATCH, WARMUP, steps] as const,
    );
    if (!r.loss.every(Number.isFinite)) throw new Error(`${preset}: the loss was not finite while benchmarking`);
    figures.push({
      name: `${preset} training, batch ${BATCH} 1x28x28 (wasm)`,
      value: (BATCH * 1000) / median(r.ms),
      unit: 'images/s',
      runs: r.ms.length,
      note: 'per SGD step, after 2 warm-up steps',
      goal: { at: GOALS[preset], better: 'higher' },
    });
  }
  return figures;
}
