/**
 * One training step equals PyTorch's (tests/fixtures/train-step, see its index.json): the loss, every
 * parameter's gradient and every state_dict entry after one SGD step, within 1e-4 of each tensor's largest
 * magnitude, on the WebAssembly and CPU backends.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModel, parseSpec, stateDictSchema } from '../../core';
import { TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec } from '../../../tests/cifar';
import { useNodeBackend, type NodeBackend } from '../backends/node';
import { parseSafetensors, readFloat32 } from '../weights/safetensors';
import { checkWeights } from '../weights/load';
import { readBatchFile } from './batchFile';
import { fixedBatchData } from './data';
import { DEFAULT_TRAIN_CONFIG, Trainer } from './trainer';
import { relativeError } from '../../../tests/parity';

const TOLERANCE = 1e-4;
const HYPER = JSON.parse(readFileSync(new URL('index.json', TRAIN_STEP_DIR), 'utf8')) as Record<string, { hyperparameters: { lr: number; momentum: number; weight_decay: number } }>;

/** The fixture's net, weights, batch and PyTorch's results, and a Trainer set to its hyper-parameters. */
export function loadTrainStep(key: string) {
  const spec = parseSpec(cifarFixtureSpec(TRAIN_STEP[key].config));
  if (!spec.ok) throw new Error('bad fixture spec');
  const checked = checkModel(spec.value);
  if (!checked.ok) throw new Error('bad fixture model');
  const analysis = checked.value;
  const bytes = (suffix: string) => new Uint8Array(readFileSync(new URL(`${key}.${suffix}.safetensors`, TRAIN_STEP_DIR)));
  const weights = checkWeights(bytes('weights'), analysis, stateDictSchema(analysis.graph));
  const batch = readBatchFile(bytes('batch'), analysis.graph.spec.numClasses);
  const expected = parseSafetensors(bytes('expected'));
  const h = HYPER[key].hyperparameters;
  const trainer = new Trainer(
    analysis,
    fixedBatchData(batch.input, batch.shape, batch.labels, analysis.graph.spec.numClasses),
    { ...DEFAULT_TRAIN_CONFIG, lr: h.lr, momentum: h.momentum, weightDecay: h.weight_decay, batchSize: batch.shape[0], steps: 1, decay: 'constant', evalEvery: 0, gradientNormEvery: 0 },
    { weights },
  );
  return { analysis, trainer, expected };
}

for (const backend of ['wasm', 'cpu'] as NodeBackend[]) {
  describe(`one SGD step agrees with PyTorch on ${backend}`, () => {
    it.each(Object.keys(TRAIN_STEP))('%s: loss, every gradient, every state_dict entry after the step', async (key) => {
      await useNodeBackend(backend);
      const before = tf.memory().numTensors;
      const { trainer, expected } = loadTrainStep(key);
      const want = (name: string) => {
        const e = expected.entries.get(name);
        if (!e) throw new Error(`fixture has no ${name}`);
        return e.dtype === 'I64' ? [Number(new DataView(expected.bytes.buffer, expected.bytes.byteOffset + e.byteOffset, 8).getBigInt64(0, true))] : readFloat32(expected, e);
      };

      const { loss, grads } = await trainer.gradients();
      expect(Math.abs(loss - want('loss')[0]) / Math.abs(want('loss')[0])).toBeLessThan(TOLERANCE);
      const gradKeys = [...expected.entries.keys()].filter((k) => k.startsWith('grad.')).map((k) => k.slice(5));
      expect(new Set(grads.keys())).toEqual(new Set(gradKeys));
      for (const k of gradKeys) expect(relativeError(grads.get(k)!, want(`grad.${k}`)), `grad.${k}`).toBeLessThan(TOLERANCE);

      const step = await trainer.trainStep();
      expect(step.step).toBe(1);
      expect(Math.abs(step.loss - want('loss')[0])).toBeLessThan(TOLERANCE * Math.abs(want('loss')[0]));
      const after = await trainer.toStateDict();
      const afterKeys = [...expected.entries.keys()].filter((k) => k.startsWith('after.')).map((k) => k.slice(6));
      expect(after.map((e) => e.key)).toEqual(afterKeys);
      for (const e of after) {
        const actual = e.data instanceof BigInt64Array ? Array.from(e.data, Number) : e.data;
        expect(relativeError(actual, want(`after.${e.key}`)), `after.${e.key}`).toBeLessThan(TOLERANCE);
      }
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

afterAll(() => tf.disposeVariables());
