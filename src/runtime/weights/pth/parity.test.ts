/** Models built from PyTorch's own torch.save files compute what PyTorch computed. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { stateDictSchema } from '../../../core';
import { loadParity, relativeError } from '../../../../tests/parity';
import { useNodeBackend } from '../../backends/node';
import { checkWeights, modelFromWeights, nchwToNhwc } from '../load';

const PTH = new URL('../../../../tests/fixtures/pth/', import.meta.url);
const INDEX = JSON.parse(readFileSync(new URL('index.json', PTH), 'utf8')) as Record<string, { same_weights_as?: string; format: string }>;
/** Every full-precision fixture with a parity twin (the float16 one is checked against rounding in torchFile.test.ts). */
const CASES = Object.entries(INDEX)
  .filter(([, e]) => e.same_weights_as && !e.format.includes('float16'))
  .map(([file, e]) => [file, /torchvision-parity\/(.+)\.weights\.safetensors/.exec(e.same_weights_as!)![1]] as const);

describe('parity from .pth files (wasm)', () => {
  it('covers the three parity models in every torch.save flavour', () => {
    expect(new Set(CASES.map(([, key]) => key))).toEqual(new Set(['tiny-basic', 'tiny-bottleneck', 'tiny-grouped']));
    expect(CASES.length).toBeGreaterThanOrEqual(6);
  });

  it.each(CASES)('%s gives the logits of %s within 1e-4', async (file, key) => {
    await useNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const { analysis, tensor } = loadParity(key);
    const weights = new Uint8Array(readFileSync(new URL(file, PTH)));
    const model = modelFromWeights(analysis, checkWeights(weights, analysis, stateDictSchema(analysis.graph)), { kind: 'file', name: file });
    const input = tensor('input');
    const x = nchwToNhwc(input.values, input.shape);
    const { logits } = model.forward(x);
    const expected = tensor('expected.logits');
    expect(logits.shape).toEqual(expected.shape);
    expect(relativeError(logits.dataSync() as Float32Array, expected.values)).toBeLessThan(1e-4);
    tf.dispose([x, logits]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

afterAll(() => tf.disposeVariables());
