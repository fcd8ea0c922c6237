/** The fast path follows the weights: it refolds after they change, and frees what it made. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec } from '../../core';
import { useNodeBackend } from '../backends/node';
import { randomModel } from '../weights/load';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let d = 0;
  let s = 0;
  y.forEach((v, i) => {
    d = Math.max(d, Math.abs(x[i] - v));
    s = Math.max(s, Math.abs(v));
  });
  return d / s;
}

describe('the fast inference path', () => {
  it('computes what the layer-by-layer pass computes, before and after the weights change, and frees everything', () => {
    const before = tf.memory().numTensors;
    const a = analyzeSpec({ ...presetSpec('resnext50_32x4d'), input: { channels: 3, height: 48, width: 40 } });
    const model = randomModel(a);
    const x = tf.randomNormal([2, 48, 40, 3]) as tf.Tensor4D;
    const compare = () => {
      const slow = model.forward(x).logits;
      const fast = model.predict(x).logits;
      const d = maxRelDiff(fast, slow);
      tf.dispose([slow, fast]);
      return d;
    };
    expect(compare()).toBeLessThan(1e-4);
    // New batch-norm statistics for the stem and a grouped conv's BN: the next prediction must use them.
    const c = 64;
    model.setFromTorch('bn1', {
      'bn.weight': Float32Array.from({ length: c }, (_, i) => 0.5 + i / c),
      'bn.bias': Float32Array.from({ length: c }, (_, i) => (i % 5) / 10),
      'bn.running_mean': Float32Array.from({ length: c }, (_, i) => (i % 3) / 10),
      'bn.running_var': Float32Array.from({ length: c }, (_, i) => 0.5 + (i % 4) / 4),
    });
    const g = 128;
    model.setFromTorch('layer1.0.bn2', {
      'bn.weight': Float32Array.from({ length: g }, (_, i) => 2 - i / g),
      'bn.bias': new Float32Array(g).fill(0.1),
      'bn.running_mean': new Float32Array(g).fill(-0.2),
      'bn.running_var': new Float32Array(g).fill(3),
    });
    expect(compare()).toBeLessThan(1e-4);
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to run once the model is disposed', () => {
    const model = randomModel(analyzeSpec({ ...presetSpec('resnet18'), input: { channels: 3, height: 32, width: 32 } }));
    model.dispose();
    const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    expect(() => model.predict(x)).toThrow('disposed');
    x.dispose();
  });
});
