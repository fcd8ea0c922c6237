/** Select and expand are separate; hidden panels are hidden; every export in one menu; the layer table in the app. */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, formatCount, presetSpec } from '../src/core';
import { membersOf } from '../src/layout/layout';
import type {} from '../src/consoleApi';
import { count } from './fixtures';
import { node, openModel } from './helpers';
import { poll } from './poll';

const details = (page: Page) => page.getByTestId('layer-details');

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Whether a node lies wholly inside the graph's visible canvas. */
async function inView(page: Page, key: string) {
  const canvas = (await page.getByTestId('architecture-graph').boundingBox())!;
  const b = (await node(page, key).boundingBox())!;
  return b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height;
}

test('a click selects a collapsed block and shows its summary; "+", a double-click or the + key expands it', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  const a = analyzeSpec(presetSpec('resnet50'));
  const members = membersOf(a, 'layer1.1');
  await node(page, 'layer1.1').click();
  // Still one node, now selected, and the inspector describes the block itself.
  await expect(node(page, 'layer1.1')).toHaveClass(/selected/);
  await expect(page.locator('[data-key^="layer1.1."]')).toHaveCount(0);
  await expect(details(page).getByRole('heading', { level: 2 })).toHaveText('layer1.1');
  await expect(details(page).getByTestId('selected-type')).toHaveText('Bottleneck');
  await expect(details(page).getByTestId('selected-shape')).toHaveText('256×56×56');
  await expect(details(page).getByTestId('selected-params')).toHaveText(count(members.reduce((n, m) => n + m.params, 0)));
  await expect(details(page).getByTestId('selected-macs')).toHaveText(count(members.reduce((n, m) => n + m.macs, 0)));
  await expect(details(page).getByTestId('explanation')).toContainText('A bottleneck block');
  // The details sit at the top of the panel, above the live model.
  const top = (await details(page).boundingBox())!.y;
  expect(top).toBeLessThan((await page.getByRole('heading', { name: 'Live model' }).boundingBox())!.y);
  expect(top).toBeLessThan(200);

  // The + key expands the focused block; its layers come into view and the block stays the selection.
  await node(page, 'layer1.1').focus();
  await page.keyboard.press('+');
  await expect(node(page, 'layer1.1.conv1')).toHaveAttribute('data-shape', '64×56×56');
  await poll(() => inView(page, 'layer1.1.conv1')).toBe(true);
  await expect(details(page).getByTestId('selected-type')).toHaveText('Bottleneck');
  // − on a layer collapses its block again, which becomes the selection.
  await node(page, 'layer1.1.conv2').focus();
  await page.keyboard.press('-');
  await expect(node(page, 'layer1.1')).toHaveClass(/selected/);
  await expect(page.locator('[data-key^="layer1.1."]')).toHaveCount(0);
  // The node's own "+" expands, and a double-click does too.
  await node(page, 'layer2.0').locator('[data-expand]').click();
  await expect(node(page, 'layer2.0.downsample.0')).toHaveAttribute('data-shape', '512×28×28');
  await node(page, 'layer3.2').focus();
  await node(page, 'layer3.2').dblclick();
  await expect(node(page, 'layer3.2.conv3')).toHaveAttribute('data-shape', '1024×14×14');
  await poll(() => inView(page, 'layer3.2.conv1')).toBe(true);
  // Enter and Space only select.
  await node(page, 'layer4.0').focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'layer4.0')).toHaveClass(/selected/);
  await expect(page.locator('[data-key^="layer4.0."]')).toHaveCount(0);
  await expect(details(page).getByTestId('selected-shape')).toHaveText('2048×7×7');
});

