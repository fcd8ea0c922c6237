import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModel, parseSpec, stateDictSchema } from '../../core';
import { PARITY, PARITY_DIR, paritySpec } from '../../../tests/parity';
import { useNodeBackend } from '../backends/node';
import { parseSafetensors } from './safetensors';
import { tfjsArtifacts } from './tfjsExport';
import { english } from '../../core/phrase';
import { isTfjsModelJson, tfjsToSafetensors } from './tfjsImport';
import { checkWeights, modelFromWeights } from './load';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

/** PyTorch's own weights for a small grouped net (tests/fixtures/parity), loaded into the app's model. */
function fixture() {
  const key = 'tiny-grouped';
  const spec = parseSpec(paritySpec(PARITY[key]));
  if (!spec.ok) throw new Error('fixture spec');
  const checked = checkModel(spec.value);
  if (!checked.ok) throw new Error('fixture model');
  const analysis = checked.value;
  const bytes = new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR)));
  const model = modelFromWeights(analysis, checkWeights(bytes, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: key });
  return { analysis, bytes, model };
}

/** Every tensor of a safetensors file, by name: dtype, shape and raw bytes. */
function tensors(bytes: Uint8Array) {
  const file = parseSafetensors(bytes);
  return new Map([...file.entries.values()].map((e) => [e.name, { dtype: e.dtype, shape: e.shape, bytes: [...bytes.subarray(e.byteOffset, e.byteOffset + e.byteLength)] }]));
}

async function exported() {
  const { analysis, bytes, model } = fixture();
  const a = await tfjsArtifacts(model, 'tiny');
  return { analysis, bytes, model, json: JSON.parse(a.modelJson) as Record<string, unknown>, weights: { name: a.weightsName, bytes: a.weights } };
}

describe('TensorFlow.js artifacts read back', () => {
  it('give the same state_dict, under the same names, and the same logits', async () => {
    const before = tf.memory().numTensors;
    const { analysis, bytes, model, json, weights } = await exported();
    expect(isTfjsModelJson(json)).toBe(true);
    const r = tfjsToSafetensors(json, [weights]);
    if (!r.ok) throw new Error(english(r.message));
    expect(r.weightsName).toBe('tiny.weights.bin');
    expect(r.spec).toEqual(analysis.graph.spec);
    // Tensor for tensor what PyTorch saved: same keys, dtypes (int64 batch counts too), shapes and bytes.
    const want = tensors(bytes);
    const got = tensors(r.safetensors);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [name, t] of want) expect(got.get(name), name).toEqual(t);
    expect([...want.values()].some((t) => t.dtype === 'I64' && t.bytes.some((b) => b !== 0))).toBe(true);

    const again = modelFromWeights(analysis, checkWeights(r.safetensors, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: r.weightsName });
    const x = tf.randomNormal([1, analysis.graph.spec.input.height, analysis.graph.spec.input.width, analysis.graph.spec.input.channels]) as tf.Tensor4D;
    const y1 = model.forward(x).logits;
    const y2 = again.forward(x).logits;
    expect(y2.dataSync()).toEqual(y1.dataSync());
    tf.dispose([x, y1, y2]);
    model.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('say which file is missing, and refuse files that do not belong together', async () => {
    const { model, json, weights } = await exported();
    model.dispose();
    const refusal = (r: ReturnType<typeof tfjsToSafetensors>) => (r.ok ? 'accepted' : english(r.message));
    expect(refusal(tfjsToSafetensors(json, []))).toBe(
      'model.json: its weights file tiny.weights.bin is missing. Open model.json and tiny.weights.bin together (select both, or drop both at once).',
    );
    const short = tfjsToSafetensors(json, [{ name: weights.name, bytes: weights.bytes.subarray(4) }]);
    expect(refusal(short)).toBe(
      `model.json: tiny.weights.bin has ${(weights.bytes.length - 4).toLocaleString('en-US')} bytes, but the manifest's ${(json.weightsManifest as { weights: unknown[] }[])[0].weights.length} weights need ${weights.bytes.length.toLocaleString('en-US')}: the files do not belong together.`,
    );
    expect(refusal(tfjsToSafetensors({ block: 'basic' }, [weights]))).toBe('model.json: no weightsManifest, so it is not a TensorFlow.js model.');
  });

  it('name the weight whose entry cannot be read', async () => {
    const { model, json, weights } = await exported();
    model.dispose();
    const edit = (f: (w: Record<string, unknown>[]) => void) => {
      const copy = structuredClone(json) as { weightsManifest: { weights: Record<string, unknown>[] }[] };
      f(copy.weightsManifest[0].weights);
      const r = tfjsToSafetensors(copy, [weights]);
      return r.ok ? 'accepted' : english(r.message);
    };
    expect(edit((w) => (w[0].dtype = 'float16'))).toBe('model.json: weight 1 of weightsManifest[0]: "conv1.weight" is float16; only float32 and int32 weights, as this app exports them, can be read.');
    expect(edit((w) => (w[1].shape = [-1]))).toBe('model.json: weight 2 of weightsManifest[0]: "bn1.weight" has no valid shape (a list of sizes).');
    expect(edit((w) => (w[2].name = w[1].name))).toBe('model.json: weight "bn1.weight" is listed twice.');
    expect(edit((w) => (w[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }))).toMatch(/"conv1.weight" is quantized/);
  });
});
