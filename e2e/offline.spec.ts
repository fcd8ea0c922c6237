import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { analyzeSpec, presetSpec, type PresetName } from '../src/core';
import { DEFAULT_VARIANTS } from '../src/state/compareState';
import { count } from './fixtures';
import { openModel } from './helpers';

test('nothing leaves the machine: no request to another origin, a CSP allowing only its own, and it works offline once loaded', async ({ page, context, baseURL }) => {
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(baseURL!) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await openModel(page, 'model=resnet18');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  // Threads and SIMD survive the policy.
  await expect(page.getByTestId('backend-reason')).toContainText('SIMD and threads');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  await page.getByRole('tab', { name: 'Compare' }).click();
  // The default variants, with the core's figures.
  const params = page.getByTestId('compare-table').locator('tr', { has: page.getByRole('rowheader', { name: 'Parameters', exact: true }) }).locator('td');
  await expect(params).toHaveText(DEFAULT_VARIANTS.map((p) => count(analyzeSpec(presetSpec(p as PresetName)).params)));
  await page.getByRole('tab', { name: 'Build' }).click();

  await context.setOffline(true);
  await page.getByLabel('Preset').selectOption('resnet34');
  await expect(page.getByTestId('total-params')).toHaveText('21,797,672');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: readFileSync(new URL('../public/samples/coffee.png', import.meta.url)) });
  await expect(page.getByTestId('preprocess')).toContainText('coffee.png:');
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  // A sample photo has to be fetched: offline, that is said plainly.
  await page.getByRole('button', { name: 'Rocket' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'rocket.jpg could not be loaded' })).toBeVisible();
  await context.setOffline(false);

  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});