test('the Run tab shows only the Run panels; a collapsed stage shows its output feature maps', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  // The Model tab's panels are gone, not just pushed down.
  for (const heading of ['Live model', 'Take it home', 'Model']) await expect(page.getByRole('heading', { name: heading, exact: true })).toBeHidden();
  await expect(page.locator('.tab-model')).toHaveCSS('display', 'none');
  await page.getByRole('button', { name: 'Cat' }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  // layer3 collapsed: clicking it shows the feature maps of its output (its last block's ReLU).
  await node(page, 'layer3').click();
  await expect(page.locator('[data-key^="layer3."]')).toHaveCount(0);
  const maps = page.getByTestId('feature-maps');
  await expect(maps).toHaveAttribute('data-layer', 'layer3.35.relu');
  await expect(maps).toContainText('1024 channels of 14×14');
  await expect(page.getByTestId('selected-maps').getByRole('heading', { level: 2 })).toHaveText('Feature maps: layer3');
  // Back on the Model tab, its panels return and the Run panels go.
  await page.getByRole('tab', { name: 'Model' }).click();
  await expect(page.getByRole('heading', { name: 'Take it home' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Predictions' })).toBeHidden();
});

test('the Export menu holds every export: the graph, the layer table and the model as code or artifacts', async ({ page }) => {
  await openModel(page, 'model=resnext50_32x4d');
  await page.getByText('Export', { exact: true }).click();
  const menu = page.locator('.menu-items');
  await expect(menu.getByRole('button')).toHaveText(['Graph as SVG', 'Graph as PNG', 'Layer table as CSV', 'Layer table as Markdown', 'PyTorch code', 'Spec JSON', 'TensorFlow.js model', 'ONNX model']);
  await menu.getByRole('button', { name: 'PyTorch code' }).click();
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('code')).toContainText('groups=32,');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByText('Export', { exact: true }).click();
  await menu.getByRole('button', { name: 'Spec JSON' }).click();
  const [spec] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download .*\.json$/ }).click()]);
  expect(JSON.parse(readFileSync((await spec.path())!, 'utf8'))).toEqual(presetSpec('resnext50_32x4d'));
  await page.getByRole('button', { name: 'Close' }).click();
  await ready(page);
  await page.getByText('Export', { exact: true }).click();
  const [json] = await Promise.all([
    page.waitForEvent('download', (d) => d.suggestedFilename() === 'model.json'),
    menu.getByRole('button', { name: 'TensorFlow.js model' }).click(),
  ]);
  expect(JSON.parse(readFileSync((await json.path())!, 'utf8')).modelTopology.spec).toEqual(presetSpec('resnext50_32x4d'));
  // The ONNX file carries every weight (4 bytes each) under torchvision's names.
  await page.getByText('Export', { exact: true }).click();
  // (The TF.js export's weights file may still be arriving: wait for the ONNX file by its name.)
  const [onnx] = await Promise.all([page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.onnx')), menu.getByRole('button', { name: 'ONNX model' }).click()]);
  expect(onnx.suggestedFilename()).toBe('resnext50_32x4d.onnx');
  const bytes = readFileSync((await onnx.path())!);
  expect(bytes.length).toBeGreaterThan(4 * analyzeSpec(presetSpec('resnext50_32x4d')).params);
  expect(bytes.includes('layer1.0.downsample.0.weight')).toBe(true);
});

test('the layer table is viewable in the app and sorts by each column', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  const a = analyzeSpec(presetSpec('resnet18'));
  await page.getByRole('button', { name: 'Layer table' }).click();
  const table = page.getByTestId('layer-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(a.layers.length);
  await expect(rows.first().locator('td')).toHaveText(['conv1', 'Conv2d', '64×112×112', '9,408', '118,013,952']);
  await expect(table.locator('tfoot td').nth(2)).toHaveText(formatCount(a.params));
  const firstCell = (col: number) => rows.first().locator('td').nth(col);
  const sortBy = (name: string) => table.getByRole('columnheader', { name: new RegExp(`^${name}`) }).getByRole('button').click();

  // Parameters: largest first, then smallest first.
  const byParams = [...a.layers].sort((x, y) => y.params - x.params);
  await sortBy('Parameters');
  await expect(table.getByRole('columnheader', { name: /^Parameters/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(firstCell(0)).toHaveText(byParams[0].layer.name);
  await expect(firstCell(3)).toHaveText(formatCount(byParams[0].params));
  await sortBy('Parameters');
  await expect(table.getByRole('columnheader', { name: /^Parameters/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstCell(3)).toHaveText('0');
  // MACs, largest first.
  const byMacs = [...a.layers].sort((x, y) => y.macs - x.macs);
  await sortBy('MACs');
  await expect(firstCell(4)).toHaveText(formatCount(byMacs[0].macs));
  // Type, A to Z; layer names, in natural order.
  await sortBy('Type');
  await expect(firstCell(1)).toHaveText('AdaptiveAvgPool2d');
  await sortBy('Layer');
  await expect(firstCell(0)).toHaveText('avgpool');
  // Output shape, largest first: the stem's 64×112×112.
  await sortBy('Output shape');
  await expect(firstCell(2)).toHaveText('64×112×112');
  await page.getByRole('button', { name: 'Back to model order' }).click();
  await expect(firstCell(0)).toHaveText('conv1');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(table).toBeHidden();
});
