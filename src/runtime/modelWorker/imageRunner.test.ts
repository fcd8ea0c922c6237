/**
 * The image runner's two parts: the predictions from one bare fast-path pass, and the read-outs (stage means,
 * residual ratios, the class activation map, feature maps, thumbnails) from the layer-by-layer pass after it,
 * which a newer run stops. Each figure is checked against the same arithmetic done directly on the model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, featureOutputs, presetSpec, softmax, topK } from '../../core';
import { useNodeBackend } from '../backends/node';
import { randomModel } from '../weights/load';
import { ImageRunner } from './imageRunner';
import { l2Norm } from '../../../tests/norms';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

function smallResNet18() {
  const spec = presetSpec('resnet18');
  spec.input = { channels: 3, height: 48, width: 48 };
  return analyzeSpec(spec);
}

const request = (token: number) => ({ token, modelId: 1, selected: 'layer2.0.conv1', thumbMode: 'mean' as const, imageKey: '1:classic' });

describe('the image runner', () => {
  it('predicts from the bare fast pass, then reads out every figure from one layer-by-layer pass', async () => {
    const a = smallResNet18();
    const model = randomModel(a);
    const values = tf.randomNormal([1, 48, 48, 3], 0, 1, 'float32', 3).dataSync() as Float32Array;
    const runner = new ImageRunner();
    runner.setInput({ key: 'k', values: values.slice(), shape: [1, 48, 48, 3] });
    // The model's own tensors include the fast path's folded weights, made on its first use.
    model.fastPath();
    const before = tf.memory().numTensors;

    const prediction = (await runner.predict(model, request(1)))!;
    const x = tf.tensor4d(values, [1, 48, 48, 3]);
    const lastBody = a.stages.at(-1)!.outputId;
    const adds = a.layers.filter((l) => l.layer.type === 'Add').map((l) => l.layer);
    const ids = new Set([lastBody, 'layer2.0.conv1', ...featureOutputs(a).keys(), ...adds.flatMap((l) => l.inputs.map((i) => i.from))]);
    const reference = model.forward(x, ids);
    const logits = reference.logits.dataSync() as Float32Array;
    expect(prediction.classes).toBe(1000);
    expect(prediction.top.map((t) => t.index)).toEqual(topK(softmax(logits), 5).map((t) => t.index));
    prediction.top.forEach((t, i) => expect(t.p).toBeCloseTo(topK(softmax(logits), 5)[i].p, 6));
    expect(prediction.latencyMs).toBeGreaterThan(0);

    const readouts = (await runner.readouts(model, { ...request(1), classIndex: prediction.top[0].index }))!;
    const act = (id: string) => reference.activations.get(id)!;
    // One mean map per stage output, over channels.
    expect(readouts.stages.map((s) => s.name)).toEqual([...featureOutputs(a).values()]);
    for (const s of readouts.stages) {
      const id = [...featureOutputs(a)].find(([, name]) => name === s.name)![0];
      const want = tf.tidy(() => tf.mean(act(id), -1).dataSync());
      s.mean.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    }
    // ‖F(x)‖ / ‖shortcut‖ for each block.
    expect(readouts.residual).toHaveLength(adds.length);
    adds.forEach((add, i) => {
      const ratio = l2Norm(act(add.inputs[0].from).dataSync()) / l2Norm(act(add.inputs[1].from).dataSync());
      expect(readouts.residual[i].block).toBe(add.name.replace(/\.add$/, ''));
      expect(readouts.residual[i].ratio).toBeCloseTo(ratio, 4);
    });
    // The class activation map of the predicted class, on the last stage's grid.
    expect(readouts.cam!.classIndex).toBe(prediction.top[0].index);
    expect([readouts.cam!.height, readouts.cam!.width]).toEqual(act(lastBody).shape.slice(1, 3));
    expect(Math.min(...readouts.cam!.values)).toBe(0);
    expect(Math.max(...readouts.cam!.values)).toBeCloseTo(1, 6);
    // The selected layer's feature maps, channel-major.
    const conv = act('layer2.0.conv1');
    expect(readouts.features!.shape).toEqual([conv.shape[3], conv.shape[1], conv.shape[2]]);
    const chw = tf.tidy(() => tf.transpose(tf.squeeze(conv, [0]), [2, 0, 1]).dataSync());
    expect(Math.max(...readouts.features!.values.map((v, i) => Math.abs(v - chw[i])))).toBeLessThan(1e-5);
    // Every layer's thumbnail, and the input's.
    expect(readouts.thumbnails.byLayer.size).toBe(a.layers.length + 1);
    expect(readouts.thumbnails.byLayer.get(lastBody)!.outputMean).toBeCloseTo(tf.tidy(() => tf.mean(act(lastBody)).dataSync()[0]), 5);

    tf.dispose([x, reference.logits, ...reference.activations.values()]);
    expect(tf.memory().numTensors).toBe(before);
    runner.dispose();
    model.dispose();
  });

  it('a newer run stops the read-outs at their next pause, and frees what they made', async () => {
    const a = smallResNet18();
    const model = randomModel(a);
    const runner = new ImageRunner();
    runner.setInput({ key: 'k', values: new Float32Array(48 * 48 * 3).fill(0.5), shape: [1, 48, 48, 3] });
    model.fastPath();
    const before = tf.memory().numTensors;
    const old = runner.readouts(model, { ...request(1), classIndex: 0 });
    runner.cancel(2);
    expect(await old).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    // A run older than the newest asked for is not started at all.
    expect(await runner.predict(model, request(1))).toBeNull();
    expect(await runner.predict(model, request(2))).not.toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    runner.dispose();
    model.dispose();
  });
});
