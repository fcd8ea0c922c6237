/** The learning-rate schedule, torch.optim.SGD's arithmetic, the batch sampler and the Fashion-MNIST file. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend as selectBackend } from '../backends/node';
import { EpochSampler } from './data';
import { FASHION_MNIST_MEAN, FASHION_MNIST_STD, decodeFashionMnist, encodeFashionMnist, fashionMnistData } from './fashionMnist';
import { readFashionMnist } from './fashionMnistNode';
import { learningRate, type Schedule } from './schedule';
import { Sgd } from './sgd';

describe('learning-rate schedule', () => {
  const base: Schedule = { lr: 0.1, steps: 100, warmupSteps: 10, warmup: 'constant', warmupFactor: 0.1, decay: 'cosine' };
  it('holds a tenth of the rate during a constant warm-up (He et al.), then decays by a cosine to 0', () => {
    expect(learningRate(base, 0)).toBeCloseTo(0.01, 12);
    expect(learningRate(base, 9)).toBeCloseTo(0.01, 12);
    expect(learningRate(base, 10)).toBeCloseTo(0.1, 12);
    expect(learningRate(base, 55)).toBeCloseTo(0.05, 12);
    expect(learningRate(base, 100)).toBeCloseTo(0, 12);
  });
  it('ramps linearly, and steps down by gamma at the milestones', () => {
    expect(learningRate({ ...base, warmup: 'linear' }, 5)).toBeCloseTo(0.01 + 0.09 * 0.5, 12);
    const step: Schedule = { ...base, warmupSteps: 0, decay: 'step' };
    expect([0, 49, 50, 74, 75].map((s) => learningRate(step, s))).toEqual([0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 ** 2].map((v) => expect.closeTo(v, 12)));
    expect(learningRate({ ...step, milestones: [3], gamma: 0.5 }, 3)).toBeCloseTo(0.05, 12);
  });
});

describe('SGD as torch.optim.SGD', () => {
  it.each([false, true])('weight decay, momentum (buffer = d on the first step), nesterov %s', async (nesterov) => {
    await selectBackend('cpu');
    const before = tf.memory().numTensors;
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.01, nesterov });
    let p = tf.tensor1d([1, -2]);
    const grads = [
      [0.5, 0.25],
      [-1, 2],
    ];
    // By hand: d = g + wd·p; b = d, then b = 0.9·b + d; step = nesterov ? d + 0.9·b : b; p -= lr·step.
    let ref = [1, -2];
    let buf: number[] | null = null;
    for (const g of grads) {
      const d = g.map((v, i) => v + 0.01 * ref[i]);
      buf = buf ? buf.map((b, i) => 0.9 * b + d[i]) : d;
      const stepDir = nesterov ? d.map((v, i) => v + 0.9 * buf![i]) : buf;
      ref = ref.map((v, i) => v - 0.1 * stepDir[i]);
      const gt = tf.tensor1d(g);
      const next = sgd.step(p, gt, 0.1);
      tf.dispose([p, gt]);
      p = next;
    }
    Array.from(p.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 6));
    p.dispose();
    sgd.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('batches', () => {
  it('goes through every item once per epoch, in a seeded order', () => {
    const a = new EpochSampler(10, 3);
    const epoch = [...a.next(4), ...a.next(4), ...a.next(2)];
    expect([...epoch].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = new EpochSampler(10, 3);
    expect([...b.next(10 - 1)]).toEqual(epoch.slice(0, 9));
    expect([...new EpochSampler(5, 1).next(5)]).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the Fashion-MNIST subset', () => {
  it('holds 1,000 training and 200 test images of each class, normalised as the fixtures are', async () => {
    const set = await readFashionMnist();
    expect([set.train.count, set.test.count, set.rows, set.cols]).toEqual([10000, 2000, 28, 28]);
    const perClass = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    expect(perClass(set.train.labels)).toEqual(new Array(10).fill(1000));
    expect(perClass(set.test.labels)).toEqual(new Array(10).fill(200));
    const data = fashionMnistData(set);
    const batch = data.trainBatch([3]);
    expect(batch.labels[0]).toBe(set.train.labels[3]);
    for (const k of [0, 300, 783]) expect(batch.input[k]).toBeCloseTo((set.train.images[3 * 784 + k] / 255 - FASHION_MNIST_MEAN) / FASHION_MNIST_STD, 6);
    // Over the training subset the normalised pixels have mean ≈ 0 and deviation ≈ 1.
    const all = data.trainBatch(Array.from({ length: 2000 }, (_, i) => i * 5)).input;
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });

  it('refuses a file that is not one, or whose sizes do not match its header', () => {
    const tiny = encodeFashionMnist({ rows: 2, cols: 2, train: { images: new Uint8Array(8), labels: Uint8Array.from([1, 2]), count: 2 }, test: { images: new Uint8Array(4), labels: Uint8Array.from([9]), count: 1 } });
    expect(decodeFashionMnist(tiny).test.labels).toEqual(Uint8Array.from([9]));
    expect(() => decodeFashionMnist(tiny.subarray(0, tiny.length - 1))).toThrow(/has 46 bytes; its header says 47/);
    expect(() => decodeFashionMnist(new Uint8Array(40))).toThrow(/not a Fashion-MNIST subset file/);
    const badLabel = tiny.slice();
    badLabel[badLabel.length - 1] = 10;
    expect(() => decodeFashionMnist(badLabel)).toThrow(/label 10 \(image 0\) is not a Fashion-MNIST class/);
  });
});
