import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, atInputSize, formatDelta, formatSI, presetSpec, totalsByPart } from '../src/core';
import { count } from './fixtures';
import { openModel } from './helpers';
import { poll } from './poll';

const table = (page: Page) => page.getByTestId('compare-table');
const row = (page: Page, name: string) => table(page).locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) }).locator('td');
const at = (n: number) => ({ height: n, width: n });

test('one input size for every variant: the built model’s by default, said in the header, switchable', async ({ page }) => {
  // A ResNet-50 built at 320×320, compared with the presets.
  await openModel(page, 'model=custom&block=bottleneck&stages=3-64-1,4-128-2,6-256-2,3-512-2&groups=1&wpg=64&stride=v1.5&stem=7-2-64-1&input=3x320x320&classes=1000');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 1', { exact: true }).selectOption('built');
  await page.getByLabel('Variant 2', { exact: true }).selectOption('preset:resnet50');
  await page.getByLabel('Variant 3', { exact: true }).selectOption('preset:resnext50_32x4d');
  await expect(page.getByLabel('Compare at')).toHaveValue('320×320');
  await expect(page.getByTestId('compare-size-note')).toContainText('320×320, the size of the model you are building');
  const r50at = (n: number) => analyzeSpec(atInputSize(presetSpec('resnet50'), at(n)));
  const x50at = (n: number) => analyzeSpec(atInputSize(presetSpec('resnext50_32x4d'), at(n)));
  await expect(row(page, 'MACs')).toHaveText([formatSI(r50at(320).macs), formatSI(r50at(320).macs), formatSI(x50at(320).macs)]);
  await expect(row(page, 'MACs').nth(2)).toHaveAttribute('title', `${count(x50at(320).macs)} MACs`);
  // Same architecture at the same size: no difference anywhere, in particular not in the stem.
  await expect(row(page, 'stem: Δ params / Δ MACs').nth(1)).toHaveText('±0 / ±0');
  await expect(page.locator('.cmp-cell.diff[data-column="1"]')).toHaveCount(0);

  await page.getByLabel('Compare at').selectOption('224×224');
  await expect(page).toHaveURL(/cmpsize=224x224/);
  await expect(page.getByTestId('compare-size-note')).toContainText('the model you are building takes 320×320');
  await expect(row(page, 'MACs')).toHaveText([formatSI(r50at(224).macs), formatSI(r50at(224).macs), formatSI(x50at(224).macs)]);
  await expect(row(page, 'MACs').nth(2)).toHaveAttribute('title', `${count(x50at(224).macs)} MACs`);
  // Differences in the Build view's format, the exact figure on hover.
  const base = totalsByPart(r50at(224));
  const next = totalsByPart(x50at(224));
  const d = (name: string, k: 'params' | 'macs') => next.find((p) => p.name === name)![k] - base.find((p) => p.name === name)![k];
  const cell = row(page, 'layer3: Δ params / Δ MACs').nth(2);
  await expect(cell).toHaveText(`${formatDelta(d('layer3', 'params'))} / ${formatDelta(d('layer3', 'macs'))}`);
  const signed = (n: number) => `${n > 0 ? '+' : ''}${count(n)}`;
  await expect(cell).toHaveAttribute('title', `${signed(d('layer3', 'params'))} parameters / ${signed(d('layer3', 'macs'))} MACs`);
  // The size survives a reload.
  await page.reload();
  await expect(page.getByLabel('Compare at')).toHaveValue('224×224');
});

