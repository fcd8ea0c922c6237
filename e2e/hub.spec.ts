/**
 * ImageNet weights from the Hugging Face Hub, weights from a link, the weights kept in the browser, and the app
 * opening offline. Nothing touches the real network: the Hub's real URLs are routed to a real-shaped ResNet-18
 * state_dict made here (e2e/standInWeights.ts).
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { openModel, recordProgress } from './helpers';
import { standInWeights } from './standInWeights';
import { poll } from './poll';

const R18 = 'https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors';
const WEIGHTS = Buffer.from(standInWeights('resnet18'));
const CORS = { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' };

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

/** The top-5 as shown. */
async function predictions(page: Page): Promise<string> {
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  return (await page.getByTestId('predictions').textContent())!;
}

/** Serves the stand-in at the Hub's URLs, counting requests. */
async function serveHub(page: Page, handle: (route: Route) => Promise<void> = (r) => r.fulfill({ status: 200, headers: CORS, body: WEIGHTS })) {
  const requests: string[] = [];
  await page.route('https://huggingface.co/**', async (route) => {
    requests.push(route.request().url());
    await handle(route);
  });
  return requests;
}

test('ImageNet weights: say what and how much, download with progress, check, change the predictions, keep, delete', async ({ page }) => {
  const requests = await serveHub(page);
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  const random = await predictions(page);
  await expect(page.getByTestId('random-notice')).toBeVisible();
  const progress = await recordProgress(page);

  // Offered beside the random-weights notice, with what torchvision publishes for it.
  await expect(page.getByText('IMAGENET1K_V1 · top-1 69.8% · top-5 89.1% · resize 256').filter({ visible: true })).toBeVisible();
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  // (The Model tab, hidden, holds the same status.)
  await expect(page.getByTestId('download-summary').filter({ visible: true })).toHaveText('ResNet-18 · IMAGENET1K_V1 · 46.8 MB from huggingface.co');
  expect(requests).toEqual([]);
  await page.getByRole('button', { name: 'Download', exact: true }).click();

  await expect(page.getByTestId('random-notice')).toBeHidden({ timeout: 60_000 });
  expect(requests).toEqual([R18]);
  await expect(page.getByTestId('predictions')).not.toHaveText(random);
  await predictions(page);
  const shown = await progress();
  expect(shown.some((t) => /^[\d.]+ (B|kB|MB) \/ 46\.8 MB · [\d.]+ (B|kB|MB)\/s$/.test(t))).toBe(true);
  expect(shown.at(-1)).toMatch(/^46\.8 MB \/ 46\.8 MB · /);

  // The live-model panel says what the model holds, and lists the stored set.
  await page.getByRole('tab', { name: 'Model' }).click();
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1');
  const stored = page.getByTestId('stored-weights');
  await expect(stored.locator('li')).toHaveCount(1);
  await expect(stored).toContainText('ResNet-18 · IMAGENET1K_V1');
  await expect(stored).toContainText('46.8 MB');

  // Loading the same set again makes no request.
  await page.getByRole('button', { name: 'Use random weights' }).click();
  await expect(page.getByTestId('weights-status')).toContainText('Random weights');
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1');
  expect(requests).toHaveLength(1);

  await page.getByRole('button', { name: 'Delete ResNet-18 · IMAGENET1K_V1' }).click();
  await expect(page.getByTestId('stored-weights')).toBeHidden();
  await expect(page.getByText('None yet: downloaded weights are kept here')).toBeVisible();
  expect(await page.evaluate(async () => (await (await caches.open('resnet-explorer-weights-v1')).keys()).length)).toBe(0);

  // ResNet-50 offers V1 and V2 with their accuracy; the V2 set is announced with its size before anything is fetched.
  await page.getByLabel('Preset').selectOption('resnet50');
  await expect(page.getByText('IMAGENET1K_V1 · top-1 76.1% · top-5 92.9% · resize 256')).toBeVisible();
  await expect(page.getByText('IMAGENET1K_V2 · top-1 80.9% · top-5 95.4% · resize 232')).toBeVisible();
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await expect(page.getByTestId('download-summary')).toHaveText('ResNet-50 · IMAGENET1K_V2 · 102 MB from huggingface.co');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('download-summary')).toBeHidden();
  expect(requests).toHaveLength(1);

  // A custom model has no ImageNet weights.
  await page.getByLabel('Preset').selectOption('resnet18');
  await page.getByLabel('Classes').fill('10');
  await expect(page.getByRole('button', { name: 'Load ImageNet weights' })).toBeDisabled();
  await expect(page.getByText("ImageNet weights exist for torchvision's presets only")).toBeVisible();
});

