/**
 * The Train tab as a user sees it: progress ("step n / N", time left) on every card, the explanation panel's
 * paragraphs (one per claim, keyed by what they are about, never stale, never a verdict before the data allow
 * it, agreeing with each other), the gradient story as the runs' own numbers show it, English and Korean, a
 * settings error, and the trained weights handed to the Run tab and to the Lab ("Study this run": the run beside
 * its plain twin, with the line to its initial weights). The second test trains on the page's main
 * thread (`worker=off`, the fallback): a diverging run, a batch too large, leaving the tab, no tensor leaked.
 */
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, english, trainSettingRule, ruleProblem } from '../src/core';
import type {} from '../src/consoleApi';
import { FASHION_MNIST_CLASSES } from '../src/runtime/train/fashionMnist';
import { MIN_STEPS, explainLesson, formatRatio, gradientRatio } from '../src/core/lesson';
import { translate } from '../src/i18n/i18n';
import { lessonRun } from '../src/state/trainStore';
import { serializeSpec } from '../src/state/urlState';
import { formatLoss } from '../src/ui/train/curves';
import { openModel } from './helpers';
import { TINY, tinyLibrary } from './tinyRuns';
import { poll } from './poll';

const run = (page: Page, i: number) => page.getByTestId(`train-run-${i}`);
const trainState = (page: Page) => page.evaluate(() => window.resnetExplorer.train.getState());
const step = async (page: Page, i: number) => Number(await run(page, i).getByTestId('run-step').getAttribute('data-step'));

/** Small nets saved in this browser's library as a user would: a shallow plain net, and a deeper one with its residual twin (the lesson's three roles). */
const LIBRARY = [
  ...tinyLibrary('Tiny plain', 'Tiny ResNet'),
  { name: 'Deep tiny plain', query: serializeSpec(TINY(false, 2)).toString() },
  { name: 'Deep tiny ResNet', query: serializeSpec(TINY(true, 2)).toString() },
];

/** Opens the Train tab (with `query` in the link) with the given saved models as its runs and small settings. */
async function smallRuns(page: Page, names: string[], settings: Record<string, string>, query = '') {
  await page.addInitScript((lib) => localStorage.setItem('resnet-explorer.library', lib), JSON.stringify(LIBRARY));
  await openModel(page, `model=resnet20${query}`);
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page).toHaveURL(/view=train/);
  await expect(page.getByTestId('fashion-credit')).toContainText('Fashion-MNIST by Zalando Research');
  await expect(page.getByTestId('fashion-credit')).toContainText('MIT');
  await expect(page.getByLabel('Run 1 model')).toHaveValue('preset:plain20');
  await expect(page.getByLabel('Run 4 model')).toHaveValue('preset:resnet56');
  for (let n = 4; n > names.length; n--) await page.getByRole('button', { name: `Remove run ${n}` }).click();
  for (const [i, name] of names.entries()) await page.getByLabel(`Run ${i + 1} model`).selectOption({ label: name });
  for (const [label, value] of Object.entries(settings)) await page.getByLabel(label, { exact: true }).fill(value);
  // The live model is ready: the backend is chosen (training shares it on the page).
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', null, { timeout: 60_000 });
}

/** The explanation's paragraphs as shown: their keys and texts, in order. */
const shownClaims = (page: Page) =>
  page
    .getByTestId('train-explanation')
    .locator('[data-claim]')
    .evaluateAll((ps) => ps.map((p) => ({ id: p.getAttribute('data-claim')!, text: p.textContent ?? '' })));

/** Shown, in `lang`: exactly the claims the tab's rule makes of the runs as they are, each once, in order. */
async function expectPanel(page: Page, lang: 'en' | 'ko') {
  const { verdict, claims } = explainLesson((await trainState(page)).runs.map(lessonRun));
  await poll(() => shownClaims(page)).toEqual(claims.map((c) => ({ id: c.id, text: translate(lang, c.phrase) })));
  await expect(page.getByTestId('train-explanation')).toHaveAttribute('data-holds', String(verdict.holds));
  return { verdict, claims };
}

