import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, presetSpec } from '../src/core';
import type {} from '../src/consoleApi';
import { node, openModel } from './helpers';
import { poll } from './poll';

const R18_NODES = analyzeSpec(presetSpec('resnet18')).layers.length + 1;
const graph = (page: Page) => page.getByTestId('architecture-graph');
const drawn = (page: Page) => graph(page).locator('.nodes [data-key]');
const withThumb = (page: Page) => graph(page).locator('.nodes [data-thumb]');

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

async function dropSample(page: Page, name: string) {
  const data = await page.evaluateHandle(
    ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      return dt;
    },
    { name, bytes: [...readFileSync(new URL(`../public/samples/${name}`, import.meta.url))] },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

/** The mean of a layer's output, computed by the live model itself on the session's input tensor. */
function runnerMean(page: Page, layerId: string) {
  // The layer's output for the session's image, computed on the model's thread apart from the thumbnails.
  return page.evaluate(async (id) => (await window.resnetExplorer.session.layerMeans([id]))[id], layerId);
}

async function expectMeanMatches(page: Page, key: string, layerId: string) {
  const shown = Number(await node(page, key).getAttribute('data-output-mean'));
  const expected = await runnerMean(page, layerId);
  expect(Math.abs(shown - expected), `${key}: ${shown} vs ${expected}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
}

test('after a run every drawn node carries its output: thumbnails with the runner’s values, residual bars, feature maps on click', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  await expect(withThumb(page)).toHaveCount(0);
  await dropSample(page, 'chelsea.png');
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);

  // Every drawn node (ResNet-18 opens expanded: the input and every layer) has one thumbnail.
  const count = await drawn(page).count();
  expect(count).toBe(R18_NODES);
  await expect(withThumb(page)).toHaveCount(count);
  await expect(graph(page).locator('.nodes image.thumb')).toHaveCount(count);
  await expect(page.getByTestId('activation-legend')).toHaveAttribute('data-count', String(count));
  for (const id of ['conv1', 'layer2.0.bn2', 'layer3.1.conv2', 'layer4.1.relu']) await expectMeanMatches(page, id, id);
  // Each of the 8 blocks shows ‖F(x)‖/‖x‖ on its add, the session's figure.
  const ratios = await page.evaluate(() => window.resnetExplorer.session.getState().result!.residual.map((r) => [r.block, r.ratio] as const));
  expect(ratios).toHaveLength(8);
  await expect(graph(page).locator('[data-ratio]')).toHaveCount(8);
  for (const [block, ratio] of ratios) expect(Number(await node(page, `${block}.add`).getAttribute('data-ratio'))).toBeCloseTo(ratio, 4);

  // Collapsed, a stage and a block show their last output.
  await page.locator('[data-collapse="layer3"]').focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'layer3')).toHaveAttribute('data-thumb', 'layer3.1.relu#2');
  await expectMeanMatches(page, 'layer3', 'layer3.1.relu#2');
  await expect(withThumb(page)).toHaveCount(await drawn(page).count());

  // The switch paints the strongest channel instead of the mean.
  const mean = await node(page, 'conv1').locator('image.thumb').getAttribute('href');
  await page.getByLabel('Strongest channel').check();
  await expect(node(page, 'conv1').locator('image.thumb')).not.toHaveAttribute('href', mean!);

  // A click on a thumbnail opens that layer's feature maps in the Run tab.
  await node(page, 'layer2.0.conv1').focus();
  await node(page, 'layer2.0.conv1').locator('image.thumb').click();
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-layer', 'layer2.0.conv1', { timeout: 60_000 });
  await expect(node(page, 'layer2.0.conv1')).toHaveClass(/selected/);
});

test('thumbnails belong to the image and the model: gone when the model changes, redrawn from the new one', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  await dropSample(page, 'chelsea.png');
  await expect(withThumb(page)).toHaveCount(R18_NODES);
  const tensors = () => page.evaluate(async () => (await window.resnetExplorer.runner.memory()).numTensors);
  const idle = await tensors();
  const catMean = Number(await node(page, 'layer4.1.relu').getAttribute('data-output-mean'));

  // Another image: new values, the runner's for that image.
  await dropSample(page, 'coffee.png');
  await expect(page.getByTestId('preprocess')).toContainText('coffee.png:');
  // (A node without a thumbnail has no mean yet: it counts as unchanged.)
  await poll(async () => Number((await node(page, 'layer4.1.relu').getAttribute('data-output-mean')) ?? catMean), { timeout: 60_000 }).not.toBe(catMean);
  await poll(() => page.evaluate(() => { const s = window.resnetExplorer.session.getState(); return s.status === 'done' && s.settled; })).toBe(true);
  await expectMeanMatches(page, 'layer4.1.relu', 'layer4.1.relu');
  // A run keeps no tensor of its thumbnails.
  expect(await tensors()).toBe(idle);

  // Another model: the old thumbnails go at once (before the new model is even built) ...
  await page.getByLabel('Preset').selectOption('resnet34');
  await expect(withThumb(page)).toHaveCount(0);
  await expect(page.getByTestId('activation-legend')).toHaveCount(0);
  // ... and the new model's run brings its own, on all of its drawn nodes.
  await poll(() => withThumb(page).count(), { timeout: 90_000 }).toBeGreaterThan(0);
  await expect(withThumb(page)).toHaveCount(await drawn(page).count());
  const key = await page.evaluate(() => window.resnetExplorer.session.getState().thumbnails!.modelKey);
  expect(JSON.parse(key).stages.map((s: { blocks: number }) => s.blocks)).toEqual([3, 4, 6, 3]);
});
