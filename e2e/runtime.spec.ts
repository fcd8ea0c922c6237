import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PARITY, paritySpec } from '../tests/parity';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { parseSpec, stateDictSchema, expandSpec, presetSpec } from '../src/core';
import { serializeSpec } from '../src/state/urlState';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';

const FIXTURES = new URL('../tests/fixtures/torchvision-parity/', import.meta.url);

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

async function switchTo(page: Page, name: 'webgl' | 'wasm' | 'cpu') {
  await page.getByLabel('Backend').selectOption(name);
  await expect(page.getByTestId('backend')).toHaveText(name);
  await ready(page);
}

async function loadWeightsFile(page: Page, path: URL | string, name?: string) {
  const buffer = readFileSync(path);
  await page.getByLabel('Weights').setInputFiles({ name: name ?? String(path).split('/').at(-1)!, mimeType: 'application/octet-stream', buffer });
}

test('picks WebAssembly over software WebGL, says why, and switches backends on request', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  // This machine's WebGL is SwiftShader: the app must prefer WebAssembly and say so.
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('software renderer');
  await expect(page.getByTestId('weights-status')).toContainText('Random weights');
  await switchTo(page, 'webgl');
  expect(await page.evaluate(() => window.resnetExplorer.runner.backendInUse())).toBe('webgl');
  await switchTo(page, 'cpu');
  expect(await page.evaluate(() => window.resnetExplorer.runner.backendInUse())).toBe('cpu');
});

// One page per backend, the fixtures one after another (a new page per fixture cost a cold start each).
for (const backend of ['wasm', 'webgl'] as const) {
  test(`on ${backend}, every parity fixture (${Object.keys(PARITY).join(', ')}) reproduces PyTorch's outputs within 1e-4`, async ({ page }) => {
    for (const key of Object.keys(PARITY)) {
      const parsed = parseSpec(paritySpec(PARITY[key]));
      if (!parsed.ok) throw new Error('fixture');
      await openModel(page, serializeSpec(parsed.value).toString());
      await ready(page);
      if (backend !== 'wasm') await switchTo(page, backend);
      await loadWeightsFile(page, new URL(`${key}.weights.safetensors`, FIXTURES));
      await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${key}.weights.safetensors`);
      await ready(page);

      const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, FIXTURES))));
      const get = (n: string) => ({ values: Array.from(readFloat32(io, io.entries.get(n)!)), shape: io.entries.get(n)!.shape });
      const input = get('input');
      const stages = parsed.value.stages.map((s, i) => [`layer${i + 1}`, `layer${i + 1}.${s.blocks - 1}.relu#${parsed.value.block === 'basic' ? 2 : 3}`]);
      const probes: Record<string, string> = Object.fromEntries([['stem', 'maxpool'], ...stages, ['pooled', 'avgpool']]);
      const out = await page.evaluate(
        ({ input, ids }) => window.resnetExplorer.runner.forwardRaw(input.values, input.shape, ids),
        { input, ids: Object.values(probes) },
      );
      const relErr = (a: number[], e: number[]) => {
        let d = 0;
        let m = 0;
        e.forEach((v, i) => ((d = Math.max(d, Math.abs(a[i] - v))), (m = Math.max(m, Math.abs(v)))));
        return d / m;
      };
      for (const [name, id] of Object.entries(probes)) {
        const expected = get(`expected.${name}`);
        expect(out.activations[id].values.length, name).toBe(expected.values.length);
        expect(relErr(out.activations[id].values, expected.values), `${key} ${name}`).toBeLessThan(1e-4);
      }
      expect(relErr(out.logits.flat(), get('expected.logits').values), `${key} logits`).toBeLessThan(1e-4);
      // The fast path (batch norm folded, fused conv + bias + ReLU), which plain predictions use: same probes.
      const fast = await page.evaluate(
        ({ input, ids }) => window.resnetExplorer.runner.forwardRaw(input.values, input.shape, ids, 'fast'),
        { input, ids: Object.values(probes) },
      );
      for (const [name, id] of Object.entries(probes)) expect(relErr(fast.activations[id].values, get(`expected.${name}`).values), `${key} fast ${name}`).toBeLessThan(1e-4);
      expect(relErr(fast.logits.flat(), get('expected.logits').values), `${key} fast logits`).toBeLessThan(1e-4);
      expect(await page.evaluate(() => window.resnetExplorer.runner.backendInUse())).toBe(backend);
    }
  });
}

