import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec } from '../src/core';
import type {} from '../src/consoleApi';
import { FASHION_MNIST_CLASSES } from '../src/runtime/train/fashionMnist';
import { english } from '../src/core';
import { explainLesson } from '../src/core/lesson';
import { lessonRun } from '../src/state/trainStore';
import { formatLoss } from '../src/ui/train/curves';
import { openModel } from './helpers';
import { TINY, tinyLibrary } from './tinyRuns';

const run = (page: Page, i: number) => page.getByTestId(`train-run-${i}`);
const trainState = (page: Page) => page.evaluate(() => window.resnetExplorer.train.getState());
const step = async (page: Page, i: number) => Number(await run(page, i).getByTestId('run-step').getAttribute('data-step'));

/** Two small twins (8 and 16 channels, one block per stage), saved in this browser's library as a user would. */
const LIBRARY = tinyLibrary('Tiny plain', 'Tiny ResNet');

/** Opens the Train tab with two small runs (a plain net and its residual twin) and small settings. */
async function twoSmallRuns(page: Page, settings: Record<string, string>) {
  await page.addInitScript((lib) => localStorage.setItem('resnet-explorer.library', lib), JSON.stringify(LIBRARY));
  await openModel(page, 'model=resnet18');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page).toHaveURL(/view=train/);
  await expect(page.getByTestId('fashion-credit')).toContainText('Fashion-MNIST by Zalando Research');
  await expect(page.getByTestId('fashion-credit')).toContainText('MIT');
  await expect(page.getByLabel('Run 1 model')).toHaveValue('preset:plain20');
  await expect(page.getByLabel('Run 4 model')).toHaveValue('preset:resnet56');
  await page.getByRole('button', { name: 'Remove run 4' }).click();
  await page.getByRole('button', { name: 'Remove run 3' }).click();
  await page.getByLabel('Run 1 model').selectOption({ label: 'Tiny plain' });
  await page.getByLabel('Run 2 model').selectOption({ label: 'Tiny ResNet' });
  await expect(page.getByLabel('Run 2 model')).toHaveValue('saved:1');
  for (const [label, value] of Object.entries(settings)) await page.getByLabel(label, { exact: true }).fill(value);
  // The live model is ready: the backend is chosen (training shares it).
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', null, { timeout: 60_000 });
}

