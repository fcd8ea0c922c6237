/**
 * The Lab in Chromium, as a learner uses it: the paper's ResNet-20 (trained by PyTorch, one epoch on
 * Fashion-MNIST) dropped on the page as a .pth, its plain twin beside it from a file; blocks switched off give
 * PyTorch's test accuracies; the graph strikes them through; undo; the landscape fills in and is cancelled.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import { LESION } from '../tests/lesion';
import { openModel } from './helpers';

const F = new URL('../tests/fixtures/lesion/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, F));

async function dropFile(page: Page, name: string, buffer: Buffer) {
  const data = await page.evaluateHandle(
    ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name));
      return dt;
    },
    { name, bytes: [...buffer] },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

/** The accuracy a figures box shows once computed for the given switched-off set. */
async function accuracy(page: Page, net: 'primary' | 'twin', deleted: string): Promise<number> {
  const box = page.locator(`[data-testid="figures-${net}"][data-deleted="${deleted}"]`);
  await expect(box).not.toHaveAttribute('data-accuracy', '', { timeout: 180_000 });
  return Number(await box.getAttribute('data-accuracy'));
}

test('switching blocks off gives PyTorch’s accuracies; the graph strikes them through; the landscape fills in and is cancelled', async ({ page }) => {
  test.setTimeout(600_000);
  const spec = parseSpec(JSON.parse(fixture('resnet20.spec.json').toString()));
  if (!spec.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(spec.value).toString());
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await dropFile(page, 'resnet20.pth', fixture('resnet20.pth'));
  await expect(page.getByTestId('weights-status')).toContainText('resnet20.pth');

  await page.getByRole('tab', { name: 'Lab' }).click();
  await expect(page).toHaveURL(/view=lab/);
  await expect(page.getByTestId('lab-where')).toContainText('background worker');
  const want = LESION.resnet20;
  // Accuracy on the 2,000 test images: PyTorch's, give or take one image (a float tie).
  const close = (got: number, w: number) => expect(Math.abs(got - w) * 2000).toBeLessThanOrEqual(1.0001);
  close(await accuracy(page, 'primary', ''), want.whole.accuracy);
  await page.getByTestId('lab-twin-file').setInputFiles({ name: 'plain20.pth', mimeType: 'application/octet-stream', buffer: fixture('plain20.pth') });
  close(await accuracy(page, 'twin', ''), LESION.plain20.whole.accuracy);

  // layer2.1 off: both nets as PyTorch measured; a plain block that reshapes cannot be switched off, and says why.
  await page.locator('[data-block="layer2.1"]').click();
  await expect(page).toHaveURL(/off=layer2\.1/);
  close(await accuracy(page, 'primary', 'layer2.1'), want.single['layer2.1'].accuracy);
  close(await accuracy(page, 'twin', 'layer2.1'), LESION.plain20.single['layer2.1'].accuracy);
  await page.locator('[data-block="layer1.0"]').click();
  close(await accuracy(page, 'primary', 'layer1.0,layer2.1'), want.sets.find((s) => s.deleted.join() === 'layer1.0,layer2.1')?.accuracy ?? NaN);
  await page.locator('.lab-switches').getByRole('button', { name: 'Undo' }).click();
  await expect(page).toHaveURL(/off=layer2\.1(&|$)/);

  // The graph draws the switched-off block struck through.
  await page.getByRole('tab', { name: 'Build' }).click();
  await expect(page.getByTestId('lab-overlay')).toHaveAttribute('data-deleted', 'layer2.1');
  await expect(page.locator('[data-testid="lab-overlay"] [data-struck]').first()).toBeAttached();
  await page.getByRole('tab', { name: 'Lab' }).click();

  // The landscape: a small grid fills in point by point, with time left; Cancel stops it and keeps its points.
  await page.fill('#lab-steps', '7');
  await page.fill('#lab-images', '64');
  await page.getByTestId('run-surface').click();
  const progress = page.getByTestId('landscape-progress-surface-primary');
  await expect(progress).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await expect(progress).toContainText('s left');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeLessThan(49);
  await expect(page.locator('[data-testid="contour-map"][data-net="primary"] rect[data-loss]')).toHaveCount(done);
});