test('saves weights PyTorch can load, and refuses files that do not fit without losing anything', async ({ page }) => {
  await openModel(page, 'model=resnet20');
  await ready(page);
  await page.getByRole('button', { name: 'Save weights' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  expect(download.suggestedFilename()).toBe('resnet20.safetensors');
  const saved = readFileSync((await download.path())!);
  const file = parseSafetensors(new Uint8Array(saved));
  const schema = stateDictSchema(expandSpec(presetSpec('resnet20')));
  expect([...file.entries.values()].map((e) => [e.name, e.shape, e.dtype])).toEqual(schema.map((p) => [p.key, p.shape, p.dtype]));

  // ResNet-20 weights into ResNet-32: refused, with an offer to switch. (The paper's small CIFAR nets: the
  // same checks as with ImageNet-sized files, at a hundredth of the bytes to save, copy and read.)
  await page.getByLabel('Preset').selectOption('resnet32');
  await ready(page);
  const logitsBefore = await page.evaluate(() => window.resnetExplorer.runner.forwardRaw(new Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]).then((r) => r.logits[0].slice(0, 5)));
  await page.getByLabel('Weights').setInputFiles({ name: 'resnet20.safetensors', mimeType: 'application/octet-stream', buffer: saved });
  const problem = page.getByTestId('weights-problem');
  await expect(problem).toContainText('resnet20.safetensors was not loaded; the model keeps its current weights');
  await expect(problem).toContainText('Missing');
  await expect(page.getByTestId('weights-status')).toContainText('Random weights');
  const logitsAfter = await page.evaluate(() => window.resnetExplorer.runner.forwardRaw(new Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]).then((r) => r.logits[0].slice(0, 5)));
  expect(logitsAfter).toEqual(logitsBefore);
  await problem.getByRole('button', { name: 'Switch to ResNet-20 and load it' }).click();
  await expect(page.getByLabel('Preset')).toHaveValue('resnet20');
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from resnet20.safetensors');

  // A truncated file and random bytes: a clear message, the trained weights stay.
  await page.getByLabel('Weights').setInputFiles({ name: 'cut.safetensors', mimeType: 'application/octet-stream', buffer: saved.subarray(0, 5000) });
  await expect(page.getByTestId('weights-problem')).toContainText('truncated');
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from resnet20.safetensors');
  await page.getByLabel('Weights').setInputFiles({ name: 'noise.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)) });
  await expect(page.getByTestId('weights-problem')).toContainText('noise.safetensors was not loaded');
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from resnet20.safetensors');
});

test('no tensor leaks on WebGL: 20 rebuilds and two weight loads return to the baseline', async ({ page }) => {
  await openModel(page, 'model=custom&block=basic&stages=1-16-1,1-32-2&groups=1&wpg=64&stride=v1.5&stem=7-2-16-1&input=3x64x64&classes=10');
  await ready(page);
  await switchTo(page, 'webgl');
  // Live tensors, data buffers and their bytes. (WebGL's texture pool, and how much of the data sits in
  // packed textures at a moment, vary with use and are not leaks.)
  const memory = () =>
    page.evaluate(() => {
      return window.resnetExplorer.runner.memory();
    });
  const baseline = await memory();
  for (let i = 0; i < 20; i++) {
    const classes = i % 2 ? 10 : 11;
    await page.getByLabel('Classes').fill(String(classes));
    // Leaving the field hands the edit over at once (else it waits for a pause).
    await page.getByLabel('Classes').press('Tab');
    // The rebuilt model is ready (a small model builds faster than a poll for its brief 'building' status).
    await page.waitForFunction((n) => {
      const s = window.resnetExplorer.runner.getState();
      return s.status === 'ready' && s.model?.spec.numClasses === n;
    }, classes);
    await ready(page);
  }
  await page.getByLabel('Classes').fill('10');
  await ready(page);
  expect(await memory()).toEqual(baseline);
  await page.getByRole('button', { name: 'Save weights' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  const bytes = readFileSync((await download.path())!);
  for (let i = 0; i < 2; i++) {
    await page.getByLabel('Weights').setInputFiles({ name: `w${i}.safetensors`, mimeType: 'application/octet-stream', buffer: bytes });
    await expect(page.getByTestId('weights-status')).toContainText(`w${i}.safetensors`);
    await ready(page);
  }
  expect(await memory()).toEqual(baseline);
});

test('a lost WebGL context is noticed, said, and the model rebuilt elsewhere with its weights', async ({ page }) => {
  const key = 'tiny-basic';
  const parsed = parseSpec(paritySpec(PARITY[key]));
  if (!parsed.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(parsed.value).toString());
  await ready(page);
  await switchTo(page, 'webgl');
  await loadWeightsFile(page, new URL(`${key}.weights.safetensors`, FIXTURES));
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights');
  await ready(page);
  const input = new Array(3 * 64 * 64).fill(0).map((_, i) => Math.sin(i));
  const run = () => page.evaluate((x) => window.resnetExplorer.runner.forwardRaw(x, [1, 3, 64, 64]).then((r) => r.logits[0]), input);
  const before = await run();
  expect(await page.evaluate(() => window.resnetExplorer.runner.loseWebGLContext())).toBe(true);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('WebGL context was lost');
  await ready(page);
  await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${key}.weights.safetensors`);
  const after = await run();
  after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 4));
});
