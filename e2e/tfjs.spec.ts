import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import type {} from '../src/consoleApi';
import { PARITY, loadParity, paritySpec } from '../tests/parity';
import { openModel } from './helpers';

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Drops files on the page at once, the way a browser does: one drop event carrying them all. */
async function dropFiles(page: Page, files: { name: string; buffer: Buffer }[]) {
  const data = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return dt;
  }, files.map((f) => ({ name: f.name, bytes: [...f.buffer] })));
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

test('the TensorFlow.js export opens back: both files picked or dropped give the same logits; one alone says what is missing', async ({ page }) => {
  const parsed = parseSpec(paritySpec(PARITY['tiny-basic']));
  if (!parsed.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(parsed.value).toString());
  await ready(page);
  const input = loadParity('tiny-basic').tensor('input');
  const logits = () =>
    page.evaluate((x) => window.resnetExplorer.runner.forwardRaw(x.values, x.shape).then((r) => r.logits.flat()), { values: Array.from(input.values), shape: input.shape });
  // PyTorch's trained weights for this net, so "Use random weights" has something to replace.
  await dropFiles(page, [{ name: 'tiny-basic.pth', buffer: readFileSync(new URL('../tests/fixtures/pth/tiny-basic.pth', import.meta.url)) }]);
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from tiny-basic.pth');
  await ready(page);
  const exported = await logits();

  await page.getByText('Export', { exact: true }).click();
  const [json, bin] = await Promise.all([
    page.waitForEvent('download', (d) => d.suggestedFilename() === 'model.json'),
    page.waitForEvent('download', (d) => d.suggestedFilename() === 'custom-resnet.weights.bin'),
    page.locator('.menu-items').getByRole('button', { name: 'TensorFlow.js model' }).click(),
  ]);
  const files = [
    { name: 'model.json', mimeType: 'application/json', buffer: readFileSync((await json.path())!) },
    { name: 'custom-resnet.weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync((await bin.path())!) },
  ];

  // New random weights: the model answers differently, until the export is opened again.
  await page.getByRole('button', { name: 'Use random weights' }).click();
  await ready(page);
  const random = await logits();
  expect(random).not.toEqual(exported);
  await page.getByLabel('Open spec').setInputFiles(files);
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from custom-resnet.weights.bin');
  await ready(page);
  expect(await logits()).toEqual(exported);

  await page.getByRole('button', { name: 'Use random weights' }).click();
  await ready(page);
  expect(await logits()).not.toEqual(exported);
  await dropFiles(page, files.map((f) => ({ name: f.name, buffer: f.buffer })));
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from custom-resnet.weights.bin');
  await ready(page);
  expect(await logits()).toEqual(exported);

  // Half an export changes nothing and says which file is missing.
  await page.getByLabel('Open spec').setInputFiles(files[0]);
  await expect(page.getByRole('alert').filter({ hasText: 'model.json: its weights file custom-resnet.weights.bin is missing' })).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await dropFiles(page, [{ name: files[1].name, buffer: files[1].buffer }]);
  await expect(page.getByRole('alert').filter({ hasText: 'custom-resnet.weights.bin holds TensorFlow.js weights without their layout' })).toBeVisible();
  await ready(page);
  expect(await logits()).toEqual(exported);

  // With another model on screen, the export's own architecture comes back with its weights.
  const params = await page.getByTestId('total-params').textContent();
  await page.getByLabel('Preset').selectOption('resnet18');
  await expect(page.getByTestId('total-params')).toHaveText('11,689,512');
  await page.getByLabel('Open spec').setInputFiles(files);
  await expect(page.getByTestId('total-params')).toHaveText(params!);
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from custom-resnet.weights.bin');
  await ready(page);
  expect(await logits()).toEqual(exported);
});
