/**
 * `npm run --silent train -- --preset plain56 --steps 300 --batch 64 --lr 0.1 --momentum 0.9 --wd 1e-4 --seed 1 --json`
 * trains a ResNet in Node on the app's runtime (WebAssembly backend, CPU as a fallback) on the Fashion-MNIST
 * subset the app ships (1×28×28, 10 classes), or on one fixed batch (`--batch-file B.safetensors`: `input`
 * float32 NCHW already normalised, `labels` int64; the input shape comes from the file). `--json` prints
 * `{"steps": [...], "loss": [...], "accuracy": [...], "testAccuracy": x, "imagesPerSecond": y}` (testAccuracy
 * null without a test set). `--config spec.json`, `--weights W.safetensors` (start from), `--save
 * out.safetensors` (the state_dict after training), `--nesterov`, `--warmup N` (N steps at a tenth of the
 * rate, as He et al.), `--decay cosine|step|constant`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { checkModel, stateDictSchema } from '../src/core';
import { startNodeBackend } from '../src/runtime/backends/node';
import { SafetensorsError } from '../src/runtime/weights/safetensors';
import { DEFAULT_TRAIN_CONFIG, Trainer, TrainingError, fashionMnistData, fixedBatchData, forDataset, readBatchFile, type Decay, type TrainConfig, type TrainingData } from '../src/runtime/train';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { WeightsError, checkWeights } from '../src/runtime/weights/load';
import { UsageError, command, parseFlags, runIfEntry, specFromFlags } from './args';
import { english } from '../src/core/phrase';
import { someProblems } from '../src/runtime/weights/problems';

const VALUED = ['preset', 'config', 'steps', 'batch', 'lr', 'momentum', 'wd', 'seed', 'weights', 'save', 'batch-file', 'warmup', 'decay'];
const BOOLEANS = ['json', 'nesterov'];

function readFile(path: string, flag: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A numeric flag, checked: `--lr must be a positive number, got "x"`. */
function numberFlag(flags: Map<string, string | true>, name: string, fallback: number, check: (v: number) => boolean, what: string): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || !check(v)) throw new UsageError(`--${name} must be ${what}, got "${String(raw)}"`);
  return v;
}

export const main = command(async (argv, io) => {
  const flags = parseFlags(argv, VALUED, BOOLEANS);
  if (!flags.has('preset') && !flags.has('config')) flags.set('preset', 'resnet20');
  const decay = flags.get('decay') ?? DEFAULT_TRAIN_CONFIG.decay;
  if (decay !== 'cosine' && decay !== 'step' && decay !== 'constant') throw new UsageError(`--decay must be cosine, step or constant, got "${String(decay)}"`);
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    steps: numberFlag(flags, 'steps', DEFAULT_TRAIN_CONFIG.steps, (v) => Number.isInteger(v) && v >= 1, 'a whole number of at least 1'),
    batchSize: numberFlag(flags, 'batch', DEFAULT_TRAIN_CONFIG.batchSize, (v) => Number.isInteger(v) && v >= 1, 'a whole number of at least 1'),
    lr: numberFlag(flags, 'lr', DEFAULT_TRAIN_CONFIG.lr, (v) => v > 0, 'a positive number'),
    momentum: numberFlag(flags, 'momentum', DEFAULT_TRAIN_CONFIG.momentum, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    weightDecay: numberFlag(flags, 'wd', DEFAULT_TRAIN_CONFIG.weightDecay, (v) => v >= 0, 'a number of 0 or more'),
    seed: numberFlag(flags, 'seed', DEFAULT_TRAIN_CONFIG.seed, Number.isInteger, 'a whole number'),
    warmupSteps: numberFlag(flags, 'warmup', 0, (v) => Number.isInteger(v) && v >= 0, 'a whole number of 0 or more'),
    warmup: 'constant',
    warmupFactor: 0.1,
    decay: decay as Decay,
    nesterov: flags.has('nesterov'),
    evalEvery: 0,
    gradientNormEvery: 0,
  };
  if (config.nesterov && config.momentum === 0) throw new UsageError('--nesterov needs a --momentum above 0');

  const spec = specFromFlags(flags, false);
  let data: TrainingData;
  const batchPath = flags.get('batch-file');
  if (typeof batchPath === 'string') {
    let batch;
    try {
      batch = readBatchFile(readFile(batchPath, '--batch-file'), spec.numClasses);
    } catch (e) {
      if (e instanceof SafetensorsError) throw new UsageError(`--batch-file ${batchPath}: ${e.message}`);
      throw e;
    }
    data = fixedBatchData(batch.input, batch.shape, batch.labels, spec.numClasses);
    config.batchSize = batch.shape[0];
  } else {
    data = fashionMnistData(await readFashionMnist());
  }
  const checked = checkModel(forDataset(spec, data));
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const analysis = checked.value;

  await startNodeBackend();

  let weights;
  const weightsPath = flags.get('weights');
  if (typeof weightsPath === 'string') {
    try {
      weights = checkWeights(readFile(weightsPath, '--weights'), analysis, stateDictSchema(analysis.graph));
    } catch (e) {
      if (e instanceof WeightsError) throw new UsageError(`--weights ${weightsPath} does not fit this model: ${english(someProblems(e.problems, 4))}`);
      throw e;
    }
  }

  let trainer: Trainer;
  try {
    trainer = new Trainer(analysis, data, config, { weights });
  } catch (e) {
    if (e instanceof TrainingError) throw new UsageError(e.message);
    throw e;
  }
  const steps: number[] = [];
  const loss: number[] = [];
  const accuracy: number[] = [];
  let trainMs = 0;
  let images = 0;
  const json = flags.has('json');
  const end = await trainer.run((r) => {
    steps.push(r.step);
    loss.push(r.loss);
    accuracy.push(r.accuracy);
    trainMs += r.ms;
    images += config.batchSize;
    if (!json && (r.step % 10 === 0 || r.step === 1 || r.step === config.steps)) {
      io.out(`step ${String(r.step).padStart(5)}  loss ${r.loss.toFixed(4)}  accuracy ${r.accuracy.toFixed(3)}  lr ${r.lr.toPrecision(3)}  ${r.imagesPerSecond.toFixed(0)} images/s\n`);
    }
  });
  const testAccuracy = end.reason === 'done' && data.testCount > 0 ? await trainer.evaluate() : null;
  const imagesPerSecond = trainMs > 0 ? (images * 1000) / trainMs : 0;
  const save = flags.get('save');
  if (typeof save === 'string' && end.reason === 'done') writeFileSync(save, await trainer.saveSafetensors());
  trainer.dispose();

  if (json) io.out(`${JSON.stringify({ steps, loss, accuracy, testAccuracy, imagesPerSecond })}\n`);
  else {
    if (testAccuracy !== null) io.out(`test accuracy ${(testAccuracy * 100).toFixed(2)}% on ${data.testCount} images\n`);
    io.out(`${imagesPerSecond.toFixed(0)} images/s on ${analysis.graph.spec.input.channels}×${analysis.graph.spec.input.height}×${analysis.graph.spec.input.width}, batch ${config.batchSize}\n`);
  }
  if (end.reason === 'diverged') {
    io.err(`error: ${end.message}\n`);
    return 1;
  }
});

runIfEntry(import.meta.url, main);
