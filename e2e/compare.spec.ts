import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, formatSI, presetSpec, type PresetName } from '../src/core';
import type {} from '../src/consoleApi';
import { count } from './fixtures';
import { openModel } from './helpers';
import { poll } from './poll';

const table = (page: Page) => page.getByTestId('compare-table');
const row = (page: Page, name: string) => table(page).locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) }).locator('td');

async function expectColumns(page: Page, presets: PresetName[]) {
  const figures = presets.map((p) => analyzeSpec(presetSpec(p)));
  await expect(row(page, 'Parameters')).toHaveText(figures.map((a) => count(a.params)));
  // MACs in G, as the header says them; the exact count on hover.
  await expect(row(page, 'MACs')).toHaveText(figures.map((a) => formatSI(a.macs)));
  for (const [i, a] of figures.entries()) await expect(row(page, 'MACs').nth(i)).toHaveAttribute('title', `${count(a.macs)} MACs`);
}

test('compares ResNet-50, ResNeXt-50 and Wide ResNet-50-2 against the core, adds and removes columns', async ({ page }) => {
  // Three ResNet-50-sized models built and timed on the model's thread: about a minute on a loaded 2-core machine.
  test.setTimeout(240_000);
  await openModel(page, 'model=resnet18');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 1', { exact: true }).selectOption('preset:resnet50');
  await page.getByLabel('Variant 2', { exact: true }).selectOption('preset:resnext50_32x4d');
  await page.getByLabel('Variant 3', { exact: true }).selectOption('preset:wide_resnet50_2');
  await expectColumns(page, ['resnet50', 'resnext50_32x4d', 'wide_resnet50_2']);
  await expect(row(page, 'ImageNet top-1')).toHaveText(['80.858%', '81.198%', '81.602%']);
  await expect(row(page, 'ImageNet top-5')).toHaveText(['95.434%', '95.34%', '95.758%']);
  await expect(row(page, 'Weighted depth')).toHaveText(['50', '50', '50']);
  // Where ResNeXt differs from ResNet-50 is highlighted: every stage (groups), not the stem.
  await expect(page.locator('.cmp-cell.diff[data-column="1"]')).toHaveCount(4);
  await expect(page.locator('.cmp-cell[data-column="1"][data-row="stem"].diff')).toHaveCount(0);

  await page.getByRole('button', { name: 'Add variant' }).click();
  await expect(page.getByLabel('Variant 4', { exact: true })).toHaveValue('preset:resnet18');
  await expectColumns(page, ['resnet50', 'resnext50_32x4d', 'wide_resnet50_2', 'resnet18']);
  await expect(page.getByRole('button', { name: 'Add variant' })).toBeDisabled();
  await page.getByRole('button', { name: 'Remove variant 2' }).click();
  await expectColumns(page, ['resnet50', 'wide_resnet50_2', 'resnet18']);
  await expect(row(page, 'Latency (measured)')).toHaveText([/\d+ ms/, /\d+ ms/, /\d+ ms/], { timeout: 120_000 });
  await page.screenshot({ path: 'test-results/compare.png' });
});

test('the comparison lives in the URL', async ({ page, context }) => {
  await openModel(page, 'model=resnet34');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 2', { exact: true }).selectOption('preset:resnet152');
  await page.getByRole('button', { name: 'Remove variant 3' }).click();
  await expect(page).toHaveURL(/view=compare/);
  const other = await context.newPage();
  await other.goto(page.url());
  await expectColumns(other, ['resnet50', 'resnet152']);
  // The model being built is kept beside it.
  await other.getByRole('tab', { name: 'Build' }).click();
  await expect(other.getByTestId('total-params')).toHaveText('21,797,672');
  // Its history entry is written after the paint: Back steps from it once it is there.
  await expect(other).not.toHaveURL(/view=compare/);
  await other.goBack();
  await expectColumns(other, ['resnet50', 'resnet152']);
});

test('removing a column frees its model; closing the comparison frees them all', async ({ page }) => {
  await openModel(page, 'model=custom&block=basic&stages=1-16-1,1-32-2&groups=1&wpg=64&stride=v1.5&stem=7-2-16-1&input=3x64x64&classes=10');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  // The compared models live on the live model's thread (its worker), beside the live model.
  const tensors = () => page.evaluate(async () => (await window.resnetExplorer.runner.memory()).numTensors);
  const idle = await tensors();
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 1', { exact: true }).selectOption('preset:resnet18');
  await page.getByLabel('Variant 2', { exact: true }).selectOption('built');
  await page.getByLabel('Variant 3', { exact: true }).selectOption('built');
  const settled = () =>
    poll(() => page.evaluate(() => window.resnetExplorer.compared.getState().every((c) => c.status === 'ready')), { timeout: 120_000 }).toBe(true);
  await settled();
  const withTwo = await tensors();
  expect(withTwo).toBeGreaterThan(idle);
  await page.getByRole('button', { name: 'Remove variant 1' }).click();
  await settled();
  // The ResNet-18 column's model is gone; the two identical columns share one model.
  const withOne = await tensors();
  expect(withOne).toBeLessThan(withTwo);
  expect(withOne).toBeGreaterThan(idle);
  await page.getByRole('tab', { name: 'Build' }).click();
  await poll(tensors).toBe(idle);
});

test('a saved custom model can be picked in the comparison', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByLabel('Stage 3 blocks').fill('5');
  await page.getByLabel('Model name').fill('ResNet-24 experiment');
  await page.getByRole('button', { name: 'Save model' }).click();
  await expect(page.getByText('Saved as “ResNet-24 experiment”')).toBeVisible();
  await page.getByLabel('Preset').selectOption('resnet50');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 2', { exact: true }).selectOption({ label: 'ResNet-24 experiment' });
  const spec = presetSpec('resnet18');
  spec.stages[2].blocks = 5;
  const custom = analyzeSpec(spec);
  await expect(row(page, 'Parameters').nth(1)).toHaveText(count(custom.params));
  await expect(row(page, 'MACs').nth(1)).toHaveText(formatSI(custom.macs));
  await expect(row(page, 'MACs').nth(1)).toHaveAttribute('title', `${count(custom.macs)} MACs`);
  // It is still there after a reload.
  await page.reload();
  await expect(page.getByLabel('Variant 2', { exact: true })).toHaveValue('saved:0');
});