test('two runs train side by side with live curves, pause and resume, gradient flow and an explanation; their weights go to the Run tab', async ({ page }) => {
  await twoSmallRuns(page, { Steps: '20', 'Batch size': '32', 'Test accuracy every': '10', 'Warm-up steps (lr × 0.1 → lr)': '2' });
  // A setting is checked as it is typed, against the same rule the trainer applies.
  await page.getByLabel('Learning rate', { exact: true }).fill('-1');
  await expect(page.getByRole('alert').filter({ hasText: 'Learning rate must be a positive number (got -1)' })).toBeVisible();
  await page.getByLabel('Learning rate', { exact: true }).fill('0.1');
  await expect(page.getByText('Learning rate must be a positive number')).toHaveCount(0);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused');
  const paused = [await step(page, 0), await step(page, 1)];
  // Progress a learner can read: step n / 20 on each card and for the experiment, and the time left.
  for (const i of [0, 1]) {
    await expect(run(page, i).getByTestId('run-step')).toHaveText(`${paused[i]} / 20`);
    await expect(run(page, i).getByTestId('run-left')).toHaveText(/^about (\d+ s|\d+ min( \d+ s)?)$/);
  }
  await expect(page.getByTestId('train-progress')).toContainText(`Step ${Math.min(...paused)} / 20 · about`);
  // The explanation in Korean: the same claims, worded in Korean.
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByTestId('train-progress')).toContainText(`스텝 ${Math.min(...paused)} / 20 · 약`);
  await expect(page.getByTestId('train-explanation').locator('[data-claim="vanishing-or-degradation"]')).toContainText('He 외(2016, §4.1)');
  await expect(run(page, 0).getByTestId('run-left')).toHaveText(/^약 \d+(초|분)/);
  await page.getByLabel('Language').selectOption('en');
  await page.waitForTimeout(500);
  expect([await step(page, 0), await step(page, 1)]).toEqual(paused);
  // The loss on screen is the runtime's, and the curve has one point per step.
  let s = await trainState(page);
  for (const i of [0, 1]) {
    const last = s.runs[i].points.at(-1)!;
    await expect(run(page, i).getByTestId('run-loss')).toContainText(formatLoss(last.loss));
    expect(last.loss).toBeGreaterThan(0.1);
    expect(last.loss).toBeLessThan(5);
    await expect(page.locator(`[data-testid="loss-series"][data-run="${s.runs[i].label}"]`)).toHaveAttribute('data-points', String(paused[i]));
  }
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  for (const i of [0, 1]) {
    await expect(run(page, i)).toHaveAttribute('data-status', 'done');
    await expect(run(page, i).getByTestId('run-step')).toHaveAttribute('data-step', '20');
    await expect(run(page, i).getByTestId('run-test')).toHaveText(/^\d+\.\d% @ 20$/);
    await expect(run(page, i).getByTestId('run-speed')).toHaveText(/^\d+$/);
    await expect(run(page, i).getByTestId('run-left')).toHaveText('none (ended)');
  }
  await expect(page.getByTestId('train-progress')).toHaveText('Step 20 / 20 · done');
  s = await trainState(page);
  // Points grew step by step, test accuracy at 10 and 20.
  expect(s.runs[0].points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
  expect(s.runs[1].tests.map((p) => p.step)).toEqual([10, 20]);
  await expect(page.getByTestId('test-dot')).toHaveCount(4);
  // Gradient flow: one series per run, one dot per weight layer (convs and fc) of the model.
  const latest = page.locator('[data-testid="flow-series"][data-kind="latest"]');
  await expect(latest).toHaveCount(2);
  for (const i of [0, 1]) {
    const layers = analyzeSpec(TINY(i === 1)).layers.filter((l) => l.layer.type === 'Conv2d' || l.layer.type === 'Linear').length;
    expect(layers).toBe(6);
    await expect(latest.nth(i).locator('circle')).toHaveCount(layers);
    await expect(latest.nth(i)).toHaveAttribute('data-step', '20');
  }
  await expect(page.locator('[data-testid="flow-series"][data-kind="init"]')).toHaveCount(2);
  // The explanation quotes the runs' own numbers.
  const { claims } = explainLesson(s.runs.map(lessonRun));
  expect(claims.length).toBeGreaterThan(0);
  const panel = page.getByTestId('train-explanation');
  await expect(panel.locator('[data-claim]')).toHaveCount(claims.length);
  for (const c of claims) await expect(panel.locator(`[data-claim="${c.id}"]`)).toHaveText(english(c.phrase));
  await page.screenshot({ path: 'test-results/train.png', fullPage: true });

  // Use the residual run's weights: the Run tab predicts Fashion-MNIST classes for a test image.
  await run(page, 1).getByRole('button', { name: 'Use these weights' }).click();
  await expect(page).not.toHaveURL(/view=train/);
  await expect(page.getByRole('tab', { name: 'Run', selected: true })).toBeVisible();
  await page.getByRole('button', { name: /Test image \d+: Trouser/ }).click();
  const items = page.getByTestId('predictions').locator('li .label');
  await expect(items).toHaveCount(5);
  const labels = await items.allTextContents();
  for (const l of labels) expect(FASHION_MNIST_CLASSES as readonly string[]).toContain(l);
  await expect(page.getByTestId('preprocess-note')).toContainText('Fashion-MNIST’s mean 0.286');
  await expect(page.getByTestId('random-notice')).toHaveCount(0);
  const built = await page.evaluate(() => window.resnetExplorer.store.getState().analysis.graph.spec);
  expect(built).toEqual(TINY(true));
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().weights)).toEqual({ kind: 'file', name: 'Tiny ResNet trained 20 steps on Fashion-MNIST' });
});

test('a diverging run stops with a message while the other trains; a batch too large is refused; tabs pause; no tensors leak over 10 cycles', async ({ page }) => {
  await twoSmallRuns(page, { Steps: '14', 'Batch size': '16', 'Test accuracy every': '100', 'Warm-up steps (lr × 0.1 → lr)': '0' });
  const baseline = await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors);
  await run(page, 0).getByLabel('Own learning rate').fill('1000000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(run(page, 0)).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 });
  await expect(run(page, 0).getByTestId('run-message')).toHaveText(/The loss became (NaN|Infinity|-Infinity) at step \d+ \(learning rate [\d.e+]+\): training stopped/);
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(run(page, 1)).toHaveAttribute('data-status', 'done');
  await expect(run(page, 1).getByTestId('run-step')).toHaveAttribute('data-step', '14');

  // A batch too large is refused before allocating, with the runtime's reason.
  await page.getByRole('button', { name: 'Reset' }).click();
  await run(page, 0).getByLabel('Own learning rate').fill('');
  await page.getByLabel('Batch size', { exact: true }).fill('10000');
  await page.getByRole('button', { name: 'Start' }).click();
  for (const i of [0, 1]) await expect(run(page, i).getByTestId('run-message')).toHaveText(/A batch of 10000 needs about \d+ MB, more than the \d+ MB allowed here; try a batch of \d+/);
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done');
  expect(await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors)).toBe(baseline);

  // Leaving the tab pauses cleanly; coming back resumes from there.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByLabel('Batch size', { exact: true }).fill('8');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => step(page, 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect.poll(async () => (await trainState(page)).phase).toBe('paused');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();

  // Ten start/stop/reset cycles leave TensorFlow.js's memory where it was.
  for (let k = 0; k < 10; k++) {
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => step(page, 1), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    if (k % 2) await page.getByRole('button', { name: 'Pause' }).click();
  }
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'idle');
  expect(await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors)).toBe(baseline);
});
