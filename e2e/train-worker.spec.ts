/**
 * Training in its own Web Worker, driven from the Train tab as a user would: the worker trains what the page
 * would (same losses), the page stays usable while it does, pause/resume/reset and leaving the tab work, no
 * tensor leaks in the worker (read through `window.resnetExplorer.train.memory()`), a worker that dies stops
 * the runs with a message and loses nothing else, and where workers cannot start the page trains and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';
import { tinyLibrary } from './tinyRuns';
import { poll } from './poll';

const run = (page: Page, i: number) => page.getByTestId(`train-run-${i}`);
const trainState = (page: Page) => page.evaluate(() => window.resnetExplorer.train.getState());
const step = async (page: Page, i: number) => Number(await run(page, i).getByTestId('run-step').getAttribute('data-step'));
const workerMemory = (page: Page) => page.evaluate(() => window.resnetExplorer.train.memory());
/** Tensors the page's own TensorFlow.js holds: none while it has no backend at all (the live model runs in its worker). */
const pageTensors = (page: Page) =>
  page.evaluate(() => {
    const tf = window.resnetExplorer.tf;
    return tf.engine().backendNames().length === 0 ? 0 : tf.memory().numTensors;
  });

/** A plain net and its residual twin, small enough for a few quick steps. */
const LIBRARY = tinyLibrary('Tiny plain', 'Tiny ResNet');

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

const SHORT = { Steps: '6', 'Batch size': '16', 'Test accuracy every': '3', 'Warm-up steps (lr × 0.1 → lr)': '2' };

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
  const before = await pageTensors(page);
  expect(await workerMemory(page)).toBeNull();
  // Six steps of these tiny nets can end between two polls, so the tensors are read once the runs are done
  // (the trained nets stay in the worker for "Use these weights"); pausing in the worker is the next test's.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  expect((await workerMemory(page))!.numTensors).toBeGreaterThan(0);
  expect(await pageTensors(page)).toBe(before);
  const inWorker = (await trainState(page)).runs.map((r) => ({ losses: r.points.map((p) => p.loss), tests: r.tests }));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'true');
  await expect(page.getByTestId('train-where')).toHaveText(
    `Training runs in a background worker (WebAssembly, ${Math.min(cores, 8)} threads), so the page stays responsive. No GPU to train on: WebGL here runs on a software renderer (SwiftShader), slower than WebAssembly.`,
  );
  expect(page.workers().some((w) => /trainWorker/.test(w.url()))).toBe(true);

  for (const i of [0, 1]) {
    expect(inWorker[i].losses).toHaveLength(6);
    expect(onPage[i].losses).toHaveLength(6);
    inWorker[i].losses.forEach((l, k) => expect(Math.abs(l - onPage[i].losses[k]) / onPage[i].losses[k], `run ${i} step ${k + 1}`).toBeLessThan(1e-4));
    expect(inWorker[i].tests.map((x) => x.step)).toEqual([3, 6]);
    inWorker[i].tests.forEach((x, k) => expect(Math.abs(x.accuracy - onPage[i].tests[k].accuracy)).toBeLessThanOrEqual(1 / 2000));
  }
  expect(await pageTensors(page)).toBe(before);
});

test('in the worker: pause and resume, leaving the tab pauses, a diverging run stops alone, and 10 start/stop/reset cycles leak no tensor there', async ({ page }) => {
  await twoSmallRuns(page, '', { Steps: '14', 'Batch size': '16', 'Test accuracy every': '100', 'Warm-up steps (lr × 0.1 → lr)': '0' });
  await run(page, 0).getByLabel('Own learning rate').fill('1000000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(run(page, 0)).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 });
  await expect(run(page, 0).getByTestId('run-message')).toHaveText(/The loss became (NaN|Infinity|-Infinity) at step \d+ \(learning rate [\d.e+]+\): training stopped/);
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(run(page, 1)).toHaveAttribute('data-status', 'done');
  await expect(run(page, 1).getByTestId('run-step')).toHaveAttribute('data-step', '14');
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'true');

  // With no run left, the worker holds no tensor: the baseline.
  await page.getByRole('button', { name: 'Reset' }).click();
  await run(page, 0).getByLabel('Own learning rate').fill('');
  await poll(async () => (await workerMemory(page))?.numTensors).toBe(0);
  // Enough steps that the runs are still going when Pause, the tab switch and the cycles below act.
  await page.getByLabel('Steps', { exact: true }).fill('40');

  // Pause stops both after their current step; Resume goes on from there.
  await page.getByRole('button', { name: 'Start' }).click();
  await poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused');
  const paused = [await step(page, 0), await step(page, 1)];
  await page.waitForTimeout(500);
  expect([await step(page, 0), await step(page, 1)]).toEqual(paused);
  expect((await workerMemory(page))!.numTensors).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Resume' }).click();
  await poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThan(paused[1]);

  // Leaving the tab pauses cleanly; coming back, Resume goes on.
  await page.getByRole('tab', { name: 'Compare' }).click();
  await poll(async () => (await trainState(page)).phase).toBe('paused');
  const left = [await trainState(page)].map((s) => s.runs.map((r) => r.points.length))[0];
  await page.waitForTimeout(500);
  expect((await trainState(page)).runs.map((r) => r.points.length)).toEqual(left);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  expect((await trainState(page)).runs.map((r) => r.points.map((p) => p.step))).toEqual([0, 1].map(() => Array.from({ length: 40 }, (_, k) => k + 1)));

  for (let k = 0; k < 10; k++) {
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await poll(() => step(page, 1), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    if (k % 2) await page.getByRole('button', { name: 'Pause' }).click();
  }
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'idle');
  await poll(async () => (await workerMemory(page))?.numTensors).toBe(0);
  // One worker all along.
  expect(page.workers().filter((w) => /trainWorker/.test(w.url()))).toHaveLength(1);
});

