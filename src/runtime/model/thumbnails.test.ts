import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec } from '../../core';
import { useNodeBackend } from '../backends/node';
import { THUMB_MAX, ThumbnailCollector, thumbSize } from './thumbnails';
import { randomModel } from '../weights/load';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('thumbnails of layer outputs', () => {
  it('sizes keep the aspect and never exceed the maximum', () => {
    expect(thumbSize(112, 112)).toEqual([THUMB_MAX, THUMB_MAX]);
    expect(thumbSize(7, 7)).toEqual([7, 7]);
    expect(thumbSize(100, 50)).toEqual([24, 12]);
    expect(thumbSize(1, 1)).toEqual([1, 1]);
  });

  it('packs the channel mean (or the strongest channel) and the exact mean of every layer, read once', async () => {
    const spec = presetSpec('resnet18');
    spec.input = { channels: 3, height: 64, width: 48 };
    const a = analyzeSpec(spec);
    const model = randomModel(a);
    const x = tf.randomNormal([1, 64, 48, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const ids = new Set(a.layers.map((l) => l.layer.id));
    const { logits, activations } = model.forward(x, ids);
    const before = tf.memory().numTensors;
    const collect = async (mode: 'mean' | 'strongest') => {
      const c = new ThumbnailCollector(mode);
      c.observe('input', x);
      for (const l of a.layers) c.observe(l.layer.id, activations.get(l.layer.id)!);
      return c.read('m', 'i');
    };
    const thumbs = await collect('mean');
    const strong = await collect('strongest');
    expect(tf.memory().numTensors).toBe(before);
    expect(thumbs.byLayer.size).toBe(a.layers.length + 1);
    expect(thumbs.modelKey).toBe('m');

    // conv1: 64 channels of 32×24 → thumbnails 24×18; the exact mean and the strongest channel checked directly.
    const y = activations.get('conv1')! as tf.Tensor4D;
    const t = thumbs.byLayer.get('conv1')!;
    const s = strong.byLayer.get('conv1')!;
    expect(s.outputMean).toBe(t.outputMean);
    expect(t.channel).toBe(-1);
    expect([t.height, t.width]).toEqual([24, 18]);
    expect(t.outputMean).toBeCloseTo(tf.mean(y).dataSync()[0], 5);
    // The strongest channel: the most energy over the thumbnail's (bilinear) samples.
    const energy = tf.sum(tf.square(tf.image.resizeBilinear(y, [24, 18])), [0, 1, 2]).dataSync();
    expect(s.channel).toBe(energy.indexOf(Math.max(...energy)));
    const resized = tf.image.resizeBilinear(tf.mean(y, 3, true) as tf.Tensor4D, [24, 18]).dataSync();
    for (let i = 0; i < resized.length; i += 37) expect(t.values[i]).toBeCloseTo(resized[i], 5);
    const strongest = tf.image.resizeBilinear(tf.slice(y, [0, 0, 0, s.channel], [1, -1, -1, 1]), [24, 18]).dataSync();
    for (let i = 0; i < strongest.length; i += 37) expect(s.values[i]).toBeCloseTo(strongest[i], 5);
    // A small map is kept as it is: layer4's 2×2 output mean, element for element.
    const l4 = thumbs.byLayer.get(a.graph.stages[3].blocks[1].outputId)!;
    expect([l4.height, l4.width]).toEqual([2, 2]);
    const direct = tf.mean(activations.get(a.graph.stages[3].blocks[1].outputId)!, 3).dataSync();
    [...direct].forEach((v, i) => expect(l4.values[i]).toBeCloseTo(v, 5));
    // The linear layer's output is one 1×1 map of its classes.
    const fc = thumbs.byLayer.get(a.layers.at(-1)!.layer.id)!;
    expect([fc.height, fc.width]).toEqual([1, 1]);
    expect(fc.values[0]).toBeCloseTo(tf.mean(logits).dataSync()[0], 5);

    tf.dispose([x, logits, ...activations.values()]);
    model.dispose();
  });

  it('collects only the layers asked for, and frees what it holds when dropped', () => {
    const before = tf.memory().numTensors;
    const c = new ThumbnailCollector('strongest', new Set(['b']));
    const y = tf.ones([1, 4, 4, 2]);
    c.observe('a', y);
    c.observe('b', y);
    expect(tf.memory().numTensors).toBe(before + 2);
    c.dispose();
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
