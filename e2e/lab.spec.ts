/**
 * The Lab in Chromium, as a learner uses it, on two tiny twins that PyTorch trained (tests/fixtures/lesion/
 * make_tiny_fixtures.py: 4 blocks, 8 and 16 channels, so that every study takes seconds): the residual one
 * dropped on the page as a .pth, its plain twin beside it from a file. Switching blocks off gives PyTorch's test
 * accuracies on the 2,000 test images and strikes the blocks through on the graph; the set is in the URL, undone
 * by Undo and by the browser's Back; "delete each block in turn" draws a bar per block, "delete k random blocks"
 * a band; the 1-D slice and the 2-D surface fill in (the surface is cancelled); the plain network's reshaping
 * block cannot be switched off and says why, in English and in Korean.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import { clickNode, dropFile, openModel } from './helpers';
import { poll } from './poll';

const F = new URL('../tests/fixtures/lesion/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, F));
interface Score {
  accuracy: number;
  loss: number;
}
type Tiny = Record<'tinyres' | 'tinyplain', { whole: Score; single: Record<string, Score>; sets: (Score & { deleted: string[] })[] }>;
const TINY = JSON.parse(fixture('tiny.json').toString()) as Tiny;

function query(net: 'tinyres' | 'tinyplain'): string {
  const spec = parseSpec(JSON.parse(fixture(`${net}.spec.json`).toString()));
  if (!spec.ok) throw new Error('fixture');
  return serializeSpec(spec.value).toString();
}

/** The live model from the URL, its trained weights dropped on the graph. */
async function openTiny(page: Page, net: 'tinyres' | 'tinyplain') {
  await openModel(page, query(net));
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await dropFile(page, `${net}.pth`, fixture(`${net}.pth`));
  await expect(page.getByTestId('weights-status')).toContainText(`${net}.pth`);
}

/** The accuracy a figures box shows once computed for the given switched-off set. */
async function accuracy(page: Page, net: 'primary' | 'twin', deleted: string): Promise<number> {
  const box = page.locator(`[data-testid="figures-${net}"][data-deleted="${deleted}"]`);
  await expect(box).not.toHaveAttribute('data-accuracy', '', { timeout: 60_000 });
  return Number(await box.getAttribute('data-accuracy'));
}

// Accuracy on the 2,000 test images: PyTorch's, give or take one image (a float tie).
const close = (got: number, want: number) => expect(Math.abs(got - want) * 2000).toBeLessThanOrEqual(1.0001);

