/**
 * `npm run --silent infer -- --preset NAME | --config SPEC.json [--weights W] --input X.safetensors [--json]`
 * runs the app's runtime in Node on the float32 NCHW tensor `input` in X: `{"logits": [[...], ...]}` with
 * --json, else the top-5 classes of each batch item. W is a state_dict as safetensors or as torch.save wrote
 * it (.pth, .pt, .bin: told apart by the bytes). Without --weights the model has fresh weights.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { checkModel, stateDictSchema } from '../src/core';
import classes from '../src/data/imagenet-classes.json';
import { startNodeBackend } from '../src/runtime/backends/node';
import { SafetensorsError, parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { UnreadableWeightsError, WeightsError, checkWeights, modelFromWeights, nchwToNhwc, randomModel } from '../src/runtime/weights/load';
import { UsageError, command, parseFlags, runIfEntry, specFromFlags } from './args';
import { english } from '../src/core/phrase';
import { someProblems } from '../src/runtime/weights/problems';

function readFile(path: string, flag: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export const main = command(async (argv, io) => {
  const flags = parseFlags(argv, ['preset', 'config', 'weights', 'input'], ['json']);
  const inputPath = flags.get('input');
  if (typeof inputPath !== 'string') throw new UsageError('--input X.safetensors is required (a float32 NCHW tensor named "input")');
  let file;
  try {
    file = parseSafetensors(readFile(inputPath, '--input'));
  } catch (e) {
    if (e instanceof SafetensorsError) throw new UsageError(`--input ${inputPath}: ${e.message}`);
    throw e;
  }
  const entry = file.entries.get('input');
  if (!entry) throw new UsageError(`--input ${inputPath} has no tensor named "input" (it has ${[...file.entries.keys()].slice(0, 5).join(', ') || 'none'})`);
  if (entry.shape.length !== 4) throw new UsageError(`--input "input" must be NCHW (4 dimensions), got [${entry.shape.join(', ')}]`);
  const [, c, h, w] = entry.shape;
  let values: Float32Array;
  try {
    values = readFloat32(file, entry);
  } catch (e) {
    throw new UsageError(`--input: ${(e as Error).message}`);
  }

  const spec = { ...specFromFlags(flags, false), input: { channels: c, height: h, width: w } };
  const checked = checkModel(spec);
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const analysis = checked.value;

  await startNodeBackend();

  const weightsPath = flags.get('weights');
  let model;
  if (typeof weightsPath === 'string') {
    try {
      model = modelFromWeights(analysis, checkWeights(readFile(weightsPath, '--weights'), analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: weightsPath });
    } catch (e) {
      if (e instanceof UnreadableWeightsError) throw new UsageError(`--weights ${weightsPath}: ${e.message}`);
      if (e instanceof WeightsError) {
        const hint = e.suggestedSpec ? ` (the file describes another architecture; try --config with ${JSON.stringify(e.suggestedSpec)})` : '';
        throw new UsageError(`--weights ${weightsPath} does not fit this model: ${english(someProblems(e.problems, 4))}${hint}`);
      }
      throw e;
    }
  } else model = randomModel(analysis);

  const x = nchwToNhwc(values, entry.shape);
  const { logits } = model.forward(x);
  const rows = (await logits.array()) as number[][];
  tf.dispose([x, logits]);
  model.dispose();

  if (flags.has('json')) {
    io.out(`${JSON.stringify({ logits: rows })}\n`);
    return;
  }
  const names = spec.numClasses === classes.length ? (classes as string[]) : null;
  rows.forEach((row, i) => {
    const max = Math.max(...row);
    const exp = row.map((v) => Math.exp(v - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    const top = exp.map((p, k) => [p / sum, k] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
    io.out(`item ${i}${typeof weightsPath === 'string' ? '' : ' (random weights)'}:\n`);
    for (const [p, k] of top) io.out(`  ${(p * 100).toFixed(2).padStart(6)}%  ${k}${names ? ` ${names[k]}` : ''}\n`);
  });
});

runIfEntry(import.meta.url, main);
