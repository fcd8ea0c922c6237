/**
 * Training in its own Web Worker, driven from the Train tab as a user would: the worker trains what the page
 * would (same losses), the page stays usable while it does, pause/resume/reset and leaving the tab work, no
 * tensor leaks in the worker (read through `window.resnetExplorer.train.memory()`), a worker that dies stops
 * the runs with a message and loses nothing else, and where workers cannot start the page trains and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import { presetSpec, type ResNetSpec } from '../src/core';
import type {} from '../src/consoleApi';
import { serializeSpec } from '../src/state/urlState';
import { fitFashionMnist } from '../src/ui/train/fashionMnistFit';
import { openModel } from './helpers';

const run = (page: Page, i: number) => page.getByTestId(`train-run-${i}`);
const trainState = (page: Page) => page.evaluate(() => window.resnetExplorer.train.getState());
const step = async (page: Page, i: number) => Number(await run(page, i).getByTestId('run-step').textContent());
const workerMemory = (page: Page) => page.evaluate(() => window.resnetExplorer.train.memory());

/** A plain net and its residual twin, small enough for a few quick steps. */
const TINY = (residual: boolean): ResNetSpec => ({
  ...fitFashionMnist(presetSpec('resnet20')),
  stages: [
    { blocks: 1, width: 8, stride: 1 },
    { blocks: 1, width: 16, stride: 2 },
  ],
  stem: { kernel: 3, stride: 1, width: 8, maxPool: false },
  residual,
});
const LIBRARY = [
  { name: 'Tiny plain', query: serializeSpec(TINY(false)).toString() },
  { name: 'Tiny ResNet', query: serializeSpec(TINY(true)).toString() },
];

/** Opens the Train tab (with `query` in the link) with the two small runs and the given settings. */
async function twoSmallRuns(page: Page, query: string, settings: Record<string, string>) {
  await page.addInitScript((lib) => localStorage.setItem('resnet-explorer.library', lib), JSON.stringify(LIBRARY));
  await openModel(page, `model=resnet18${query}`);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByRole('button', { name: 'Remove run 4' }).click();
  await page.getByRole('button', { name: 'Remove run 3' }).click();
  await page.getByLabel('Run 1 model').selectOption({ label: 'Tiny plain' });
  await page.getByLabel('Run 2 model').selectOption({ label: 'Tiny ResNet' });
  for (const [label, value] of Object.entries(settings)) await page.getByLabel(label, { exact: true }).fill(value);
}

const SHORT = { Steps: '6', 'Batch size': '16', 'Test accuracy every': '3', 'Warm-up steps (lr × 0.1)': '2' };

async function trainToEnd(page: Page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  return (await trainState(page)).runs.map((r) => ({ losses: r.points.map((p) => p.loss), tests: r.tests }));
}

test('the worker trains exactly what the page trains (same seed and settings, same losses), off the page’s thread', async ({ page }) => {
  // On the page's main thread, forced by the link.
  await twoSmallRuns(page, '&worker=off', SHORT);
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', null, { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  const onPage = await trainToEnd(page);
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'false');
  await expect(page.getByTestId('train-where')).toHaveText('Training runs on the page’s main thread (wasm) because the link says worker=off: the page may respond slowly while it trains.');
  expect(page.workers().some((w) => /trainWorker/.test(w.url()))).toBe(false);

  // In the worker (the default): the page's own TensorFlow.js holds none of the training's tensors.
  await twoSmallRuns(page, '', SHORT);
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', null, { timeout: 60_000 });
  const pageTensors = await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors);
  expect(await workerMemory(page)).toBeNull();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused');
  expect((await workerMemory(page))!.numTensors).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors)).toBe(pageTensors);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  const inWorker = (await trainState(page)).runs.map((r) => ({ losses: r.points.map((p) => p.loss), tests: r.tests }));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'true');
  await expect(page.getByTestId('train-where')).toHaveText(`Training runs in a background worker (WebAssembly, ${Math.min(cores, 8)} threads), so the page stays responsive.`);
  expect(page.workers().some((w) => /trainWorker/.test(w.url()))).toBe(true);

  for (const i of [0, 1]) {
    expect(inWorker[i].losses).toHaveLength(6);
    expect(onPage[i].losses).toHaveLength(6);
    inWorker[i].losses.forEach((l, k) => expect(Math.abs(l - onPage[i].losses[k]) / onPage[i].losses[k], `run ${i} step ${k + 1}`).toBeLessThan(1e-4));
    expect(inWorker[i].tests.map((x) => x.step)).toEqual([3, 6]);
    inWorker[i].tests.forEach((x, k) => expect(Math.abs(x.accuracy - onPage[i].tests[k].accuracy)).toBeLessThanOrEqual(1 / 2000));
  }
  expect(await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors)).toBe(pageTensors);
});