test('cancel, HTTP 404 and a cut connection each say what happened, keep the weights and store nothing', async ({ page }) => {
  let mode: 'hold' | '404' | 'cut' = 'hold';
  let release: () => void = () => undefined;
  const requests = await serveHub(page, async (route) => {
    if (mode === 'hold') {
      // The server takes its time: the download is under way when the user cancels.
      await new Promise<void>((r) => (release = r));
      await route.fulfill({ status: 200, headers: CORS, body: WEIGHTS }).catch(() => undefined);
    } else if (mode === '404') {
      await route.fulfill({ status: 404, headers: CORS, body: 'Entry not found' });
    } else {
      // Half the file, while promising all of it: the connection broke.
      await route.fulfill({ status: 200, headers: { ...CORS, 'content-length': String(WEIGHTS.length) }, body: WEIGHTS.subarray(0, WEIGHTS.length / 2) });
    }
  });
  await openModel(page, 'model=resnet18');
  await ready(page);
  const before = await page.evaluate(() => window.resnetExplorer.runner.forwardRaw(new Float32Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]));
  const weightsUnchanged = async () => {
    await expect(page.getByTestId('weights-status')).toContainText('Random weights');
    const now = await page.evaluate(() => window.resnetExplorer.runner.forwardRaw(new Float32Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]));
    expect(now.logits).toEqual(before.logits);
    expect(await page.evaluate(async () => (await (await caches.open('resnet-explorer-weights-v1')).keys()).length)).toBe(0);
    await expect(page.getByText('None yet: downloaded weights are kept here')).toBeVisible();
  };

  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  await poll(() => requests.length).toBe(1);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('remote-message')).toContainText('Download cancelled; nothing was kept and the model keeps its weights.');
  await expect(page.getByRole('progressbar', { name: 'Download progress' })).toBeHidden();
  release();
  await weightsUnchanged();

  mode = '404';
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'huggingface.co has no such file (HTTP 404)' })).toContainText('drop it on this page');
  await weightsUnchanged();

  mode = 'cut';
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The connection to huggingface.co broke after' })).toContainText('the partial file was thrown away');
  await weightsUnchanged();
  expect(requests).toHaveLength(3);
});

