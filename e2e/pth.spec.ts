import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import type {} from '../src/consoleApi';
import { PARITY, loadParity, paritySpec, relativeError } from '../tests/parity';
import { dropFile, openModel } from './helpers';

const PTH = new URL('../tests/fixtures/pth/', import.meta.url);

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

test('a torch.save .pth dropped on the page loads its weights; a hostile one picked is refused by name and changes nothing', async ({ page }) => {
  const parsed = parseSpec(paritySpec(PARITY['tiny-basic']));
  if (!parsed.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(parsed.value).toString());
  await ready(page);
  await expect(page.getByLabel('Weights')).toHaveAttribute('accept', /\.pth.*\.pt\b.*\.bin/);

  await dropFile(page, 'tiny-basic.pth', readFileSync(new URL('tiny-basic.pth', PTH)));
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from tiny-basic.pth');
  await ready(page);
  const { tensor } = loadParity('tiny-basic');
  const input = tensor('input');
  const logits = () => page.evaluate((x) => window.resnetExplorer.runner.forwardRaw(x.values, x.shape).then((r) => r.logits.flat()), { values: Array.from(input.values), shape: input.shape });
  const loaded = await logits();
  expect(relativeError(loaded, tensor('expected.logits').values)).toBeLessThan(1e-4);

  await page.getByLabel('Weights').setInputFiles({ name: 'evil-os-system.pth', mimeType: 'application/octet-stream', buffer: readFileSync(new URL('evil-os-system.pth', PTH)) });
  const problem = page.getByTestId('weights-problem');
  await expect(problem).toContainText('evil-os-system.pth was not loaded; the model keeps its current weights');
  await expect(problem).toContainText('Not a loadable PyTorch file (a torch.save zip archive): refused: the file asks to run posix.system');
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from tiny-basic.pth');
  expect(await logits()).toEqual(loaded);

  // A bogus .pth (a note saved under the name) is refused for what its bytes are, not as a broken safetensors file;
  // a torch.save file cut short is refused by the PyTorch reader, which says which of its formats it read.
  await page.getByLabel('Weights').setInputFiles({ name: 'bogus.pth', mimeType: 'application/octet-stream', buffer: Buffer.from('these are my notes, not weights\n') });
  await expect(problem).toContainText('bogus.pth was not loaded');
  await expect(problem).toContainText('Not a weights file: this is text. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).');
  await expect(problem).not.toContainText('Not a readable safetensors file');
  const legacy = readFileSync(new URL('tiny-basic.legacy.pth', PTH));
  await page.getByLabel('Weights').setInputFiles({ name: 'cut.pth', mimeType: 'application/octet-stream', buffer: legacy.subarray(0, legacy.length - 500) });
  await expect(problem).toContainText('cut.pth was not loaded');
  await expect(problem).toContainText(/Not a loadable PyTorch file \(a legacy torch\.save pickle\): .*truncated/);
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from tiny-basic.pth');
  expect(await logits()).toEqual(loaded);
});
