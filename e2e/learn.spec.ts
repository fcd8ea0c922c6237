import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { presetSpec } from '../src/core';
import { clickNode, openModel } from './helpers';

async function download(page: Page, click: () => Promise<void>) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

test('each part of the graph explains itself with the numbers of the model on screen', async ({ page }) => {
  await openModel(page, 'model=resnet50&input=3x320x320');
  const about = page.getByTestId('explanation');
  await clickNode(page, 'conv1');
  await expect(about).toContainText('The stem');
  await expect(about).toContainText('320×320 image into 64 feature maps of 160×160');
  await expect(about).toContainText('halves that again to 80×80');
  await page.getByLabel('Find layer').fill('layer2.0.conv2');
  await page.getByLabel('Find layer').press('Enter');
  await expect(about).toContainText('A bottleneck block');
  await expect(about).toContainText('reduces 256 channels to 128');
  await clickNode(page, 'layer2.0.add');
  await expect(about).toContainText('The skip connection');
  await expect(about).toContainText('gradient');
  await clickNode(page, 'layer2.0.downsample.0');
  await expect(about).toContainText('A projection shortcut');
  await clickNode(page, 'fc');
  await expect(about).toContainText('The head');
  await expect(about).toContainText('2048 numbers to 1000 class scores');
});

test.describe('first visit', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a guided tour walks through stem, body and head, and once dismissed never shows again', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const tour = page.getByTestId('tour');
    await expect(tour).toContainText('The stem');
    await expect(tour).toContainText('224×224 image into 64 feature maps of 56×56');
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toContainText('The body');
    await expect(tour).toContainText('4 stages of residual blocks (8 blocks in all)');
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toContainText('The head');
    await expect(page.getByTestId('layer-details')).toContainText('fc');
    await tour.getByRole('button', { name: 'Skip tour' }).click();
    await expect(tour).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('architecture-graph')).toBeVisible();
    await expect(tour).toHaveCount(0);
    await page.getByRole('button', { name: 'Guided tour' }).click();
    await expect(tour).toContainText('Step 1 of 4');
  });
});

test('switches to Korean and remembers it', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.getByText('프리셋', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '모두 펼치기' })).toBeVisible();
  await clickNode(page, 'fc');
  await expect(page.getByTestId('explanation')).toContainText('헤드');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByText('프리셋', { exact: true })).toBeVisible();
  await page.getByLabel('Language').selectOption('en');
  await expect(page.getByText('Preset', { exact: true })).toBeVisible();
});

test('takes the model home: PyTorch code, spec JSON (which opens again), TensorFlow.js model', async ({ page }) => {
  await openModel(page, 'model=resnext50_32x4d');
  await page.getByRole('button', { name: 'PyTorch code' }).click();
  const code = page.getByTestId('code');
  await expect(code).toContainText('def build_model():');
  await expect(code.locator('.hljs-keyword').first()).toBeVisible();
  const py = await download(page, () => page.getByRole('button', { name: /^Download .*\.py$/ }).click());
  expect(py.name).toBe('resnext50_32x4d.py');
  expect(py.text).toContain('groups=32,');
  expect(py.text).toContain('width_per_group=4,');
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Spec JSON' }).click();
  const json = await download(page, () => page.getByRole('button', { name: /^Download .*\.json$/ }).click());
  expect(JSON.parse(json.text)).toEqual(presetSpec('resnext50_32x4d'));
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByLabel('Preset').selectOption('resnet18');
  await expect(page.getByTestId('total-params')).toHaveText('11,689,512');
  await page.getByLabel('Open spec').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');
  await page.getByLabel('Open spec').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"block": "basic", "stages": []}') });
  await expect(page.getByRole('alert').filter({ hasText: 'bad.json is not a model spec' })).toBeVisible();
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');

  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const [a, b] = await Promise.all([
    page.waitForEvent('download', (d) => d.suggestedFilename() === 'model.json'),
    page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.weights.bin')),
    page.getByRole('button', { name: 'TensorFlow.js model' }).click(),
  ]);
  const manifest = JSON.parse(readFileSync((await a.path())!, 'utf8'));
  const bin = readFileSync((await b.path())!);
  const weights = manifest.weightsManifest[0].weights as { shape: number[]; dtype: string }[];
  const bytes = weights.reduce((n, w) => n + 4 * w.shape.reduce((x, y) => x * y, 1), 0);
  expect(bin.length).toBe(bytes);
  expect(manifest.modelTopology.spec).toEqual(presetSpec('resnext50_32x4d'));
});
