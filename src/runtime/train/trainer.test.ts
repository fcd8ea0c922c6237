/** The Trainer's behaviour: learning, determinism, pause/resume/reset, divergence, refusals, memory, hand-off. */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModel, cifarSpec, parseSpec, presetSpec } from '../../core';
import { TRAIN_STEP, cifarFixtureSpec } from '../../../tests/cifar';
import { useNodeBackend as selectBackend } from '../backends/node';
import { fashionMnistData, forDataset, readBatchFile, type TrainingData } from '.';
import { readFashionMnist } from './fashionMnistNode';
import { DEFAULT_TRAIN_CONFIG, Trainer, TrainingError, assertCanTrain, type StepResult, type TrainConfig } from './trainer';

let data: TrainingData;
beforeAll(async () => {
  await selectBackend('wasm');
  data = fashionMnistData(await readFashionMnist());
});
afterAll(() => tf.disposeVariables());

/** A tiny CIFAR-style net (widths 4/8/16, one block per stage) on the data's input. */
function tiny(residual = true, shortcut: 'A' | 'B' = 'A') {
  const spec = parseSpec({ ...cifarFixtureSpec(TRAIN_STEP['cifar-resnet8-A'].config), residual, shortcut });
  if (!spec.ok) throw new Error('bad spec');
  const a = checkModel(forDataset(spec.value, data));
  if (!a.ok) throw new Error('bad model');
  return a.value;
}

const CONFIG: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, steps: 30, lr: 0.1, decay: 'constant', evalEvery: 0, gradientNormEvery: 0 };

