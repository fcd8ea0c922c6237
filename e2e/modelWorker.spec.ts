/**
 * The live model in its Web Worker, and on the page's thread with `?worker=off`: the same weights give
 * PyTorch's logits in both, a dropped picture gives predictions in both, the page keeps answering while a
 * ResNet-152 builds in the worker, the worker's tensors return to baseline, and a worker that dies is reported
 * and replaced without losing the spec.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PARITY, paritySpec, relativeError } from '../tests/parity';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { parseSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';
import { poll } from './poll';

const FIXTURES = new URL('../tests/fixtures/torchvision-parity/', import.meta.url);
const MODES = [
  { mode: 'worker', query: '', thread: 'worker', reason: 'in a worker' },
  { mode: 'main thread', query: '&worker=off', thread: 'main', reason: 'on the main thread: the page asked for it (worker=off)' },
] as const;

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
}

async function dropSample(page: Page, name: string) {
  const data = await page.evaluateHandle(
    ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      return dt;
    },
    { name, bytes: [...readFileSync(new URL(`../public/samples/${name}`, import.meta.url))] },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

const predictions = (page: Page) => page.getByTestId('predictions').locator('li').allTextContents();

for (const m of MODES) {
  test(`${m.mode}: fixture weights give PyTorch's logits, and a dropped picture gives predictions`, async ({ page }) => {
    const key = 'tiny-basic';
    const parsed = parseSpec(paritySpec(PARITY[key]));
    if (!parsed.ok) throw new Error('fixture');
    await openModel(page, `${serializeSpec(parsed.value).toString()}${m.query}`);
    await ready(page);
    expect(await page.evaluate(() => window.resnetExplorer.runner.getState().thread)).toBe(m.thread);
    await expect(page.getByTestId('backend-reason')).toContainText(m.reason);
    await page.getByLabel('Weights').setInputFiles({ name: `${key}.weights.safetensors`, mimeType: 'application/octet-stream', buffer: readFileSync(new URL(`${key}.weights.safetensors`, FIXTURES)) });
    await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${key}.weights.safetensors`);
    await ready(page);
    const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, FIXTURES))));
    const get = (n: string) => ({ values: Array.from(readFloat32(io, io.entries.get(n)!)), shape: io.entries.get(n)!.shape });
    const input = get('input');
    for (const path of ['fast', 'layers'] as const) {
      const out = await page.evaluate(({ input, path }) => window.resnetExplorer.runner.forwardRaw(input.values, input.shape, [], path), { input, path });
      expect(relativeError(out.logits.flat(), get('expected.logits').values), path).toBeLessThan(1e-4);
    }

    // A picture dropped on the page: decoded here, run on the model's thread, five predictions back.
    await dropSample(page, 'chelsea.png');
    await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
    expect((await predictions(page)).join(' ')).toMatch(/%/);
    await poll(() => page.evaluate(() => window.resnetExplorer.session.getState().thumbnails !== null), { timeout: 60_000 }).toBe(true);
  });
}

test('the page keeps answering while a ResNet-152 builds in the worker', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  // Count animation frames and note whether a click was handled while the model was building.
  await page.evaluate(() => {
    const w = window as unknown as { framesWhileBuilding: number; building: boolean };
    w.framesWhileBuilding = 0;
    const tick = () => {
      if (window.resnetExplorer.runner.getState().status === 'building') w.framesWhileBuilding++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByLabel('Preset').selectOption('resnet152');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'building');
  await poll(() => page.evaluate(() => window.resnetExplorer.runner.getState().progress), { timeout: 60_000 }).toBeGreaterThan(0);
  // While it builds: a tab switch is handled and the graph answers a search.
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByRole('tab', { name: 'Run' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Model' }).click();
  await expect(page.getByRole('tab', { name: 'Model' })).toHaveAttribute('aria-selected', 'true');
  const stillBuilding = await page.evaluate(() => window.resnetExplorer.runner.getState().status === 'building');
  const frames = await page.evaluate(() => (window as unknown as { framesWhileBuilding: number }).framesWhileBuilding);
  expect(frames).toBeGreaterThan(5);
  expect(stillBuilding).toBe(true);
  await ready(page);
  await expect(page.getByTestId('model-status')).toContainText('layers built');
});

test('the worker returns to its tensor baseline after 30 rebuilds and 100 inferences', async ({ page }) => {
  await openModel(page, 'model=custom&block=basic&stages=1-16-1,1-32-2&groups=1&wpg=64&stride=v1.5&stem=7-2-16-1&input=3x64x64&classes=10');
  await ready(page);
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().thread)).toBe('worker');
  await page.getByRole('tab', { name: 'Run' }).click();
  await dropSample(page, 'chelsea.png');
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  const settled = async () => {
    await poll(() => page.evaluate(() => { const s = window.resnetExplorer.session.getState(); return s.status === 'done' && s.settled && s.thumbnails !== null; })).toBe(true);
    return page.evaluate(() => window.resnetExplorer.runner.memory());
  };
  const baseline = await settled();
  expect(baseline.numTensors).toBeGreaterThan(0);
  await page.evaluate(async () => {
    const { runner, session, store } = window.resnetExplorer;
    for (let i = 0; i < 30; i++) await runner.build(store.getState().analysis);
    for (let i = 0; i < 100; i++) await session.run();
  });
  expect(await settled()).toEqual(baseline);
});

test('a worker that dies is reported, replaced, and the model rebuilt with the same spec', async ({ page }) => {
  await openModel(page, 'model=resnet18&input=3x64x64');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await dropSample(page, 'chelsea.png');
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  const url = page.url();

  await page.evaluate(() => window.resnetExplorer.runner.worker!.terminate());
  await page.getByRole('tab', { name: 'Model' }).click();
  await expect(page.getByTestId('runner-notice')).toContainText("The model's worker stopped unexpectedly; a new worker took over");
  await ready(page);
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().thread)).toBe('worker');
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().model!.spec.input)).toEqual({ channels: 3, height: 64, width: 64 });
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => window.resnetExplorer.runner.getState().model!.spec.stages.map((s) => s.blocks))).toEqual([2, 2, 2, 2]);
  // The picture runs again on the new worker.
  await poll(() => page.evaluate(() => window.resnetExplorer.session.getState().status), { timeout: 60_000 }).toBe('done');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
  await page.getByRole('tab', { name: 'Model' }).click();

  // A second death soon after, a worker ending itself without a word: the model moves to the page's thread, and says so.
  const worker = page.workers().filter((w) => /modelWorker/.test(w.url())).at(-1)!;
  await worker.evaluate(() => setTimeout(() => self.close()));
  await expect(page.getByTestId('runner-notice')).toContainText('it stopped twice, so the model now runs on the main thread');
  await ready(page);
  await expect(page.getByTestId('backend-reason')).toContainText("on the main thread: the model's worker stopped twice");
  const logits = await page.evaluate(() => window.resnetExplorer.runner.forwardRaw(new Float32Array(3 * 64 * 64).fill(0.5), [1, 3, 64, 64]));
  expect(logits.logits[0]).toHaveLength(1000);
  await page.getByRole('button', { name: 'Dismiss' }).first().click();
  await expect(page.getByTestId('runner-notice')).toHaveCount(0);
});
