import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, checkModel, english, parseSpec, presetSpec, stateDictSchema, type ModelAnalysis } from '../../core';
import { PARITY, PARITY_DIR, paritySpec } from '../../../tests/parity';
import { useNodeBackend } from '../backends/node';
import { parseSafetensors, writeSafetensors, type TensorToWrite } from './safetensors';
import { WeightsError, checkWeights, modelFromWeights, randomModel, saveWeights } from './load';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

function fixture(key = 'tiny-grouped') {
  const spec = parseSpec(paritySpec(PARITY[key]));
  if (!spec.ok) throw new Error();
  const checked = checkModel(spec.value);
  if (!checked.ok) throw new Error();
  return { analysis: checked.value, bytes: new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR))) };
}

/** The fixture's tensors, to edit and write back. */
function tensorsOf(bytes: Uint8Array): TensorToWrite[] {
  const file = parseSafetensors(bytes);
  return [...file.entries.values()].map((e) => ({
    name: e.name,
    dtype: e.dtype as 'F32' | 'I64',
    shape: e.shape,
    data: e.dtype === 'I64' ? new BigInt64Array(bytes.slice(e.byteOffset, e.byteOffset + e.byteLength).buffer) : new Float32Array(bytes.slice(e.byteOffset, e.byteOffset + e.byteLength).buffer),
  }));
}

function problemsOf(bytes: Uint8Array, analysis: ModelAnalysis): WeightsError {
  try {
    checkWeights(bytes, analysis, stateDictSchema(analysis.graph));
  } catch (e) {
    if (e instanceof WeightsError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('weights files', () => {
  it('saves a torchvision-compatible file that loads back to the same outputs', async () => {
    const { analysis, bytes } = fixture();
    const model = modelFromWeights(analysis, checkWeights(bytes, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: 'f' });
    const saved = await saveWeights(model);
    // Same keys, order, shapes and dtypes as the file PyTorch wrote, and the same values.
    const a = tensorsOf(bytes);
    const b = tensorsOf(saved);
    expect(b.map((t) => [t.name, t.shape, t.dtype])).toEqual(a.map((t) => [t.name, t.shape, t.dtype]));
    for (let i = 0; i < a.length; i++) expect(b[i].data, a[i].name).toEqual(a[i].data);
    const again = modelFromWeights(analysis, checkWeights(saved, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: 'g' });
    const x = tf.randomNormal([1, 40, 40, 3]) as tf.Tensor4D;
    const y1 = model.forward(x).logits;
    const y2 = again.forward(x).logits;
    expect(y2.dataSync()).toEqual(y1.dataSync());
    tf.dispose([x, y1, y2]);
    model.dispose();
    again.dispose();
  });

  it('accepts a `module.` prefix and a missing num_batches_tracked', () => {
    const { analysis, bytes } = fixture();
    const tensors = tensorsOf(bytes)
      .filter((t) => !t.name.endsWith('num_batches_tracked'))
      .map((t) => ({ ...t, name: `module.${t.name}` }));
    const checked = checkWeights(writeSafetensors(tensors), analysis, stateDictSchema(analysis.graph));
    expect(checked.modules.get('bn1')!['bn.num_batches_tracked']).toBe(0n);
  });

  it('lists missing and unexpected keys and wrong shapes and dtypes', () => {
    const { analysis, bytes } = fixture();
    const tensors = tensorsOf(bytes)
      .filter((t) => t.name !== 'layer2.0.conv2.weight')
      .map((t) => (t.name === 'fc.bias' ? { ...t, shape: [1, 5] } : t))
      .map((t) => (t.name === 'bn1.weight' ? { ...t, dtype: 'I64' as const, data: new BigInt64Array(t.data.length) } : t));
    tensors.push({ name: 'extra.weight', dtype: 'F32', shape: [1], data: new Float32Array(1) });
    const e = problemsOf(writeSafetensors(tensors), analysis);
    expect(e.problems.map(english)).toEqual([
      'Missing 1 weight: layer2.0.conv2.weight',
      'Unexpected 1 key: extra.weight',
      'bn1.weight is I64; expected a floating-point tensor',
      'fc.bias has shape [1, 5]; this model needs [5]',
    ]);
  });

  it('refuses NaN and infinite values', () => {
    const { analysis, bytes } = fixture();
    const tensors = tensorsOf(bytes).map((t) => {
      if (t.name !== 'layer1.0.conv1.weight') return t;
      const data = Float32Array.from(t.data as Float32Array);
      data[3] = NaN;
      data[9] = -Infinity;
      return { ...t, data };
    });
    expect(problemsOf(writeSafetensors(tensors), analysis).problems.map(english)).toEqual(['layer1.0.conv1.weight has 2 NaN or infinite values']);
  });

  it('refuses a truncated file and random bytes with a readable reason', () => {
    const { analysis, bytes } = fixture();
    expect(problemsOf(bytes.slice(0, bytes.length - 100), analysis).message).toMatch(/Not a readable safetensors file: .*truncated or corrupt/);
    const noise = new Uint8Array(4096).map((_, i) => (i * 2654435761) % 251);
    // Bytes in no format are not blamed on one: the refusal says what was tried.
    expect(problemsOf(noise, analysis).message).toMatch(/^Not a weights file this app reads: its first bytes are neither safetensors .* nor torch\.save/);
  });

  it('offers the architecture a file describes: ResNet-18 weights while ResNet-50 is configured', async () => {
    const r18 = analyzeSpec(presetSpec('resnet18'));
    const model = randomModel(r18);
    const bytes = await saveWeights(model);
    model.dispose();
    const e = problemsOf(bytes, analyzeSpec(presetSpec('resnet50')));
    expect(e.suggestedSpec).toEqual(presetSpec('resnet18'));
    expect(english(e.problems[0])).toMatch(/^Missing \d+ weights: layer1\.0\.conv3\.weight/);
  });
});