describe('Trainer', () => {
  it('learns Fashion-MNIST: the loss falls from about ln 10, and the same seed gives the same run', async () => {
    const losses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const t = new Trainer(tiny(), data, CONFIG);
      const seen: number[] = [];
      const end = await t.run((r) => seen.push(r.loss));
      expect(end).toEqual({ reason: 'done', step: 30 });
      expect(t.status).toBe('done');
      losses.push(seen);
      t.dispose();
    }
    expect(losses[0]).toEqual(losses[1]);
    expect(losses[0][0]).toBeGreaterThan(1.8);
    const tail = losses[0].slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(tail).toBeLessThan(losses[0][0] - 0.5);
  });

  it('reports test accuracy every evalEvery steps and gradient norms per weighted layer', async () => {
    const analysis = tiny(true, 'B');
    const t = new Trainer(analysis, data, { ...CONFIG, steps: 4, evalEvery: 2, gradientNormEvery: 2 });
    const results: StepResult[] = [];
    await t.run((r) => results.push(r));
    expect(results.map((r) => r.testAccuracy !== undefined)).toEqual([false, true, false, true]);
    expect(results.map((r) => r.gradientNorms !== undefined)).toEqual([true, true, false, true]);
    const norms = results[0].gradientNorms!;
    const weighted = analysis.graph.layers.filter((l) => l.type === 'Conv2d' || l.type === 'Linear');
    expect(norms.map((n) => n.layer)).toEqual(weighted.map((l) => l.name));
    expect(norms.filter((n) => n.onShortcut).map((n) => n.layer)).toEqual(['layer2.0.downsample.0', 'layer3.0.downsample.0']);
    expect(norms.at(-1)!.depth).toBe(8);
    for (const n of norms) expect(n.norm).toBeGreaterThan(0);
    // The norms come from the step's own gradient, which `gradientFlow()` reproduces for fixed weights.
    const fresh = new Trainer(analysis, data, { ...CONFIG, steps: 4 });
    const flow = await fresh.gradientFlow();
    flow.forEach((f, i) => expect(f.norm).toBeCloseTo(norms[i].norm, 4));
    expect(results[3].testAccuracy).toBeGreaterThan(0.05);
    t.dispose();
    fresh.dispose();
  });

  it('pauses, resumes where it stopped and resets to the same start', async () => {
    const t = new Trainer(tiny(false), data, { ...CONFIG, steps: 6 });
    const first: number[] = [];
    const end = await t.run((r) => {
      first.push(r.loss);
      if (r.step === 2) t.pause();
    });
    expect(end).toEqual({ reason: 'paused', step: 2 });
    expect(t.status).toBe('paused');
    await t.run((r) => first.push(r.loss));
    expect(first).toHaveLength(6);
    t.reset();
    expect(t.step).toBe(0);
    const again: number[] = [];
    await t.run((r) => again.push(r.loss));
    expect(again).toEqual(first);
    t.dispose();
    expect(() => t.reset()).toThrow(TrainingError);
  });

  it('stops a diverging run with a message, counting no step for the NaN loss', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer(tiny(false), data, { ...CONFIG, lr: 1e37, momentum: 0.9, weightDecay: 0, steps: 50 });
    const reported: number[] = [];
    const end = await t.run((r) => reported.push(r.step));
    expect(reported.at(-1)).toBe(end.step);
    expect(reported.at(-2)).toBe(end.step);
    expect(end.reason).toBe('diverged');
    expect(end.message).toMatch(/^The loss became (NaN|Infinity) at step \d+ \(learning rate 1e\+37\): training stopped/);
    expect(t.status).toBe('diverged');
    expect(end.step).toBeLessThan(50);
    await expect(t.trainStep()).rejects.toThrow(/The loss became/);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad settings, data that does not fit and a batch too large, before allocating anything', () => {
    const before = tf.memory().numTensors;
    const analysis = tiny();
    expect(() => new Trainer(analysis, data, { ...CONFIG, lr: -1 })).toThrow(/^Learning rate must be a positive number \(got -1\)$/);
    expect(() => new Trainer(analysis, data, { ...CONFIG, momentum: 1, batchSize: 0 })).toThrow(/^Batch size must be a whole number of at least 1 \(got 0\); Momentum must be in \[0, 1\) \(got 1\)$/);
    const imagenet = checkModel(presetSpec('resnet18'));
    if (!imagenet.ok) throw new Error('bad');
    expect(() => new Trainer(imagenet.value, data, CONFIG)).toThrow(/takes 3×224×224 inputs but the data is 1×28×28; the model has 1000 classes but the data has 10/i);
    const big = checkModel(forDataset(cifarSpec(9, true), data));
    if (!big.ok) throw new Error('bad');
    expect(() => new Trainer(big.value, data, { ...CONFIG, batchSize: 4096 }, { memoryBudget: 512 * 2 ** 20 })).toThrow(
      /^A batch of 4096 needs about \d+ MB, more than the 512 MB allowed here; try a batch of \d+$/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never trains on a backend without the kernels it needs', () => {
    expect(() => assertCanTrain('wasm')).not.toThrow();
    expect(() => assertCanTrain('cpu')).not.toThrow();
    // WebGL's kernels are not loaded in Node: a backend missing them is named, never used silently.
    expect(() => assertCanTrain('webgl')).toThrow(/^The webgl backend cannot train: it has no Conv2D, .* kernels$/);
  });

  it('frees every tensor across 10 start/pause/reset cycles and dispose', async () => {
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const t = new Trainer(tiny(true, 'B'), data, { ...CONFIG, batchSize: 8, steps: 100, evalEvery: 2, gradientNormEvery: 1 });
    for (let i = 0; i < 10; i++) {
      const run = t.run((r) => r.step >= 2 && t.pause());
      await run;
      await t.gradientFlow();
      t.reset();
    }
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });

  it('hands its weights to the Run tab: the inference model computes what the trainer evaluates', async () => {
    const analysis = tiny(true, 'A');
    const t = new Trainer(analysis, data, { ...CONFIG, steps: 3 });
    await t.run();
    const model = await t.toInferenceModel();
    const batch = data.testBatch(0, 100);
    const x = tf.tensor4d(batch.input, [100, 28, 28, 1]);
    const { logits } = model.forward(x);
    const own = t.logits(x);
    const expected = (await own.data()) as Float32Array;
    const got = (await logits.data()) as Float32Array;
    const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0) / scale).toBeLessThan(1e-5);
    // The safetensors file holds the same state_dict, int64 batch counts included.
    const dict = await t.toStateDict();
    const saved = await model.toStateDict();
    expect(saved.map((d) => d.key)).toEqual(dict.map((d) => d.key));
    expect(dict.find((d) => d.key === 'bn1.num_batches_tracked')!.data).toEqual(BigInt64Array.from([3n]));
    tf.dispose([x, logits, own]);
    model.dispose();
    t.dispose();
  });

  it('reads a batch file and refuses labels outside the classes', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(new URL('../../../tests/fixtures/train-step/cifar-plain8.batch.safetensors', import.meta.url)));
    const b = readBatchFile(bytes, 10);
    expect(b.shape).toEqual([16, 1, 28, 28]);
    expect(Math.max(...b.labels)).toBeLessThan(10);
    expect(() => readBatchFile(bytes, 2)).toThrow(/label \d+ \(item \d+\) is not a class index below 2/);
  });
});
