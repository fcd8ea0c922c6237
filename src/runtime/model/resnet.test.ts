import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESET_NAMES, analyzeSpec, describeModel, expandSpec, presetSpec, stateDictSchema, type ResNetSpec } from '../../core';
import { useNodeBackend } from '../backends/node';
import { randomModel } from '../weights/load';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

function shapesMatch(spec: ResNetSpec) {
  const a = analyzeSpec(spec);
  const before = tf.memory().numTensors;
  const model = randomModel(a);
  const params = model.tensors().reduce((n, t) => n + t.size, 0);
  // The model also holds BN running statistics and the folded scale/shift: 4 extra vectors per BN.
  const bnExtra = a.layers.filter((l) => l.layer.type === 'BatchNorm2d').reduce((n, l) => n + 4 * l.layer.outChannels, 0);
  expect(params - bnExtra).toBe(a.params);
  const x = tf.randomNormal([1, spec.input.height, spec.input.width, spec.input.channels]) as tf.Tensor4D;
  const ids = new Set(a.layers.map((l) => l.layer.id));
  const { logits, activations } = model.forward(x, ids);
  for (const l of a.layers) {
    const t = activations.get(l.layer.id)!;
    // NHWC to the core's CHW (and [classes] for the linear layer).
    const chw = t.rank === 4 ? [t.shape[3], t.shape[1], t.shape[2]] : [t.shape[1]];
    expect(chw, l.layer.id).toEqual(l.outShape);
    t.dispose();
  }
  expect(logits.shape).toEqual([1, spec.numClasses]);
  expect(Number.isFinite(logits.dataSync()[0])).toBe(true);
  logits.dispose();
  x.dispose();
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('the built tfjs model', () => {
  it.each(PRESET_NAMES)('%s: every layer shape and the parameter count equal the core (33x47 input)', (name) => {
    shapesMatch({ ...presetSpec(name), input: { channels: 3, height: 33, width: 47 } });
  });

  it.each([
    { block: 'basic', stages: [{ blocks: 1, width: 8 }, { blocks: 2, width: 24, stride: 3 }], stem: { kernel: 3, stride: 1, width: 16, maxPool: false }, input: { channels: 1, height: 29, width: 31 }, numClasses: 3 },
    { block: 'bottleneck', stages: [1, 1, 1, 1, 1, 1].map((blocks, i) => ({ blocks, width: 8 << Math.min(i, 3) })), groups: 4, widthPerGroup: 16, stridePlacement: 'v1', input: { height: 64, width: 64 } },
  ])('a custom spec: %j', (raw) => {
    const r = describeModel(raw);
    if (!r.ok) throw new Error(r.errors[0].message);
    shapesMatch(r.value.graph.spec);
  });

  it('initialises as torchvision does: Kaiming normal (fan out) convs, unit BN, uniform linear', async () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const model = randomModel(a);
    const dict = new Map((await model.toStateDict()).map((d) => [d.key, d]));
    const std = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    // layer3.0.conv2: 256 out, 3x3: std sqrt(2 / (256 * 9)) = 0.0295
    expect(std(dict.get('layer3.0.conv2.weight')!.data as Float32Array)).toBeCloseTo(Math.sqrt(2 / (256 * 9)), 3);
    expect([...(dict.get('bn1.weight')!.data as Float32Array)].every((v) => v === 1)).toBe(true);
    expect([...(dict.get('bn1.running_var')!.data as Float32Array)].every((v) => v === 1)).toBe(true);
    const fc = dict.get('fc.weight')!.data as Float32Array;
    expect(fc.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(1 / Math.sqrt(512));
    expect(stateDictSchema(expandSpec(presetSpec('resnet18'))).map((p) => p.key)).toEqual([...dict.keys()]);
    model.dispose();
  });

  it('runs in slices that yield, and an abandoned pass frees everything it made', async () => {
    const a = analyzeSpec({ ...presetSpec('resnet18'), input: { channels: 3, height: 32, width: 32 } });
    const model = randomModel(a);
    const x = tf.randomNormal([1, 32, 32, 3]) as tf.Tensor4D;
    const sync = model.forward(x).logits;
    let pauses = 0;
    const before = tf.memory().numTensors;
    const asyncResult = await model.forwardAsync(x, new Set(['layer2.0.conv1']), async () => void pauses++);
    expect(pauses).toBe(a.layers.length - 1);
    expect(asyncResult.logits.dataSync()).toEqual(sync.dataSync());
    tf.dispose([asyncResult.logits, ...asyncResult.activations.values()]);
    expect(tf.memory().numTensors).toBe(before);
    let n = 0;
    await expect(
      model.forwardAsync(x, new Set(['layer1.0.conv1']), async () => {
        if (++n === 20) throw new Error('cancelled');
      }),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, sync]);
    model.dispose();
  });
});