test('three runs: progress on every card, an explanation that waits for the data and never contradicts itself, the gradient story, in English and Korean; the weights go to the Run tab and, with “Study this run”, to the Lab beside the twin', async ({ page }) => {
  test.setTimeout(180_000); // three runs of 20 steps, paused and resumed, on a machine the other tests share
  await smallRuns(page, ['Tiny plain', 'Deep tiny plain', 'Deep tiny ResNet'], { Steps: '20', 'Batch size': '16', 'Test accuracy every': '10', 'Warm-up steps (lr × 0.1 → lr)': '2' });
  // A setting is checked as it is typed, against the same rule the trainer applies, in both languages.
  const lr = page.getByLabel('Learning rate', { exact: true });
  await lr.fill('-1');
  const problem = ruleProblem(trainSettingRule('lr'), -1, '-1')!;
  await expect(page.getByRole('alert').filter({ hasText: 'Learning rate must be a positive number (got -1)' })).toBeVisible();
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByRole('alert').filter({ hasText: translate('ko', problem) })).toBeVisible();
  expect(translate('ko', problem)).toBe('학습률: 양수여야 합니다 (받은 값: -1)');
  await page.getByLabel('Language').selectOption('en');
  await lr.fill('0.1');
  await expect(page.getByText('Learning rate must be a positive number')).toHaveCount(0);
  await expect(page.getByTestId('train-explanation')).toContainText('Press Start');

  await page.getByRole('button', { name: 'Start' }).click();
  await poll(() => step(page, 2), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused');
  const paused = [await step(page, 0), await step(page, 1), await step(page, 2)];
  expect(Math.max(...paused)).toBeLessThan(MIN_STEPS);
  // Progress a learner can read: step n / 20 on each card and for the experiment, and the time left.
  for (const i of [0, 1, 2]) {
    await expect(run(page, i).getByTestId('run-step')).toHaveText(`${paused[i]} / 20`);
    await expect(run(page, i).getByTestId('run-left')).toHaveText(/^about (\d+ s|\d+ min( \d+ s)?)$/);
  }
  await expect(page.getByTestId('train-progress')).toContainText(`Step ${Math.min(...paused)} / 20 · about`);

  // Too early for any verdict: the panel says so, and how many more steps each comparison needs.
  let s = await trainState(page);
  const [shallow, deep, res] = s.runs.map((r) => r.id);
  const { claims: early } = await expectPanel(page, 'en');
  expect(early.map((c) => c.id)).toEqual(['lesson', `degradation:${deep}:${shallow}`, `shortcut:${res}:${deep}`, `flow-init:${deep}:${res}`, 'vanishing-or-degradation']);
  const panel = page.getByTestId('train-explanation');
  await expect(panel).toHaveAttribute('data-holds', 'false');
  await expect(panel.locator('[data-claim="lesson"]')).toHaveText(new RegExp(`^No verdict yet at step ${Math.min(...paused)}:`));
  await expect(panel.locator(`[data-claim^="degradation:"]`)).toHaveText(
    `Too early to compare Deep tiny plain with Tiny plain: their smoothed losses need about ${MIN_STEPS - Math.min(paused[0], paused[1]) === 1 ? 'one more step' : `${MIN_STEPS - Math.min(paused[0], paused[1])} more steps`} before the noise can be measured.`,
  );
  await expect(panel.locator(`[data-claim^="shortcut:"]`)).toContainText('Too early to compare Deep tiny ResNet with Deep tiny plain');
  await expect(panel).not.toContainText('degradation problem.');
  // The gradient story as this run's dashed lines show it: grows or shrinks toward the input, and by how much.
  const initRatio = gradientRatio(s.runs[1].flowInit!)!;
  const way = initRatio > 1 ? 'grows' : 'shrinks';
  await expect(panel.locator('[data-claim^="flow-init:"]')).toContainText(`At initialisation (the dashed lines) Deep tiny plain's gradient ${way} on its way down to the input: at its first layer it is ${formatRatio(initRatio)}× the one at its last conv.`);
  await expect(panel.locator('[data-claim="vanishing-or-degradation"]')).toContainText(initRatio > 1 ? `they grow ${formatRatio(initRatio)}× toward the input` : `already shrink toward the input at initialisation (${formatRatio(initRatio)}×)`);

  // In Korean: the same claims, worded in Korean (particles after numbers are checked in ko.test.ts).
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByTestId('train-progress')).toContainText(`스텝 ${Math.min(...paused)} / 20 · 약`);
  await expect(run(page, 0).getByTestId('run-left')).toHaveText(/^약 \d+(초|분)/);
  await expectPanel(page, 'ko');
  await expect(panel.locator('[data-claim="vanishing-or-degradation"]')).toContainText('He 외(2016, §4.1)');
  await expect(panel.locator('[data-claim="lesson"]')).toContainText('아직 판정하지 않습니다');
  await page.getByLabel('Language').selectOption('en');
  await page.waitForTimeout(500);
  expect([await step(page, 0), await step(page, 1), await step(page, 2)]).toEqual(paused);

  // The loss on screen is the runtime's, and the curve has one point per step.
  for (const i of [0, 1, 2]) {
    const last = s.runs[i].points.at(-1)!;
    await expect(run(page, i).getByTestId('run-loss')).toContainText(formatLoss(last.loss));
    expect(last.loss).toBeGreaterThan(0.1);
    expect(last.loss).toBeLessThan(5);
    await expect(page.locator(`[data-testid="loss-series"][data-run="${s.runs[i].label}"]`)).toHaveAttribute('data-points', String(paused[i]));
  }
  await page.getByRole('button', { name: 'Resume' }).click();
  // While it trains, the panel only ever holds the current claims, each once.
  for (let k = 0; k < 3; k++) {
    const shown = await shownClaims(page);
    expect(new Set(shown.map((c) => c.id)).size).toBe(shown.length);
    expect(shown.filter((c) => c.id.startsWith('degradation:') || c.id.startsWith('shortcut:') || c.id === 'lesson')).toHaveLength(3);
    await page.waitForTimeout(300);
  }
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  for (const i of [0, 1, 2]) {
    await expect(run(page, i)).toHaveAttribute('data-status', 'done');
    await expect(run(page, i).getByTestId('run-step')).toHaveText('20 / 20');
    await expect(run(page, i).getByTestId('run-test')).toHaveText(/^\d+\.\d% @ 20$/);
    await expect(run(page, i).getByTestId('run-speed')).toHaveText(/^\d+$/);
    await expect(run(page, i).getByTestId('run-left')).toHaveText('none (ended)');
  }
  await expect(page.getByTestId('train-progress')).toHaveText('Step 20 / 20 · done');
  s = await trainState(page);
  // Points grew step by step, test accuracy at 10 and 20.
  expect(s.runs[0].points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
  expect(s.runs[2].tests.map((p) => p.step)).toEqual([10, 20]);
  await expect(page.getByTestId('test-dot')).toHaveCount(6);
  // Gradient flow: one series per run, one dot per weight layer (convs and fc) of the model.
  const latest = page.locator('[data-testid="flow-series"][data-kind="latest"]');
  await expect(latest).toHaveCount(3);
  for (const [i, spec] of [TINY(false), TINY(false, 2), TINY(true, 2)].entries()) {
    const layers = analyzeSpec(spec).layers.filter((l) => l.layer.type === 'Conv2d' || l.layer.type === 'Linear').length;
    await expect(latest.nth(i).locator('circle')).toHaveCount(layers);
    await expect(latest.nth(i)).toHaveAttribute('data-step', '20');
  }
  await expect(page.locator('[data-testid="flow-series"][data-kind="init"]')).toHaveCount(3);

  // After 20 steps: the claims of the runs as they ended, each once; the verdict and the comparisons agree.
  const { verdict, claims } = await expectPanel(page, 'en');
  expect(claims.map((c) => c.id)).toEqual(['lesson', `degradation:${deep}:${shallow}`, `shortcut:${res}:${deep}`, `flow-init:${deep}:${res}`, `flow-now:${deep}:${res}`, 'vanishing-or-degradation']);
  const text = (id: string) => english(claims.find((c) => c.id === id)!.phrase);
  const degraded = text(`degradation:${deep}:${shallow}`).endsWith('This is the degradation problem.');
  const helped = text(`shortcut:${res}:${deep}`).includes('each of its blocks only has to learn');
  expect(verdict.holds).toBe(degraded && helped);
  expect(text('lesson').startsWith(verdict.holds ? 'At step 20 the paper' : 'No verdict yet at step 20')).toBe(true);
  // The solid lines at step 20 read against the dashed ones, with the runs' numbers.
  const now = gradientRatio(s.runs[1].flowLatest!.norms)!;
  await expect(panel.locator('[data-claim^="flow-now:"]')).toContainText(`At step 20 (the solid lines) Deep tiny plain's first layer ${now >= 1 ? 'still ' : ''}gets ${formatRatio(now)}× the gradient of its last conv (${formatRatio(initRatio)}× at initialisation)`);
  await page.screenshot({ path: 'test-results/train.png', fullPage: true });

  // Use the residual run's weights: the Run tab predicts Fashion-MNIST classes for a test image.
  await run(page, 2).getByRole('button', { name: 'Use these weights' }).click();
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
  expect(built).toEqual(TINY(true, 2));
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().weights)).toEqual({ kind: 'file', name: 'Deep tiny ResNet trained 20 steps on Fashion-MNIST' });

  // "Study this run" on the residual run: the Lab opens on its weights, its plain twin (the deep plain run)
  // beside it, and offers the straight line to its initial weights (the run can remake them).
  await page.getByRole('tab', { name: 'Train' }).click();
  await run(page, 2).getByTestId('study-run').click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page.getByTestId('lab-view')).toHaveAttribute('data-primary', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('lab-view')).toHaveAttribute('data-twin', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('lab-primary')).toContainText('Deep tiny ResNet trained 20 steps on Fashion-MNIST');
  await expect(page.locator('#lab-twin')).toHaveValue(String(deep));
  await expect(page.locator('#lab-twin option:checked')).toHaveText('Deep tiny plain (Train tab, 20 steps)');
  await expect(page.getByTestId('run-initial')).toBeEnabled();
  const lab = await page.evaluate(() => window.resnetExplorer.lab.getState().nets);
  expect([lab.primary!.runId, lab.primary!.hasInitial, lab.primary!.spec]).toEqual([res, true, TINY(true, 2)]);
  expect([lab.twin!.runId, lab.twin!.hasInitial, lab.twin!.spec]).toEqual([deep, true, TINY(false, 2)]);
});

test('on the page’s main thread (worker=off): a diverging run stops with a message while the other trains; a batch too large is refused; tabs pause; no tensors leak over start/stop/reset cycles', async ({ page }) => {
  await smallRuns(page, ['Tiny plain', 'Tiny ResNet'], { Steps: '14', 'Batch size': '16', 'Test accuracy every': '100', 'Warm-up steps (lr × 0.1 → lr)': '0' }, '&worker=off');
  const baseline = await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors);
  await run(page, 0).getByLabel('Own learning rate').fill('1000000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(run(page, 0)).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 });
  await expect(page.getByTestId('train-where')).toHaveAttribute('data-worker', 'false');
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
  await poll(() => step(page, 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await poll(async () => (await trainState(page)).phase).toBe('paused');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();

  // Start/stop/reset cycles leave TensorFlow.js's memory where it was (ten of them in the worker: e2e/train-worker.spec.ts).
  for (let k = 0; k < 4; k++) {
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Start' }).click();
    await poll(() => step(page, 1), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    if (k % 2) await page.getByRole('button', { name: 'Pause' }).click();
  }
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'idle');
  expect(await page.evaluate(() => window.resnetExplorer.tf.memory().numTensors)).toBe(baseline);
});