test('switching blocks off: PyTorch’s accuracies, struck through on the graph, in the URL, undone; each block in turn, k random, the landscape', async ({ page }) => {
  test.setTimeout(300_000);
  await openTiny(page, 'tinyres');
  await page.getByRole('tab', { name: 'Lab' }).click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page.getByTestId('lab-where')).toContainText('background worker');
  const res = TINY.tinyres;
  const plain = TINY.tinyplain;
  close(await accuracy(page, 'primary', ''), res.whole.accuracy);
  await expect(page.getByTestId('figures-primary').getByTestId('accuracy')).toHaveText(`${(res.whole.accuracy * 100).toFixed(1)}%`);
  await page.getByTestId('lab-twin-file').setInputFiles({ name: 'tinyplain.pth', mimeType: 'application/octet-stream', buffer: fixture('tinyplain.pth') });
  close(await accuracy(page, 'twin', ''), plain.whole.accuracy);

  // layer2.1 off: both nets' figures update to PyTorch's; then layer1.1 too; Undo, Redo, and the browser's Back.
  await page.locator('[data-block="layer2.1"]').click();
  await expect(page).toHaveURL(/off=layer2\.1(&|$)/);
  await expect(page.locator('[data-block="layer2.1"]')).toHaveAttribute('aria-pressed', 'true');
  close(await accuracy(page, 'primary', 'layer2.1'), res.single['layer2.1'].accuracy);
  close(await accuracy(page, 'twin', 'layer2.1'), plain.single['layer2.1'].accuracy);
  await expect(page.getByTestId('figures-primary').getByTestId('accuracy')).toHaveText(`${(res.single['layer2.1'].accuracy * 100).toFixed(1)}%`);
  await page.locator('[data-block="layer1.1"]').click();
  await expect(page).toHaveURL(/off=layer1\.1%2Clayer2\.1/);
  const both = (n: keyof Tiny) => TINY[n].sets.find((s) => s.deleted.join() === 'layer1.1,layer2.1')!.accuracy;
  close(await accuracy(page, 'primary', 'layer1.1,layer2.1'), both('tinyres'));
  close(await accuracy(page, 'twin', 'layer1.1,layer2.1'), both('tinyplain'));
  const switches = page.locator('.lab-switches');
  await switches.getByRole('button', { name: 'Undo' }).click();
  await expect(page).toHaveURL(/off=layer2\.1(&|$)/);
  await switches.getByRole('button', { name: 'Redo' }).click();
  await expect(page).toHaveURL(/off=layer1\.1%2Clayer2\.1/);
  await page.goBack();
  await expect(page).toHaveURL(/off=layer2\.1(&|$)/);
  await expect(page.locator('[data-block="layer1.1"]')).toHaveAttribute('aria-pressed', 'false');
  close(await accuracy(page, 'primary', 'layer2.1'), res.single['layer2.1'].accuracy);

  // The graph draws the switched-off block struck through, and the block's own switch is there.
  await page.getByRole('tab', { name: 'Build' }).click();
  const overlay = page.getByTestId('lab-overlay');
  await expect(overlay).toHaveAttribute('data-deleted', 'layer2.1');
  await expect(overlay.locator('[data-struck]').first()).toBeVisible();
  const struck = await overlay.locator('[data-struck]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-struck')));
  expect(struck.length).toBeGreaterThan(0);
  expect(struck.every((k) => k!.startsWith('layer2.1'))).toBe(true);
  // From the graph: a selected block gets its switch and a way into the Lab.
  await clickNode(page, 'layer1.0.conv1');
  await page.getByTestId('graph-switch').click();
  await expect(page).toHaveURL(/off=layer1\.0%2Clayer2\.1/);
  await expect(overlay).toHaveAttribute('data-deleted', 'layer1.0,layer2.1');
  await page.getByTestId('graph-switch').click();
  await expect(overlay).toHaveAttribute('data-deleted', 'layer2.1');
  await page.getByTestId('graph-open-lab').click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page.locator('[data-block="layer2.1"]')).toHaveAttribute('aria-pressed', 'true');

  // Delete each block in turn: a bar per block for both nets (the plain twin's reshaping block a ×), each on
  // all 2,000 images and PyTorch's, and each whole net a line.
  await page.getByTestId('run-each').click();
  const bars = page.locator('[data-testid="each-chart"] [data-testid="each-series"][data-net="primary"] rect[data-block]');
  await expect(bars).toHaveCount(4, { timeout: 60_000 });
  await expect(page.getByTestId('each-progress-primary')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('each-progress-twin')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  for (const [net, fx] of [['primary', res], ['twin', plain]] as const) {
    const rects = page.locator(`[data-testid="each-series"][data-net="${net}"] rect[data-block]`);
    await expect(rects).toHaveCount(Object.keys(fx.single).length);
    for (const [b, want] of Object.entries(fx.single)) {
      const r = page.locator(`[data-testid="each-series"][data-net="${net}"] rect[data-block="${b}"]`);
      await expect(r).toHaveAttribute('data-count', '2000');
      close(Number(await r.getAttribute('data-accuracy')), want.accuracy);
    }
    close(Number(await page.locator(`[data-testid="each-series"][data-net="${net}"] [data-testid="whole-line"]`).getAttribute('data-accuracy')), fx.whole.accuracy);
  }
  await expect(page.locator('[data-testid="each-series"][data-net="twin"] text.cannot')).toHaveCount(1);

  // Delete k random blocks: for both nets, the mean over the draws and a band, k = 0 … 4 (3 for the plain twin).
  await page.fill('#lab-draws', '2');
  await page.getByTestId('run-random').click();
  await expect(page.getByTestId('random-progress-primary')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('random-progress-twin')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-testid="random-series"][data-net="primary"]')).toHaveAttribute('data-points', '5');
  await expect(page.locator('[data-testid="random-series"][data-net="twin"]')).toHaveAttribute('data-points', '4');
  await expect(page.locator('[data-testid="random-series"][data-net="primary"] path.band')).toHaveAttribute('d', /\d/);

  // Paths: how many of each length, and the gradient one path of each length carries (the residual net only).
  await page.fill('#lab-per-length', '2');
  await page.fill('#lab-batch', '16');
  await page.getByTestId('run-paths').click();
  await expect(page.getByTestId('paths-progress-primary')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('paths-progress-primary')).toHaveAttribute('data-total', '5');
  await expect(page.getByTestId('paths-says')).toContainText('2⁴ = 16 paths');
  await expect(page.locator('[data-testid="path-gradients"][data-net="primary"]')).toHaveAttribute('data-lengths', '5');
  await expect(page.locator('[data-testid="path-shares"][data-net="primary"] [data-testid="effective-range"]')).toHaveCount(1);

  // The landscape: a 1-D slice on a few images fills in for both nets (twice as fine as the surface's axis:
  // 2·5 − 1 points); a 2-D surface is cancelled and keeps its points.
  await page.fill('#lab-steps', '5');
  await page.fill('#lab-images', '32');
  await page.getByTestId('run-slice').click();
  await expect(page.getByTestId('landscape-progress-slice-primary')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('landscape-progress-slice-twin')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.locator('[data-testid="slice-series"][data-net="primary"]')).toHaveAttribute('data-computed', '9');
  await expect(page.locator('[data-testid="slice-series"][data-net="twin"]')).toHaveAttribute('data-computed', '9');
  await page.fill('#lab-steps', '21');
  await page.getByTestId('run-surface').click();
  const progress = page.getByTestId('landscape-progress-surface-primary');
  await expect(progress).toHaveAttribute('data-status', 'running');
  await poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect(progress).toContainText('left');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeLessThan(21 * 21);
  await expect(page.locator('[data-testid="contour-map"][data-net="primary"] rect[data-loss]')).toHaveCount(done);
});

