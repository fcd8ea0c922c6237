/**
 * `?hub=` and `?weights=` together: the link names the weights the live model holds, by one parameter or the
 * other, never both, and a reload shows what the user had. `timm/resnet18.a1_in1k` is both a Hub model opened by
 * name and timm's recipe in *Load ImageNet weights* (the same file): each way keeps its own parameter. Nothing
 * touches the real network: the Hub's real URLs are routed to the config.json timm writes
 * (tests/fixtures/hub) and to real-shaped stand-ins (e2e/standInWeights.ts). ResNet-18's, not ResNet-50's: a
 * 102 MB body is more than Playwright's pipe to the browser carries (100 MB), and `timm/resnet18.a1_in1k` plays
 * the same part as `timm/resnet50.a1_in1k` (whose summary hub-open.spec.ts checks).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openModel } from './helpers';
import { standInWeights } from './standInWeights';
import { poll } from './poll';

const HUB = 'https://huggingface.co';
const A1 = 'timm/resnet18.a1_in1k';
const CORS = { 'access-control-allow-origin': '*' };
const FILES: Record<string, Buffer> = {
  [`${A1}/config.json`]: readFileSync(new URL('../tests/fixtures/hub/timm/resnet18.a1_in1k/config.json', import.meta.url)),
  [`${A1}/model.safetensors`]: Buffer.from(standInWeights('resnet18', 11)),
  'timm/resnet18.tv_in1k/model.safetensors': Buffer.from(standInWeights('resnet18', 12)),
};

/** Routes the Hub to FILES (404 for any other file), recording every GET and HEAD. */
async function serveHub(page: Page) {
  const requests: string[] = [];
  await page.route(`${HUB}/**`, async (route) => {
    const req = route.request();
    requests.push(`${req.method()} ${req.url()}`);
    const m = /^https:\/\/huggingface\.co\/(.+?)\/resolve\/main\/(.+)$/.exec(req.url());
    const body = m ? FILES[`${m[1]}/${m[2]}`] : undefined;
    if (!body) return route.fulfill({ status: 404, headers: CORS, body: 'Not found' });
    const headers = { ...CORS, 'content-type': m![2].endsWith('.json') ? 'application/json' : 'application/octet-stream', 'content-length': String(body.length) };
    await route.fulfill({ status: 200, headers, body: req.method() === 'HEAD' ? '' : body });
  });
  return requests;
}

const params = (page: Page) => {
  const q = new URL(page.url()).searchParams;
  return { model: q.get('model'), hub: q.get('hub'), weights: q.get('weights') };
};

async function weightsFrom(page: Page, name: string | RegExp) {
  await expect(page.getByTestId('weights-status')).toContainText(name, { timeout: 90_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('remote-status').first()).toHaveAttribute('data-phase', 'done');
}

const interpolation = (page: Page) => page.evaluate(() => window.resnetExplorer.session.getState().preprocessing.interpolation);

test('?hub= and ?weights= name the weights the model holds, one or the other, and a reload restores them with no request', async ({ page }) => {
  test.setTimeout(300_000);
  const requests = await serveHub(page);
  const gets = () => requests.filter((r) => r.startsWith('GET') && r.endsWith('.safetensors'));
  await openModel(page, 'model=resnet34');

  // Opened by name: ?hub= only.
  await page.getByLabel('Hub model (timm or transformers)').fill(A1);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await weightsFrom(page, `Trained weights from ${A1}`);
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: A1, weights: null });
  expect(gets()).toHaveLength(1);

  // A reload opens it again from the browser's store: no question, no request, its bicubic preprocessing.
  await page.reload();
  await weightsFrom(page, `Trained weights from ${A1}`);
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: A1, weights: null });
  expect(await interpolation(page)).toBe('bicubic');
  expect(requests.filter((r) => r.startsWith('GET'))).toHaveLength(2);

  // Load ImageNet weights on the same preset (torchvision's V1): ?weights= takes over, ?hub= goes.
  await page.getByRole('radio', { name: /IMAGENET1K_V1/ }).check();
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await weightsFrom(page, 'Trained weights from ResNet-18 · IMAGENET1K_V1');
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: null, weights: 'resnet18.tv_in1k' });
  expect(gets()).toHaveLength(2);

  await page.reload();
  await weightsFrom(page, 'Trained weights from ResNet-18 · IMAGENET1K_V1');
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: null, weights: 'resnet18.tv_in1k' });
  expect(await interpolation(page)).toBe('bilinear');

  // timm's recipe from Load ImageNet weights is the Hub model's file: kept already, it loads with no request and
  // is named by ?weights= (the model was not opened by name this time).
  await page.getByRole('radio', { name: /a1_in1k/ }).check();
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await weightsFrom(page, /Trained weights from ResNet-18 · .*a1_in1k/);
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: null, weights: 'resnet18.a1_in1k' });
  expect(await interpolation(page)).toBe('bicubic');

  // A link that names both opens the Hub model (it says the architecture too) and drops ?weights=.
  await openModel(page, `model=resnet34&hub=${encodeURIComponent(A1)}&weights=resnet18.tv_in1k`);
  await weightsFrom(page, `Trained weights from ${A1}`);
  await poll(() => params(page)).toEqual({ model: 'resnet18', hub: A1, weights: null });
  expect(gets()).toHaveLength(2);
  await expect(page.getByTestId('download-summary')).toHaveCount(0);
});
