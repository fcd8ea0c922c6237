/**
 * The GPU training tests' helpers (e2e/train-gpu.spec.ts, e2e/train-webgpu.spec.ts): two small runs on the
 * Train tab, the training worker, and one SGD step of each PyTorch fixture run inside that worker.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, type Worker } from '@playwright/test';
import { bundleForPage } from '../bench/training';
import { TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec } from '../tests/cifar';
import { relativeError } from '../tests/parity';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { openModel } from './helpers';
import { tinyLibrary } from './tinyRuns';
import type { TrainPageApi } from './trainingPage';

const INDEX = JSON.parse(readFileSync(new URL('index.json', TRAIN_STEP_DIR), 'utf8')) as Record<string, { hyperparameters: { lr: number; momentum: number; weight_decay: number } }>;
export const run = (page: Page, i: number) => page.getByTestId(`train-run-${i}`);
export const step = async (page: Page, i: number) => Number(await run(page, i).getByTestId('run-step').getAttribute('data-step'));

/** Opens the Train tab (with `query` in the link) with two small runs (one with `one`) of `steps` steps. */
export async function twoSmallRuns(page: Page, query: string, steps: number, { one = false } = {}) {
  await page.addInitScript((lib) => localStorage.setItem('resnet-explorer.library', lib), JSON.stringify(tinyLibrary('Tiny plain', 'Tiny ResNet')));
  await openModel(page, `model=resnet18${query}`);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByRole('button', { name: 'Remove run 4' }).click();
  await page.getByRole('button', { name: 'Remove run 3' }).click();
  await page.getByLabel('Run 1 model').selectOption({ label: 'Tiny plain' });
  if (one) await page.getByRole('button', { name: 'Remove run 2' }).click();
  else await page.getByLabel('Run 2 model').selectOption({ label: 'Tiny ResNet' });
  for (const [label, value] of Object.entries({ Steps: String(steps), 'Batch size': '16', 'Test accuracy every': '100' })) await page.getByLabel(label, { exact: true }).fill(value);
}

export const trainingWorker = (page: Page): Worker => {
  const w = page.workers().find((x) => /trainWorker/.test(x.url()));
  if (!w) throw new Error('no training worker');
  return w;
};

/**
 * One SGD step of each fixture (or of `keys`), in the training worker on its own backend: the loss, every gradient and every
 * state_dict entry after the step, each within 1e-4 of PyTorch's (of the tensor's largest magnitude); and no
 * tensor left behind.
 */
export async function fixtureStepsMatchPyTorch(worker: Worker, backend: string, keys = Object.keys(TRAIN_STEP)) {
  await worker.evaluate(await bundleForPage('e2e/trainingPage.ts', { worker: true }));
  for (const key of keys) {
    const file = (suffix: string) => Array.from(readFileSync(new URL(`${key}.${suffix}.safetensors`, TRAIN_STEP_DIR)));
    const r = await worker.evaluate(
      async ({ spec, weights, batch, h }) => {
        const g = self as unknown as { __train: TrainPageApi; resnetExplorerTraining: { tf: typeof import('@tensorflow/tfjs-core') } };
        const t = g.__train;
        const tf = g.resnetExplorerTraining.tf;
        const before = tf.memory().numTensors;
        const parsed = t.parseSpec(spec);
        if (!parsed.ok) throw new Error('bad spec');
        const analysis = t.checkModel(parsed.value);
        if (!analysis.ok) throw new Error('bad model');
        const checked = t.checkWeights(Uint8Array.from(weights), analysis.value, t.stateDictSchema(analysis.value.graph));
        const b = t.readBatchFile(Uint8Array.from(batch), 10);
        const trainer = new t.Trainer(
          analysis.value,
          t.fixedBatchData(b.input, b.shape, b.labels, 10),
          { ...t.DEFAULT_TRAIN_CONFIG, lr: h.lr, momentum: h.momentum, weightDecay: h.weight_decay, batchSize: b.shape[0], steps: 1, decay: 'constant', evalEvery: 0, gradientNormEvery: 0 },
          { weights: checked },
        );
        const { loss, grads } = await trainer.gradients();
        const stepLoss = (await trainer.trainStep()).loss;
        const dict = await trainer.toStateDict();
        trainer.dispose();
        return {
          backend: tf.getBackend(),
          loss,
          stepLoss,
          grads: [...grads].map(([k, v]) => ({ key: k, data: Array.from(v) })),
          after: dict.filter((d) => d.dtype === 'F32').map((d) => ({ key: d.key, data: Array.from(d.data as Float32Array) })),
          leaked: tf.memory().numTensors - before,
        };
      },
      { spec: cifarFixtureSpec(TRAIN_STEP[key].config), weights: file('weights'), batch: file('batch'), h: INDEX[key].hyperparameters },
    );
    expect(r.backend).toBe(backend);
    const expected = parseSafetensors(new Uint8Array(file('expected')));
    const want = (name: string) => Array.from(readFloat32(expected, expected.entries.get(name)!));
    for (const l of [r.loss, r.stepLoss]) expect(Math.abs(l - want('loss')[0]) / want('loss')[0], `${key} loss`).toBeLessThan(1e-4);
    expect(r.grads.length).toBe([...expected.entries.keys()].filter((k) => k.startsWith('grad.')).length);
    for (const g of r.grads) expect(relativeError(g.data, want(`grad.${g.key}`)), `${key} grad.${g.key}`).toBeLessThan(1e-4);
    expect(r.after.length).toBeGreaterThan(10);
    for (const a of r.after) expect(relativeError(a.data, want(`after.${a.key}`)), `${key} after.${a.key}`).toBeLessThan(1e-4);
    expect(r.leaked).toBe(0);
  }
}