test('weights from a link: https only, hosts outside the policy refused with a way out, a Hub link loads and is kept', async ({ page }) => {
  const requests = await serveHub(page);
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://localhost') && !r.url().startsWith('https://huggingface.co/')) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await openModel(page, 'model=resnet18');
  // The policy lets the page fetch from exactly the Hub's hosts, and nothing else from anywhere else.
  const csp = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!;
  expect(csp.split('; ').find((d) => d.startsWith('connect-src'))).toBe(
    "connect-src 'self' blob: data: https://huggingface.co https://*.huggingface.co https://hf.co https://*.hf.co",
  );
  expect(csp).toContain("default-src 'self'");
  await ready(page);
  const field = page.getByLabel('Link to a .safetensors or .pth file');
  const load = page.getByRole('button', { name: 'Load', exact: true });

  await field.fill('http://huggingface.co/x/model.safetensors');
  await load.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Only https:// links are accepted' })).toBeVisible();

  await field.fill('https://example.com/resnet18.pth');
  await load.click();
  await expect(page.getByRole('alert').filter({ hasText: 'lets it download only from the Hugging Face Hub' })).toContainText('drop it on this page');

  // Even asked directly, the browser's policy refuses other hosts (no request leaves), and the user is told.
  await page.evaluate(() =>
    window.resnetExplorer.remote.request({ url: 'https://example.com/resnet18.safetensors', name: 'resnet18.safetensors', approxBytes: null, preprocessing: null }),
  );
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The browser refused to download from example.com' })).toContainText('drop it on this page');
  expect(violations.join('\n')).toContain('https://example.com/resnet18.safetensors');

  // Not a weights file: the loader's own message.
  const notWeights = 'https://huggingface.co/someone/thing/resolve/main/notes.safetensors';
  await page.unroute('https://huggingface.co/**');
  await page.route('https://huggingface.co/**', async (route) => {
    requests.push(route.request().url());
    await route.fulfill({ status: 200, headers: CORS, body: route.request().url() === notWeights ? 'hello, these are not weights' : WEIGHTS });
  });
  await field.fill(notWeights);
  await load.click();
  await expect(page.getByTestId('download-summary')).toHaveText('notes.safetensors · size unknown from huggingface.co');
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByTestId('remote-message')).toContainText('notes.safetensors is not weights this model can use: Not a weights file: this is text.');
  await expect(page.getByTestId('weights-status')).toContainText('Random weights');

  const link = 'https://huggingface.co/someone/resnet18-run/resolve/main/best.safetensors';
  await field.fill(link);
  await load.click();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from best.safetensors', { timeout: 60_000 });
  await expect(page.getByTestId('stored-weights')).toContainText('best.safetensors');
  expect(requests.at(-1)).toBe(link);
  expect(foreign).toEqual([]);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit the app opens with no network, cross-origin isolated, and runs an image on its stored weights', async ({ page, context }) => {
    const requests = await serveHub(page);
    await openModel(page, 'model=resnet18');
    // The service worker has kept the app's files.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await ready(page);
    await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect(page.getByTestId('weights-status')).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1', { timeout: 60_000 });
    expect(requests).toHaveLength(1);

    await context.setOffline(true);
    const sent: string[] = [];
    context.on('request', (r) => sent.push(r.url()));
    await page.reload();
    await expect(page.getByTestId('architecture-graph')).toBeVisible();
    await ready(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('backend-reason')).toContainText('SIMD and threads');
    await expect(page.getByTestId('stored-weights')).toContainText('ResNet-18 · IMAGENET1K_V1');
    // The link names the set (`?weights=`): it comes back from the browser's store with no click.
    expect(new URL(page.url()).searchParams.get('weights')).toBe('resnet18.tv_in1k');
    await expect(page.getByTestId('weights-status')).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1', { timeout: 60_000 });
    await expect(page.getByTestId('remote-status')).toHaveAttribute('data-phase', 'done');
    await page.getByRole('tab', { name: 'Run' }).click();
    // The sample photos were kept too.
    await page.getByRole('button', { name: 'Cat' }).click();
    await predictions(page);
    await expect(page.getByTestId('random-notice')).toBeHidden();
    expect(requests).toHaveLength(1);
    expect(sent.filter((u) => !u.startsWith('http://localhost'))).toEqual([]);

    // A download asked for while offline says so, and the model keeps its weights.
    await page.getByRole('tab', { name: 'Model' }).click();
    await page.evaluate(() =>
      window.resnetExplorer.remote.request({ url: 'https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors', name: 'x', approxBytes: null, preprocessing: null }),
    );
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'You are offline' })).toBeVisible();
    await expect(page.getByTestId('weights-status')).toContainText('Trained weights from ResNet-18 · IMAGENET1K_V1');
    await context.setOffline(false);
  });
});