test('a training worker that dies stops the runs with a message and loses nothing else; the next Start uses a new worker', async ({ page }) => {
  await twoSmallRuns(page, '', { Steps: '300', 'Batch size': '16', 'Test accuracy every': '100' });
  await page.getByRole('button', { name: 'Start' }).click();
  await poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const worker = page.workers().find((w) => /trainWorker/.test(w.url()))!;
  // An error nothing in the worker catches (what an abort in its WebAssembly would raise).
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done');
  for (const i of [0, 1]) {
    await expect(run(page, i)).toHaveAttribute('data-status', 'error');
    await expect(run(page, i).getByTestId('run-message')).toHaveText(
      'The training worker stopped (Error: simulated crash); the curves so far are kept. Reset and Start to train again.',
    );
  }
  const s = await trainState(page);
  expect(s.runs.every((r) => r.points.length >= 2)).toBe(true);
  await expect(page.locator(`[data-testid="loss-series"][data-run="${s.runs[0].label}"]`)).toHaveAttribute('data-points', String(s.runs[0].points.length));
  expect(s.settings.steps).toBe(300);
  // The page and its live model are untouched.
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().status)).toBe('ready');

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  for (const i of [0, 1]) await expect(run(page, i)).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'true');
});

test('a training worker that ends without a word (self.close(), no error event) is noticed: the runs stop and say so', async ({ page }) => {
  await twoSmallRuns(page, '', { Steps: '300', 'Batch size': '16', 'Test accuracy every': '100' });
  await page.getByRole('button', { name: 'Start' }).click();
  await poll(() => step(page, 1), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const worker = page.workers().find((w) => /trainWorker/.test(w.url()))!;
  await worker.evaluate(() => setTimeout(() => self.close()));
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  for (const i of [0, 1]) {
    await expect(run(page, i)).toHaveAttribute('data-status', 'error');
    await expect(run(page, i).getByTestId('run-message')).toHaveText(
      'The training worker stopped (it ended without an error); the curves so far are kept. Reset and Start to train again.',
    );
  }
  expect((await trainState(page)).runs.every((r) => r.points.length >= 2)).toBe(true);
});

test('where module workers cannot start, training runs on the page and the tab says so (in English and Korean)', async ({ page }) => {
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        if (options?.type === 'module') throw new TypeError('module workers are blocked here');
        super(url, options);
      }
    };
  });
  await twoSmallRuns(page, '', { Steps: '3', 'Batch size': '16', 'Test accuracy every': '3' });
  await trainToEnd(page);
  for (const i of [0, 1]) await expect(run(page, i).getByTestId('run-step')).toHaveAttribute('data-step', '3');
  const where = page.getByTestId('train-where');
  await expect(where).toHaveAttribute('data-worker', 'false');
  await expect(where).toHaveText('Training runs on the page’s main thread (wasm): the training worker could not start (module workers are blocked here), so the page may respond slowly while it trains.');
  expect(await workerMemory(page)).toEqual(await page.evaluate(() => ({ numTensors: window.resnetExplorer.tf.memory().numTensors, numBytes: window.resnetExplorer.tf.memory().numBytes })));
  await page.getByLabel('Language').selectOption('ko');
  await expect(where).toHaveText('학습 워커를 시작하지 못해(module workers are blocked here) 학습이 페이지의 메인 스레드(wasm)에서 실행됩니다. 학습하는 동안 페이지 반응이 느릴 수 있습니다.');
});

test('the page answers while the four default runs train: the language switch and the keyboard are handled during one worker step', async ({ page }) => {
  await openModel(page, 'model=resnet20');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('Run 2 model')).toHaveValue('preset:plain56');
  // Batches of 128 rather than 16: a Plain-56 step of about 2 s, so that the page's answers below fit in one
  // step even on a loaded machine (at 16, a step of about 0.3 s was sometimes shorter than the clicks themselves).
  await page.getByLabel('Batch size', { exact: true }).fill('128');
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', null, { timeout: 60_000 });
  const pageBefore = await pageTensors(page);
  await page.getByRole('button', { name: 'Start' }).click();
  // Plain-20 has just finished a step, so Plain-56's (several times longer) is now running in the worker.
  await page.waitForFunction(
    () => {
      const [a, b] = window.resnetExplorer.train.getState().runs;
      return a.points.length >= 1 && b.points.length === a.points.length - 1;
    },
    null,
    { timeout: 100_000 },
  );
  expect((await trainState(page)).settings.batchSize).toBe(128);
  const steps = async () => (await trainState(page)).runs.map((r) => r.points.length);
  const before = await steps();

  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByRole('heading', { name: '학습: 스킵 연결이 깊은 신경망을 학습시키는 모습 보기' })).toBeVisible();
  await page.getByRole('button', { name: '일시정지' }).focus();
  const focused: string[] = [];
  for (let k = 0; k < 4; k++) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
  }
  expect(focused[0]).toBe('초기화');
  expect(new Set(focused).size).toBe(4);
  await page.getByLabel('Language').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Train: watch skip connections let a deep network learn' })).toBeVisible();

  // All of it happened while that one step ran: no run finished a step meanwhile.
  expect(await steps()).toEqual(before);
  expect((await trainState(page)).phase).toBe('running');
  expect(await pageTensors(page)).toBe(pageBefore);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Reset' }).click();
  await poll(async () => (await workerMemory(page))?.numTensors).toBe(0);
});
