import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, atInputSize, formatDelta, presetSpec, totalsByPart } from '../src/core';
import { count } from './fixtures';
import { openModel } from './helpers';

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
  await expect(row(page, 'MACs')).toHaveText([count(r50at(320).macs), count(r50at(320).macs), count(x50at(320).macs)]);
  // Same architecture at the same size: no difference anywhere, in particular not in the stem.
  await expect(row(page, 'stem: Δ params / Δ MACs').nth(1)).toHaveText('±0 / ±0');
  await expect(page.locator('.cmp-cell.diff[data-column="1"]')).toHaveCount(0);

  await page.getByLabel('Compare at').selectOption('224×224');
  await expect(page).toHaveURL(/cmpsize=224x224/);
  await expect(page.getByTestId('compare-size-note')).toContainText('the model you are building takes 320×320');
  await expect(row(page, 'MACs')).toHaveText([count(r50at(224).macs), count(r50at(224).macs), count(x50at(224).macs)]);
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