test('a plain block that changes the shape cannot be switched off and says why, in English and in Korean', async ({ page }) => {
  test.setTimeout(180_000);
  await openTiny(page, 'tinyplain');
  await page.getByRole('tab', { name: 'Lab' }).click();
  const reshaping = page.locator('[data-block="layer2.0"]');
  await expect(reshaping).toBeDisabled({ timeout: 60_000 });
  await expect(reshaping).toHaveAttribute('title', /layer2\.0 turns .* and has no shortcut/);
  await expect(page.getByTestId('cannot-remove')).toContainText('layer2.0 turns');
  await expect(page.locator('[data-block="layer1.1"]')).toBeEnabled();
  close(await accuracy(page, 'primary', ''), TINY.tinyplain.whole.accuracy);

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(page.getByRole('heading', { name: '블록 끄기' })).toBeVisible();
  await expect(page.getByTestId('cannot-remove')).toContainText('layer2.0 블록은 모양을 바꾸는데');
  await expect(page.getByTestId('cannot-remove')).toContainText('지름길이 없습니다');
  await page.locator('[data-block="layer1.1"]').click();
  await expect(page).toHaveURL(/off=layer1\.1/);
  close(await accuracy(page, 'primary', 'layer1.1'), TINY.tinyplain.single['layer1.1'].accuracy);
  await expect(page.getByTestId('figures-primary')).toContainText('테스트 정확도');
});
