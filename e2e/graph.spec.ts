import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, presetSpec } from '../src/core';
import { node, openModel } from './helpers';

test('ResNet-152 opens collapsed to stages; stages and blocks expand and collapse', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  await expect(node(page, 'layer3')).toHaveAttribute('aria-label', /layer3: 36 × Bottleneck, 1024×14×14/);
  await expect(node(page, 'layer3')).toHaveAttribute('data-shape', '1024×14×14');
  await expect(node(page, 'conv1')).toHaveAttribute('data-shape', '64×112×112');
  // A click selects; the node's "+" expands.
  await node(page, 'layer3').click();
  await expect(page.getByTestId('layer-details').getByTestId('selected-type')).toHaveText('Sequential: 36 × Bottleneck');
  await expect(page.locator('[data-key^="layer3."]')).toHaveCount(0);
  await node(page, 'layer3').locator('[data-expand]').click();
  await expect(page.locator('[data-key^="layer3."]')).toHaveCount(36);
  // A double-click expands too.
  await node(page, 'layer3.0').dblclick();
  await expect(node(page, 'layer3.0.downsample.0')).toHaveAttribute('data-shape', '1024×14×14');
  await expect(node(page, 'layer3.0.conv2')).toHaveAttribute('data-shape', '256×14×14');
  await page.locator('[data-collapse="layer3"]').focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'layer3')).toBeVisible();
  await expect(node(page, 'layer3.0.conv2')).toHaveCount(0);

  await page.getByRole('button', { name: 'Expand all' }).click();
  const layers = analyzeSpec(presetSpec('resnet152')).layers;
  await expect(page.locator('[data-testid="architecture-graph"] [data-layer]')).toHaveCount(layers.length + 1);
  await expect(node(page, 'layer4.2.conv3')).toHaveAttribute('data-shape', '2048×7×7');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.locator('[data-testid="architecture-graph"] [data-layer]')).toHaveCount(1 + 4 + 4 + 2);
});

test('find a layer by name: it is revealed, selected and its details shown', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  await page.getByLabel('Find layer').fill('layer3.17.conv2');
  await page.getByLabel('Find layer').press('Enter');
  await expect(node(page, 'layer3.17.conv2')).toHaveClass(/selected/);
  const details = page.getByTestId('layer-details');
  await expect(details).toContainText('layer3.17.conv2');
  await expect(details.getByTestId('selected-shape')).toHaveText('256×14×14');
  await expect(details).toContainText('3×3');
  await expect(details).toContainText('589,824');
  await page.getByLabel('Find layer').fill('layer9');
  await page.getByLabel('Find layer').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('No layer named "layer9" in this model');
});

test('hovering shows a layer\'s details; the keyboard walks and selects nodes', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await node(page, 'conv1').hover();
  await expect(page.getByRole('tooltip')).toContainText('3×224×224 → 64×112×112');
  await expect(page.getByRole('tooltip')).toContainText('9,408 params');
  await node(page, 'input').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(node(page, 'bn1')).toBeFocused();
  await page.keyboard.press('Enter');
  const details = page.getByTestId('layer-details');
  await expect(details).toContainText('BatchNorm2d');
  await expect(details).toContainText('128');
  await page.keyboard.press('End');
  await expect(node(page, 'fc')).toBeFocused();
  await page.keyboard.press(' ');
  await expect(details).toContainText('Linear');
  await expect(details).toContainText('513,000');
});

test('the summary shows depth, weight size and a per-stage chart', async ({ page }) => {
  await openModel(page, 'model=resnet101');
  await expect(page.getByTestId('depth')).toHaveText('101');
  await expect(page.getByTestId('weight-size')).toHaveText('178.2 MB');
  await expect(page.getByTestId('stage-chart').locator('rect.bar-params')).toHaveCount(6);
});

async function downloadOf(page: Page, item: string) {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()]);
  return { name: download.suggestedFilename(), data: readFileSync((await download.path())!) };
}

test('exports the graph as SVG and PNG and the table as CSV and Markdown, files that open', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  const svg = await downloadOf(page, 'Graph as SVG');
  expect(svg.name).toBe('resnet18-graph.svg');
  const text = svg.data.toString('utf8');
  expect(text).toContain('data-layer="layer4.1.conv2"');
  // The theme's colours are resolved into the file, so it looks the same anywhere.
  expect(text).toMatch(/--c-Conv2d: #[0-9a-f]{6};/i);
  // The SVG renders as an image of the whole graph.
  const size = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(src)))}`;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, text);
  expect(size[0]).toBeGreaterThan(400);
  expect(size[1]).toBeGreaterThan(2000);

  const png = await downloadOf(page, 'Graph as PNG');
  expect(png.data.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(png.data.readUInt32BE(16)).toBeGreaterThan(800);
  expect(png.data.readUInt32BE(20)).toBeGreaterThan(4000);

  const csv = await downloadOf(page, 'Layer table as CSV');
  const rows = csv.data.toString('utf8').trim().split('\n');
  expect(rows[0]).toBe('Layer,Type,Output shape,Params,MACs');
  expect(rows[1]).toBe('conv1,Conv2d,64×112×112,9408,118013952');
  expect(rows).toHaveLength(analyzeSpec(presetSpec('resnet18')).layers.length + 1);

  const md = await downloadOf(page, 'Layer table as Markdown');
  const lines = md.data.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('| Layer | Type | Output shape | Params | MACs |');
  expect(lines.at(-1)).toContain('**11,689,512**');
});

test('the theme follows the system and can be switched', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openModel(page, 'model=resnet18');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await bg();
  await page.getByRole('button', { name: /Theme/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).not.toBe(dark);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
