/**
 * The weights in the link: after *Load ImageNet weights* the URL names the set, a reload restores it from the
 * browser's store with no click and no request, and a link whose set is not stored here offers the download (the
 * usual confirmation) instead of showing random weights silently. A download that gets no answer says so in one
 * cause and gives the file's link. The Hub's real URLs are routed to a real-shaped stand-in (no network).
 */
import { expect, test, type Page } from '@playwright/test';
import { openModel } from './helpers';
import { standInWeights } from './standInWeights';

const R18 = 'https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors';
const CORS = { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' };

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

test('a reload or a shared link comes back with the ImageNet weights: from the store at once, else offered', async ({ page }) => {
  // Four page loads of a ResNet-18 with its weights: 90 s on a loaded 2-core machine.
  test.setTimeout(240_000);
  const body = Buffer.from(standInWeights('resnet18'));
  const requests: string[] = [];
  await page.route('https://huggingface.co/**', async (route) => {
    requests.push(route.request().url());
    await route.fulfill({ status: 200, headers: CORS, body });
  });
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const status = page.getByTestId('weights-status');
  await expect(status).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1', { timeout: 60_000 });
  await expect(page).toHaveURL(/[?&]weights=resnet18\.tv_in1k(&|$)/);
  expect(requests).toEqual([R18]);

  // A reload: the same weights, with no click and no request.
  await page.reload();
  await expect(status).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1', { timeout: 60_000 });
  await expect(page).toHaveURL(/weights=resnet18\.tv_in1k/);
  expect(requests).toEqual([R18]);

  // A colleague's browser, where the set is not stored: the download is offered, nothing is fetched unasked.
  await page.evaluate(() => caches.delete('resnet-explorer-weights-v1'));
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('download-summary').first()).toContainText('ResNet-18 · IMAGENET1K_V1');
  await expect(status).toContainText('Random weights');
  expect(requests).toEqual([R18]);
  await expect(page).toHaveURL(/weights=resnet18\.tv_in1k/);
  await page.getByRole('button', { name: 'Download', exact: true }).first().click();
  await expect(status).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1', { timeout: 60_000 });
  expect(requests).toEqual([R18, R18]);

  // The weights belong to the model: another model's link does not claim them.
  await page.getByLabel('Preset').selectOption('resnet34');
  await expect(page).not.toHaveURL(/weights=/);
});

test('a download that gets no answer says so in one cause, with the file’s link', async ({ page }) => {
  await page.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const message = page.getByTestId('remote-message').first();
  await expect(message).toContainText('Could not reach huggingface.co: check the connection and try again, or download the file yourself');
  await expect(message).not.toContainText('CORS');
  await expect(message.getByRole('link')).toHaveAttribute('href', R18);
  await expect(page.getByTestId('weights-status')).toContainText('Random weights');
});
