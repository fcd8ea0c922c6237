/**
 * `npx tsx bench/trainingProfileNode.ts [--preset resnet20] [--batch 64] [--steps 3] [--backend wasm|cpu]`:
 * the kernels of a training step in Node (WebAssembly: one thread here), grouped as in bench/trainingProfile.ts,
 * each kernel's least time over `--steps` profiled steps after two warm-up steps (a shared machine adds to some
 * of them). Prints Markdown (bench/TRAINING-PROFILE.md).
 * Times are this process's CPU time (`process.cpuUsage`), per kernel and per step: with one thread that is the
 * work done, whatever else the machine runs (wall time on a shared machine is not).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkModel, isPresetName, presetSpec } from '../src/core';
import { useNodeBackend, type NodeBackend } from '../src/runtime/backends/node';
import { DEFAULT_TRAIN_CONFIG, Trainer, fashionMnistData, forDataset } from '../src/runtime/train';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { UsageError, parseFlags, runCli } from '../cli/args';
import { leastOfSteps, profileMarkdown, summariseProfile, type ProfiledKernel } from './trainingProfile';

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** One step, timed in CPU milliseconds. */
async function cpuStep(trainer: Trainer): Promise<number> {
  const start = process.cpuUsage();
  await trainer.trainStep();
  return cpuMs(start);
}

void runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), ['preset', 'batch', 'steps', 'backend'], []);
  const preset = String(flags.get('preset') ?? 'resnet20');
  if (!isPresetName(preset)) throw new UsageError(`unknown preset ${preset}`);
  const batch = Number(flags.get('batch') ?? 64);
  const steps = Number(flags.get('steps') ?? 3);
  await useNodeBackend(String(flags.get('backend') ?? 'wasm') as NodeBackend);
  // tf.profile times each kernel with the backend's `time`; these backends run kernels synchronously.
  (tf.backend() as unknown as { time: (f: () => void) => Promise<{ kernelMs: number }> }).time = async (f) => {
    const start = process.cpuUsage();
    f();
    return { kernelMs: cpuMs(start) };
  };
  const data = fashionMnistData(await readFashionMnist());
  const checked = checkModel(forDataset(presetSpec(preset), data));
  if (!checked.ok) throw new UsageError(checked.errors[0].message);
  const trainer = new Trainer(checked.value, data, { ...DEFAULT_TRAIN_CONFIG, batchSize: batch, steps: 2 + 2 * steps, evalEvery: 0, gradientNormEvery: 0 });
  try {
    for (let i = 0; i < 2; i++) await trainer.trainStep();
    const plain: number[] = [];
    for (let i = 0; i < steps; i++) plain.push(await cpuStep(trainer));
    console.log(`${preset}, batch ${batch}, ${tf.getBackend()} in Node (one thread); unprofiled steps: ${plain.map((m) => m.toFixed(0)).join(', ')} ms CPU (${plain.map((m) => ((batch * 1000) / m).toFixed(0)).join(', ')} images/s)\n`);
    const walls: number[] = [];
    const profiles: ProfiledKernel[][] = [];
    for (let i = 0; i < steps; i++) {
      const info = await tf.profile(async () => {
        walls.push(await cpuStep(trainer));
        return [];
      });
      profiles.push(info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes, outputShapes: k.outputShapes, ms: k.kernelTimeMs as number })));
    }
    console.log(`profiled steps ${walls.map((w) => w.toFixed(0)).join(', ')} ms CPU; each kernel's least time over them:\n`);
    console.log(profileMarkdown(summariseProfile(leastOfSteps(profiles), Math.min(...walls), batch, trainer.net.paramCount)));
  } finally {
    trainer.dispose();
  }
});