test('compare is readable: text ≥ 12 px, a legend for the highlight, scatter labels apart, a stage opens to its blocks', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 3', { exact: true }).selectOption('preset:resnet152');
  await expect(page.getByTestId('compare-legend')).toContainText('Differs from variant 1');
  const sizes = await page.locator('.compare').evaluate((root) =>
    [...root.querySelectorAll('*')]
      .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) && e.getClientRects().length)
      .map((e) => [e.textContent!.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)] as const),
  );
  expect(sizes.length).toBeGreaterThan(50);
  expect(sizes.filter(([, px]) => px < 12)).toEqual([]);

  // ResNet-50 and ResNeXt-50 lie close together on the scatter: their labels do not overlap.
  const boxes = await page.getByTestId('accuracy-chart').locator('text.point-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes).toHaveLength(3);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `labels ${i} and ${j}`).toBe(false);
    }

  // The hint scrolls to the charts.
  await page.getByRole('button', { name: 'Charts below ↓' }).click();
  await expect(page.getByTestId('accuracy-chart')).toBeInViewport();

  // layer3 opens: each variant lists its own blocks (6, 6 and 36), side by side.
  const layer3 = page.locator('.cmp-cell[data-row="layer3"][data-column="0"]');
  await layer3.click();
  await expect(layer3).toHaveAttribute('aria-expanded', 'true');
  for (const [col, n] of [[0, 6], [1, 6], [2, 36]] as const)
    await expect(page.locator(`.cmp-cell[data-row="layer3"][data-column="${col}"] .cmp-block`)).toHaveCount(n);
  const block = page.locator('.cmp-cell[data-column="2"] [data-block="layer3.35"]');
  const a = analyzeSpec(presetSpec('resnet152'));
  const params = a.layers.filter((l) => l.layer.name.startsWith('layer3.35.')).reduce((s, l) => s + l.params, 0);
  await expect(block.locator('title')).toHaveText(new RegExp(`^layer3\\.35: ${count(params)} parameters`));
  await layer3.press('Enter');
  await expect(page.locator('.cmp-block')).toHaveCount(0);
});

test('the shared image runs through every column: stem and stage thumbnails per variant, replaced with the image', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: /Cat/ }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 1', { exact: true }).selectOption('preset:resnet18');
  await page.getByLabel('Variant 2', { exact: true }).selectOption('preset:resnet34');
  await page.getByRole('button', { name: 'Remove variant 3' }).click();
  for (const col of [0, 1]) {
    const thumbs = page.locator(`.cmp-cell[data-column="${col}"] image.cmp-thumb`);
    await expect(thumbs).toHaveCount(5, { timeout: 120_000 });
    const rows = await page.locator(`.cmp-cell[data-column="${col}"]:has(image.cmp-thumb)`).evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
    expect(rows).toEqual(['stem', 'layer1', 'layer2', 'layer3', 'layer4']);
    for (const v of await thumbs.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-output-mean'))))) expect(Number.isFinite(v)).toBe(true);
  }
  // ResNet-18 and ResNet-34 share a stem architecture but not their (seeded, random) weights' effect downstream.
  const means = () => page.locator('.cmp-cell[data-column="1"][data-row="layer4"] image.cmp-thumb').getAttribute('data-output-mean');
  const before = await means();
  await page.getByRole('tab', { name: 'Build' }).click();
  await page.getByRole('button', { name: /Coffee/ }).click();
  await expect(page.getByTestId('preprocess')).toContainText('coffee.png:', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Compare' }).click();
  await poll(means, { timeout: 120_000 }).not.toBe(before);
});

test('the variant picker groups the presets as the form does: torchvision apart from the paper’s CIFAR nets', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const picker = page.getByLabel('Variant 1', { exact: true });
  await expect(picker.locator('optgroup[label="CIFAR (He et al. 2016)"] option')).toHaveText(['ResNet-20', 'ResNet-32', 'ResNet-44', 'ResNet-56', 'ResNet-110', 'Plain-20', 'Plain-32', 'Plain-44', 'Plain-56']);
  await expect(picker.locator('optgroup[label="torchvision (ImageNet)"] option[value="preset:resnet56"]')).toHaveCount(0);
  await picker.selectOption('preset:plain56');
  await expect(row(page, 'Parameters').first()).toHaveText(count(analyzeSpec(presetSpec('plain56')).params));
});
