/**
 * Runs in the benchmark's page (bundled by bench/training.ts, with the app's own TensorFlow.js from
 * `window.resnetExplorer.tf`): trains a preset on the Fashion-MNIST subset the app serves and returns the
 * wall time of each step.
 */
import { checkModel, isPresetName, presetSpec } from '../src/core';
import { DEFAULT_TRAIN_CONFIG, Trainer, fashionMnistData, fetchFashionMnist, forDataset } from '../src/runtime/train';

async function benchTraining(preset: string, batchSize: number, warmup: number, steps: number): Promise<{ ms: number[]; loss: number[] }> {
  if (!isPresetName(preset)) throw new Error(`unknown preset ${preset}`);
  const data = fashionMnistData(await fetchFashionMnist(new URL('data/fashion-mnist-subset.bin.gz', document.baseURI).href));
  const checked = checkModel(forDataset(presetSpec(preset), data));
  if (!checked.ok) throw new Error(checked.errors[0].message);
  const trainer = new Trainer(checked.value, data, { ...DEFAULT_TRAIN_CONFIG, batchSize, steps: warmup + steps, evalEvery: 0, gradientNormEvery: 0 });
  const ms: number[] = [];
  const loss: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const r = await trainer.trainStep();
      if (i >= warmup) ms.push(r.ms);
      loss.push(r.loss);
    }
  } finally {
    trainer.dispose();
  }
  return { ms, loss };
}

(window as unknown as { __benchTraining: typeof benchTraining }).__benchTraining = benchTraining;
