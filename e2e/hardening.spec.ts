import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { count } from './fixtures';
import { openModel } from './helpers';
import { poll } from './poll';

const TINY = 'model=custom&block=basic&stages=1-16-1,1-32-2&groups=1&wpg=64&stride=v1.5&stem=7-2-16-1&input=3x64x64&classes=10';

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

test('invalid and extreme configs: a clear message each, and the model, URL and weights stay', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await ready(page);
  const url = page.url();
  const cases: [string, string, RegExp][] = [
    ['Stage 1 blocks', '0', /stage 1 blocks must be between 1 and 128, got 0/],
    ['Stage 2 blocks', '10000', /stage 2 blocks must be between 1 and 128, got 10000/],
    ['Stage 3 width', '1e9', /stage 3 width must be between 1 and 4096, got 1000000000/],
    ['Stage 4 width', 'wide', /stage 4 width must be a number, got "wide"/],
    ['Input height', '-5', /input height must be between 1 and 4096, got -5/],
    ['Groups', '2.5', /groups must be a whole number, got 2.5/],
  ];
  for (const [label, value, message] of cases) {
    const field = page.getByLabel(label, { exact: true });
    const before = await field.inputValue();
    await field.fill(value);
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
    await expect(page.getByTestId('total-params')).toHaveText(count(25_557_032));
    expect(page.url()).toBe(url);
    await field.fill(before);
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
  // Width 1 is small but valid: a real (tiny) model is built.
  await page.getByLabel('Stage 1 width', { exact: true }).fill('1');
  await expect(page.getByTestId('total-params')).not.toHaveText(count(25_557_032));
  await ready(page);
  // A 250M-parameter limit keeps giant models out before anything is allocated.
  await page.getByLabel('Stage 4 width', { exact: true }).fill('4096');
  await page.getByLabel('Stage 4 blocks', { exact: true }).fill('40');
  await expect(page.getByRole('alert').filter({ hasText: /more than a browser can hold/ })).toBeVisible();
});

test('tampered and truncated links say what is wrong and open a working model', async ({ page }) => {
  for (const q of ['model=custom&block=bottleneck&stages=3-64-1,4-12', 'model=resnet50&input=3x224', 'model=resnet50&stages=%ZZ', 'model=resnet50&groups=1e9']) {
    await page.goto(`/?${q}`);
    await expect(page.getByRole('alert').first()).toContainText("The link's model could not be opened");
    await expect(page.getByTestId('total-params')).toHaveText(count(25_557_032));
    await ready(page);
  }
});

test('soak: 100 inferences, 30 rebuilds, 10 weight loads and backend switches end at the memory baseline', async ({ page }) => {
  test.setTimeout(300_000);
  await openModel(page, TINY);
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: readFileSync(new URL('../public/samples/chelsea.png', import.meta.url)) });
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  const memory = async () => {
    // Every pass of the last run has ended (the thumbnails' pass follows the predictions, on the model's thread).
    await poll(() => page.evaluate(() => { const s = window.resnetExplorer.session.getState(); return s.status === 'done' && s.settled; })).toBe(true);
    return page.evaluate(async () => {
      const m = await window.resnetExplorer.runner.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    });
  };
  const baseline = await memory();
  await page.getByRole('tab', { name: 'Model' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  const weights = [...readFileSync((await download.path())!)];
  await page.evaluate(async (weights) => {
    const { runner, session, store } = window.resnetExplorer;
    const until = async (f: () => boolean) => {
      while (!f()) await new Promise((r) => setTimeout(r, 10));
    };
    const ready = () => until(() => runner.getState().status === 'ready');
    for (let i = 0; i < 100; i++) await session.run();
    for (let i = 0; i < 30; i++) {
      await runner.build(store.getState().analysis);
      await session.run();
    }
    for (let i = 0; i < 10; i++) {
      await runner.loadWeights(`w${i}.safetensors`, new Uint8Array(weights));
      await ready();
      await session.run();
    }
    for (const b of ['cpu', 'webgl', 'wasm'] as const) {
      await runner.setBackend(b);
      await ready();
      await session.run();
    }
  }, weights);
  expect(await memory()).toEqual(baseline);
});

/** A safetensors file from a header object and data bytes, however wrong the header is. */
function rawSafetensors(header: unknown, data: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.from(data)]);
}

test('hostile weights files through the real UI: each refused with its reason; model, weights, image and URL kept', async ({ page }) => {
  await openModel(page, TINY);
  await ready(page);
  await page.getByRole('tab', { name: 'Model' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  const good = readFileSync((await download.path())!);
  await page.getByLabel('Weights').setInputFiles({ name: 'mine.safetensors', mimeType: 'application/octet-stream', buffer: good });
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from mine.safetensors');
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  const predictions = await page.getByTestId('predictions').locator('li').allTextContents();
  await page.getByRole('tab', { name: 'Model' }).click();
  const url = page.url();

  const headerLength = Number(good.readBigUInt64LE(0));
  const header = JSON.parse(good.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const data = good.subarray(8 + headerLength);
  const edit = (f: (h: typeof header) => void) => {
    const h = JSON.parse(JSON.stringify(header)) as typeof header;
    f(h);
    return rawSafetensors(h, data);
  };
  const nan = Buffer.from(data);
  nan.writeFloatLE(NaN, header['conv1.weight'].data_offsets[0] + 8);
  const bigHeader = Buffer.from(good);
  bigHeader.writeBigUInt64LE(BigInt(good.length * 10), 0);
  const cases: [string, Buffer, RegExp][] = [
    ['truncated', good.subarray(0, good.length - 99), /truncated or corrupt/],
    ['header larger than the file', bigHeader, /the header claims \d+ bytes but the file has only/],
    ['offsets out of range', edit((h) => (h['fc.bias'].data_offsets = [data.length - 8, data.length + 32])), /outside the \d+ bytes of data/],
    ['overlapping tensors', edit((h) => (h['bn1.bias'].data_offsets = [...h['bn1.weight'].data_offsets])), /overlap/],
    ['NaN values', rawSafetensors(header, nan), /conv1\.weight has 1 NaN or infinite value/],
    ['unknown dtype', edit((h) => (h['conv1.weight'].dtype = 'F24')), /unknown dtype "F24"/],
    // Bytes in no weights format: refused for what they are, not blamed on the safetensors reader.
    ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 2654435761) % 256)), /Not a weights file this app reads: its first bytes are neither safetensors/],
  ];
  for (const [name, buffer, reason] of cases) {
    await page.getByLabel('Weights').setInputFiles({ name: `${name}.safetensors`, mimeType: 'application/octet-stream', buffer });
    const problem = page.getByTestId('weights-problem');
    await expect(problem).toContainText(`${name}.safetensors was not loaded; the model keeps its current weights`);
    await expect(problem).toContainText(reason);
    await expect(page.getByTestId('weights-status')).toContainText('Trained weights from mine.safetensors');
    expect(page.url()).toBe(url);
  }
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('preprocess')).toContainText('chelsea.png:');
  await expect(page.getByTestId('predictions').locator('li')).toHaveText(predictions);
});
