/**
 * Training in Chromium on WebAssembly, in the built app's page with its own TensorFlow.js: the Fashion-MNIST
 * subset the app serves loads with fetch, and one SGD step equals PyTorch's (tests/fixtures/train-step).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { bundleForPage } from '../bench/training';
import { TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec } from '../tests/cifar';
import type {} from '../src/consoleApi';
import type { TrainPageApi } from './trainingPage';
import { openModel } from './helpers';

declare global {
  interface Window {
    __train: TrainPageApi;
  }
}

const INDEX = JSON.parse(readFileSync(new URL('index.json', TRAIN_STEP_DIR), 'utf8')) as Record<string, { loss: number; hyperparameters: { lr: number; momentum: number; weight_decay: number } }>;

async function trainingPage(page: Page) {
  await openModel(page, 'model=resnet20');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await page.evaluate(await bundleForPage('e2e/trainingPage.ts'));
  // The live model has its own worker: the page's TensorFlow.js picks its backend as the Train tab does.
  expect((await page.evaluate(() => window.resnetExplorer.pageBackend())).name).toBe('wasm');
}

test('loads the shipped Fashion-MNIST subset with fetch and trains on it without leaking tensors', async ({ page }) => {
  await trainingPage(page);
  const r = await page.evaluate(async () => {
    const t = window.__train;
    const tf = window.resnetExplorer.tf;
    const set = await t.fetchFashionMnist();
    const data = t.fashionMnistData(set);
    const spec = t.parseSpec({ block: 'basic', stem: { kernel: 3, stride: 1, width: 4, maxPool: false }, stages: [{ blocks: 1, width: 4, stride: 1 }, { blocks: 1, width: 8, stride: 2 }], shortcut: 'A' });
    if (!spec.ok) throw new Error('bad spec');
    const analysis = t.checkModel(t.forDataset(spec.value, data));
    if (!analysis.ok) throw new Error('bad model');
    const before = tf.memory().numTensors;
    const trainer = new t.Trainer(analysis.value, data, { ...t.DEFAULT_TRAIN_CONFIG, batchSize: 16, steps: 3, evalEvery: 3 });
    const steps: { loss: number; testAccuracy?: number }[] = [];
    const end = await trainer.run((s) => steps.push({ loss: s.loss, testAccuracy: s.testAccuracy }));
    trainer.dispose();
    return { counts: [set.train.count, set.test.count], end, steps, leaked: tf.memory().numTensors - before, backend: tf.getBackend() };
  });
  expect(r.counts).toEqual([10000, 2000]);
  expect(r.backend).toBe('wasm');
  expect(r.end).toEqual({ reason: 'done', step: 3 });
  expect(r.steps[0].loss).toBeGreaterThan(1.5);
  expect(r.steps[2].testAccuracy).toBeGreaterThanOrEqual(0);
  expect(r.leaked).toBe(0);
});

test('one SGD step in Chromium on WebAssembly equals PyTorch\'s (option A net)', async ({ page }) => {
  const key = 'cifar-resnet8-A';
  await trainingPage(page);
  const file = (suffix: string) => Array.from(readFileSync(new URL(`${key}.${suffix}.safetensors`, TRAIN_STEP_DIR)));
  const r = await page.evaluate(
    async ({ spec, weights, batch, h }) => {
      const t = window.__train;
      const parsed = t.parseSpec(spec);
      if (!parsed.ok) throw new Error('bad spec');
      const analysis = t.checkModel(parsed.value);
      if (!analysis.ok) throw new Error('bad model');
      const checked = t.checkWeights(Uint8Array.from(weights), analysis.value, t.stateDictSchema(analysis.value.graph));
      const b = t.readBatchFile(Uint8Array.from(batch), 10);
      const data = t.fixedBatchData(b.input, b.shape, b.labels, 10);
      const trainer = new t.Trainer(
        analysis.value,
        data,
        { ...t.DEFAULT_TRAIN_CONFIG, lr: h.lr, momentum: h.momentum, weightDecay: h.weight_decay, batchSize: b.shape[0], steps: 1, decay: 'constant', evalEvery: 0, gradientNormEvery: 0 },
        { weights: checked },
      );
      const step = await trainer.trainStep();
      const dict = await trainer.toStateDict();
      trainer.dispose();
      return { loss: step.loss, dict: dict.map((d) => ({ key: d.key, data: d.data instanceof BigInt64Array ? Array.from(d.data, Number) : Array.from(d.data) })) };
    },
    { spec: cifarFixtureSpec(TRAIN_STEP[key].config), weights: file('weights'), batch: file('batch'), h: INDEX[key].hyperparameters },
  );
  expect(Math.abs(r.loss - INDEX[key].loss) / INDEX[key].loss).toBeLessThan(1e-4);
  const { parseSafetensors, readFloat32 } = await import('../src/runtime/weights/safetensors');
  const expected = parseSafetensors(new Uint8Array(file('expected')));
  for (const { key: k, data } of r.dict) {
    const e = expected.entries.get(`after.${k}`)!;
    const want = e.dtype === 'I64' ? [1] : Array.from(readFloat32(expected, e));
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const diff = data.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
    expect(diff / scale, k).toBeLessThan(1e-4);
  }
});
