/**
 * Training on the GPU, in the training worker, as a user's browser with a GPU would: `?trainbackend=webgl`
 * makes the worker train there even on this machine's software GPU (SwiftShader), so that the worker's own
 * TensorFlow.js, with the settings it trains with, is what is checked: the Train tab says where and why, one
 * SGD step in the worker equals PyTorch's (tests/fixtures/train-step) within 1e-4, and a GPU lost
 * mid-training stops the runs with a message, keeps their curves, and Reset and Start train again in a new
 * worker. Without the flag, SwiftShader is never chosen: the tab says why WebAssembly.
 */
import { expect, test } from '@playwright/test';
import type {} from '../src/consoleApi';
import { fixtureStepsMatchPyTorch, run, step, trainingWorker, twoSmallRuns } from './trainGpu';
import { poll } from './poll';

test('without a hardware GPU the worker trains on WebAssembly and says why (SwiftShader is never chosen by itself)', async ({ page }) => {
  await twoSmallRuns(page, '', 1);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('train-where')).toHaveText(/^Training runs in a background worker \(WebAssembly, \d threads\), so the page stays responsive\. No GPU to train on: WebGL here runs on a software renderer \(SwiftShader\), slower than WebAssembly\.$/);
});

test('trainbackend=webgl: the worker trains on WebGL, says so, equals PyTorch within 1e-4, and a lost context stops the runs with a message, loses nothing, and Reset and Start train again', async ({ page }) => {
  test.setTimeout(300_000);
  // Long runs, paused or stopped before their end: SwiftShader is slow, and a run's end evaluates the test set.
  await twoSmallRuns(page, '&trainbackend=webgl', 300);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-where')).toHaveText(/^Training runs in a background worker \(WebGL\), so the page stays responsive\. The link asks for WebGL \(trainbackend=webgl\); it runs on .*SwiftShader.*\.$/, { timeout: 60_000 });
  await poll(() => step(page, 1), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused', { timeout: 60_000 });
  const first = trainingWorker(page);
  await fixtureStepsMatchPyTorch(first, 'webgl');

  // The GPU goes away mid-training (as a GPU reset does).
  await page.getByRole('button', { name: 'Resume' }).click();
  await poll(() => step(page, 1), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await first.evaluate(() => (self as unknown as { resnetExplorerTraining: { loseGpu(): void } }).resnetExplorerTraining.loseGpu());
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  const lost = 'The GPU’s WebGL context was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.';
  for (const i of [0, 1]) {
    await expect(run(page, i)).toHaveAttribute('data-status', 'error');
    await expect(run(page, i).getByTestId('run-message')).toHaveText(lost);
  }
  const s = await page.evaluate(() => window.resnetExplorer.train.getState());
  expect(s.runs.every((r) => r.points.length >= 2 && r.points.every((p) => Number.isFinite(p.loss)))).toBe(true);
  await expect(page.locator(`[data-testid="loss-series"][data-run="${s.runs[0].label}"]`)).toHaveAttribute('data-points', String(s.runs[0].points.length));
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().status)).toBe('ready');

  // Reset drops that worker; Start trains again in a new one, on WebGL again.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await poll(() => step(page, 1), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  for (const i of [0, 1]) await expect(run(page, i)).not.toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('train-where')).toContainText('Training runs in a background worker (WebGL)');
  await poll(() => page.workers().filter((w) => /trainWorker/.test(w.url())).length).toBe(1);
  expect(trainingWorker(page)).not.toBe(first);
  await page.getByRole('button', { name: 'Pause' }).click();
});
