/**
 * The comparison's models on the model's thread: built, timed and run on the page's inputs, each column told
 * as it changes; a removed variant's model is freed, and closing the comparison frees them all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureOutputs, presetSpec, specKey } from '../../core';
import { useNodeBackend } from '../backends/node';
import { CompareHost } from './compareHost';
import type { ColumnState } from './protocol';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('the comparison on the model thread', () => {
  it('builds and times each distinct variant, runs the image through them, and frees what is removed', async () => {
    const heard: ColumnState[][] = [];
    const host = new CompareHost((c) => heard.push(c), async () => {});
    const before = tf.memory().numTensors;
    const r20 = presetSpec('resnet20');
    const r32 = presetSpec('resnet32');
    await host.setVariants([r20, r32, r20]);
    const last = heard.at(-1)!;
    // Distinct variants, once each, in order; both built and timed.
    expect(last.map((c) => c.key)).toEqual([specKey(r20), specKey(r32)]);
    expect(last.every((c) => c.status === 'ready' && c.latencyMs! > 0)).toBe(true);
    // Each column was said to be building before it was ready.
    expect(heard.some((cs) => cs.find((c) => c.key === specKey(r32))?.status === 'building')).toBe(true);
    const withTwo = tf.memory().numTensors;
    expect(withTwo).toBeGreaterThan(before);

    const values = tf.tidy(() => tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 5).dataSync() as Float32Array);
    await host.predict([{ keys: [specKey(r20), specKey(r32)], values, shape: [1, 32, 32, 3] }]);
    const shown = heard.at(-1)!;
    for (const c of shown) {
      expect(c.top).toHaveLength(5);
      expect(c.top!.reduce((n, t) => n + t.p, 0)).toBeLessThanOrEqual(1 + 1e-6);
      expect(Object.keys(c.thumbs!).sort()).toEqual([...featureOutputs(host['models'].get(c.key)!.analysis).values()].sort());
    }
    // The top class is the model's own: the same input through the same model.
    const model = host['models'].get(specKey(r32))!;
    const logits = tf.tidy(() => model.forward(tf.tensor4d(values, [1, 32, 32, 3])).logits.dataSync());
    expect(shown[1].top![0].index).toBe(logits.indexOf(Math.max(...logits)));

    // A new image clears what the columns show at once.
    host.clearImage();
    expect(heard.at(-1)!.every((c) => c.top === null && c.thumbs === null)).toBe(true);

    await host.setVariants([r32]);
    expect(heard.at(-1)!.map((c) => c.key)).toEqual([specKey(r32)]);
    const withOne = tf.memory().numTensors;
    expect(withOne).toBeLessThan(withTwo);
    await host.setVariants([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a newer set of variants takes over from the one under way; a model too big for the budget is skipped, said why', async () => {
    const heard: ColumnState[][] = [];
    const host = new CompareHost((c) => heard.push(c), async () => {});
    const before = tf.memory().numTensors;
    const huge = { ...presetSpec('resnet18'), stages: presetSpec('resnet18').stages.map((s) => ({ ...s, width: s.width * 8 })) };
    const first = host.setVariants([presetSpec('resnet56')]);
    const second = host.setVariants([huge]);
    await Promise.all([first, second]);
    const [column] = heard.at(-1)!;
    expect(column.key).toBe(specKey(huge));
    expect(column.status).toBe('skipped');
    expect(column.note?.template).toBe('Not loaded: the compared models together would need over {gb} GB');
    await host.setVariants([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
