/**
 * Runs in the benchmark's page (bundled by bench/training.ts, with the app's own TensorFlow.js from
 * `window.resnetExplorer.tf`): trains a preset on the Fashion-MNIST subset the app serves and returns the
 * wall time of each step.
 */
import { checkModel, isPresetName, presetSpec } from '../src/core';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_TRAIN_CONFIG, Trainer, fashionMnistData, fetchFashionMnist, forDataset } from '../src/runtime/train';
import { leastOfSteps, profileMarkdown, summariseProfile, type ProfiledKernel } from './trainingProfile';

async function makeTrainer(preset: string, batchSize: number, steps: number): Promise<Trainer> {
  if (!isPresetName(preset)) throw new Error(`unknown preset ${preset}`);
  const data = fashionMnistData(await fetchFashionMnist(new URL('data/fashion-mnist-subset.bin.gz', document.baseURI).href));
  const checked = checkModel(forDataset(presetSpec(preset), data));
  if (!checked.ok) throw new Error(checked.errors[0].message);
  return new Trainer(checked.value, data, { ...DEFAULT_TRAIN_CONFIG, batchSize, steps, evalEvery: 0, gradientNormEvery: 0 });
}

async function benchTraining(preset: string, batchSize: number, warmup: number, steps: number): Promise<{ ms: number[]; loss: number[] }> {
  const trainer = await makeTrainer(preset, batchSize, warmup + steps);
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

/** `tf.profile` of `steps` steps after `warmup` steps, each kernel's least time, grouped by bench/trainingProfile.ts, as Markdown. */
async function profileTraining(preset: string, batchSize: number, warmup: number, steps = 1): Promise<string> {
  const trainer = await makeTrainer(preset, batchSize, warmup + steps);
  try {
    for (let i = 0; i < warmup; i++) await trainer.trainStep();
    const walls: number[] = [];
    const profiles: ProfiledKernel[][] = [];
    for (let i = 0; i < steps; i++) {
      const info = await tf.profile(async () => {
        walls.push((await trainer.trainStep()).ms);
        return [];
      });
      profiles.push(info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes, outputShapes: k.outputShapes, ms: k.kernelTimeMs as number })));
    }
    return `steps ${walls.map((w) => w.toFixed(0)).join(', ')} ms; each kernel's least time over them:\n\n${profileMarkdown(summariseProfile(leastOfSteps(profiles), Math.min(...walls), batchSize, trainer.net.paramCount))}`;
  } finally {
    trainer.dispose();
  }
}

Object.assign(window, { __benchTraining: benchTraining, __profileTraining: profileTraining });
