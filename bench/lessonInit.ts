/**
 * `npx tsx bench/lessonInit.ts --seed 1 --out DIR`: the initial weights the Train tab's trainer draws for each
 * default run at that seed (Plain-20, Plain-56, ResNet-20, ResNet-56 on Fashion-MNIST's 1×28×28 input), as
 * `DIR/<preset>.safetensors` with torchvision's keys, so that bench/pytorch_lesson.py starts PyTorch from the
 * very same weights.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel, presetSpec } from '../src/core';
import { startNodeBackend } from '../src/runtime/backends/node';
import { DEFAULT_TRAIN_CONFIG, Trainer, fashionMnistData, forDataset } from '../src/runtime/train';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { DEFAULT_RUNS } from '../src/state/trainStore';
import { UsageError, parseFlags, runCli } from '../cli/args';

export async function writeInitialWeights(seed: number, dir: string): Promise<void> {
  await startNodeBackend();
  const data = fashionMnistData(await readFashionMnist());
  mkdirSync(dir, { recursive: true });
  for (const preset of DEFAULT_RUNS) {
    const checked = checkModel(forDataset(presetSpec(preset), data));
    if (!checked.ok) throw new Error(`${preset}: ${checked.errors[0].message}`);
    const trainer = new Trainer(checked.value, data, { ...DEFAULT_TRAIN_CONFIG, seed });
    writeFileSync(join(dir, `${preset}.safetensors`), await trainer.saveSafetensors());
    trainer.dispose();
  }
}

if (process.argv[1]?.endsWith('lessonInit.ts')) {
  void runCli(async () => {
    const flags = parseFlags(process.argv.slice(2), ['seed', 'out'], []);
    const out = flags.get('out');
    if (typeof out !== 'string') throw new UsageError('--out DIR is required');
    await writeInitialWeights(Number(flags.get('seed') ?? 1), out);
  });
}
