/** The built model, loaded with torchvision-named weights, reproduces what PyTorch computed. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { stateDictSchema } from '../../core';
import { PARITY, PARITY_DIR, loadParity, relativeError } from '../../../tests/parity';
import { useNodeBackend, type NodeBackend } from '../backends/node';
import { checkWeights, modelFromWeights, nchwToNhwc } from '../weights/load';

const TOLERANCE = 1e-4;

function load(key: string) {
  const weights = new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR)));
  return { ...loadParity(key), weights };
}

for (const backend of ['wasm', 'cpu'] as NodeBackend[]) {
  describe(`agreement with PyTorch on ${backend}`, () => {
    it.each(Object.keys(PARITY))('%s: stem, every stage, pooling and logits', async (key) => {
      await useNodeBackend(backend);
      const before = tf.memory().numTensors;
      const { analysis, weights, tensor } = load(key);
      const model = modelFromWeights(analysis, checkWeights(weights, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: key });
      const input = tensor('input');
      const x = nchwToNhwc(input.values, input.shape);
      const stages = analysis.graph.stages.map((s) => [s.name, s.blocks.at(-1)!.outputId] as const);
      const probes = new Map<string, string>([['stem', 'maxpool'], ...stages, ['pooled', 'avgpool']]);
      const { logits, activations } = model.forward(x, new Set(probes.values()));
      for (const [name, id] of probes) {
        const expected = tensor(`expected.${name}`);
        const t = activations.get(id)!;
        // NHWC back to NCHW (pooled: [N, 1, 1, C] to [N, C]).
        const nchw = t.shape[1] === 1 && t.shape[2] === 1 && expected.shape.length === 2 ? tf.reshape(t, [t.shape[0], -1]) : tf.transpose(t, [0, 3, 1, 2]);
        expect(nchw.shape, name).toEqual(expected.shape);
        expect(relativeError(nchw.dataSync() as Float32Array, expected.values), name).toBeLessThan(TOLERANCE);
        nchw.dispose();
        t.dispose();
      }
      const expected = tensor('expected.logits');
      expect(logits.shape).toEqual(expected.shape);
      expect(relativeError(logits.dataSync() as Float32Array, expected.values)).toBeLessThan(TOLERANCE);
      logits.dispose();

      // The fast path (batch norm folded, fused conv + bias + ReLU): the same probes, the same logits.
      for (let pass = 0; pass < 2; pass++) {
        const fast = model.predict(x, new Set(probes.values()));
        for (const [name, id] of probes) {
          const t = fast.kept.get(id)!;
          const want = tensor(`expected.${name}`);
          const nchw = t.shape[1] === 1 && t.shape[2] === 1 && want.shape.length === 2 ? tf.reshape(t, [t.shape[0], -1]) : tf.transpose(t, [0, 3, 1, 2]);
          expect(relativeError(nchw.dataSync() as Float32Array, want.values), `fast ${name}`).toBeLessThan(TOLERANCE);
          tf.dispose([nchw, t]);
        }
        expect(relativeError(fast.logits.dataSync() as Float32Array, expected.values), 'fast logits').toBeLessThan(TOLERANCE);
        fast.logits.dispose();
      }
      x.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

afterAll(() => tf.disposeVariables());
