/**
 * The tfjs forward pass of the paper's CIFAR nets: option A shortcuts (strided slice + zero channels) and plain
 * nets (no adds), against PyTorch's outputs, and the CIFAR fixtures' weights loading into the live model.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModel, english, parseSpec, presetSpec, stateDictSchema, type ModelAnalysis } from '../../core';
import { CIFAR_PARITY, CIFAR_PARITY_DIR, TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec, type CifarFixtureConfig } from '../../../tests/cifar';
import { useNodeBackend, type NodeBackend } from '../backends/node';
import { zeroPad } from './resnet';
import { parseSafetensors, readFloat32 } from '../weights/safetensors';
import { WeightsError, checkWeights, modelFromWeights, nchwToNhwc, saveWeights } from '../weights/load';
import { relativeError } from '../../../tests/parity';

const TOLERANCE = 1e-4;

function analysisOf(config: CifarFixtureConfig): ModelAnalysis {
  const parsed = parseSpec(cifarFixtureSpec(config));
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const checked = checkModel(parsed.value);
  if (!checked.ok) throw new Error(checked.errors[0].message);
  return checked.value;
}

describe('option A shortcut on NHWC', () => {
  it('keeps every stride-th pixel and pads ⌊p/2⌋ zero channels before, ⌈p/2⌉ after', async () => {
    await useNodeBackend('cpu');
    // [1, 3, 3, 2]: value = 10 * (row * 3 + col) + channel
    const x = tf.tensor4d(Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2)), [1, 3, 3, 2]);
    const y = zeroPad(x, { stride: 2, before: 1, after: 2 });
    expect(y.shape).toEqual([1, 2, 2, 5]);
    // Pixels (0,0), (0,2), (2,0), (2,2): 0, 20, 60, 80, each as [0, v, v + 1, 0, 0].
    expect([...y.dataSync()]).toEqual([0, 0, 1, 0, 0, 0, 20, 21, 0, 0, 0, 60, 61, 0, 0, 0, 80, 81, 0, 0]);
    tf.dispose([x, y]);
  });
});

for (const backend of ['wasm', 'cpu'] as NodeBackend[]) {
  describe(`CIFAR nets agree with PyTorch on ${backend}`, () => {
    it.each(Object.keys(CIFAR_PARITY))('%s: stem, every stage, pooling and logits', async (key) => {
      await useNodeBackend(backend);
      const before = tf.memory().numTensors;
      const f = CIFAR_PARITY[key];
      const analysis = analysisOf(f.config);
      expect(analysis.params).toBe(f.params);
      const weights = new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, CIFAR_PARITY_DIR)));
      const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, CIFAR_PARITY_DIR))));
      const tensor = (name: string) => ({ values: readFloat32(io, io.entries.get(name)!), shape: io.entries.get(name)!.shape });
      const model = modelFromWeights(analysis, checkWeights(weights, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: key });
      const input = tensor('input');
      const x = nchwToNhwc(input.values, input.shape);
      const probes = new Map<string, string>([['stem', 'relu'], ...analysis.graph.stages.map((s) => [s.name, s.blocks.at(-1)!.outputId] as const), ['pooled', 'avgpool']]);
      const { logits, activations } = model.forward(x, new Set(probes.values()));
      for (const [name, id] of probes) {
        const expected = tensor(`expected.${name}`);
        const t = activations.get(id)!;
        const nchw = name === 'pooled' ? tf.reshape(t, [t.shape[0], -1]) : tf.transpose(t, [0, 3, 1, 2]);
        expect(nchw.shape, name).toEqual(expected.shape);
        expect(relativeError(nchw.dataSync() as Float32Array, expected.values), name).toBeLessThan(TOLERANCE);
        tf.dispose([nchw, t]);
      }
      const expected = tensor('expected.logits');
      expect(logits.shape).toEqual(expected.shape);
      expect(relativeError(logits.dataSync() as Float32Array, expected.values)).toBeLessThan(TOLERANCE);
      // The fast path (batch norm folded, fused kernels) does option A's shortcut and the plain net's missing add too.
      const fast = model.predict(x);
      expect(relativeError(fast.logits.dataSync() as Float32Array, expected.values)).toBeLessThan(TOLERANCE);
      tf.dispose([logits, fast.logits, x]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe('the train-step fixtures\' weights in the live model', () => {
  it.each(Object.keys(TRAIN_STEP))('%s: loads, runs, and saves back the same state_dict', async (key) => {
    await useNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const analysis = analysisOf(TRAIN_STEP[key].config);
    const bytes = new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, TRAIN_STEP_DIR)));
    const model = modelFromWeights(analysis, checkWeights(bytes, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: key });
    const [n, c, h, w] = TRAIN_STEP[key].config.input;
    const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D;
    const { logits } = model.forward(x);
    expect(logits.shape).toEqual([n, 10]);
    expect([...logits.dataSync()].every(Number.isFinite)).toBe(true);
    const file = parseSafetensors(bytes);
    const saved = parseSafetensors(await saveWeights(model));
    for (const e of file.entries.values()) {
      const s = saved.entries.get(e.name)!;
      expect(s.shape, e.name).toEqual(e.shape);
      if (e.dtype === 'F32') expect(readFloat32(saved, s), e.name).toEqual(readFloat32(file, e));
    }
    tf.dispose([logits, x]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses option B weights for an option A model, naming the extra keys and offering option B', () => {
    const a = analysisOf(TRAIN_STEP['cifar-resnet14-B'].config);
    const optionA = checkModel({ ...a.graph.spec, shortcut: 'A' });
    if (!optionA.ok) throw new Error('spec');
    const bytes = new Uint8Array(readFileSync(new URL('cifar-resnet14-B.weights.safetensors', TRAIN_STEP_DIR)));
    let error: unknown;
    try {
      checkWeights(bytes, optionA.value, stateDictSchema(optionA.value.graph));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightsError);
    const w = error as WeightsError;
    expect(english(w.problems[0])).toMatch(/^Unexpected 12 keys: layer2\.0\.downsample\.0\.weight, /);
    expect(w.suggestedSpec).toEqual(a.graph.spec);
    expect(presetSpec('resnet20').shortcut).toBe('A');
  });
});

afterAll(() => tf.disposeVariables());
