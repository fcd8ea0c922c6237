import { expect, test } from '@playwright/test';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';

test('WebAssembly runs one thread per logical core and says how many', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(cores, 8);
  await expect(page.getByTestId('backend-reason')).toContainText(`SIMD and threads (${threads} thread${threads === 1 ? '' : 's'} on ${cores} cores)`);
  // The doubled count was shown to the backend only while it started: the page reads the real one again.
  expect(await page.evaluate(() => Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency'))).toBeUndefined();
});
