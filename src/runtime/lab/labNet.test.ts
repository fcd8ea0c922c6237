/**
 * The lab's network against PyTorch where the lesion fixtures do not reach: option B projections (torchvision's
 * BasicBlock) and grouped bottlenecks with a max-pool stem (ResNeXt), each block switched off alone
 * (tests/fixtures/lesion/make_shortcut_fixtures.py); the directions' filter normalisation; and the path
 * gradients, which summed over every path are the whole gradient.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
// Only this test differentiates with tfjs's autodiff (its reference); the lab's own code never does.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, checkModel, parseSpec, presetSpec, type ResNetSpec } from '../../core';
import { deletableBlocks } from '../../core/lab';
import { LESION_DIR, lesionFile } from '../../../tests/lesion';
import { useNodeBackend } from '../backends/node';
import { randomModel, saveWeights } from '../weights/load';
import { movedWeights, randomDirections } from './directions';
import { evaluateSets } from './evaluate';
import { LabNet } from './labNet';
import { openNet } from './open';
import { alongPath, disposePass, forwardForPaths } from './pathGradients';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const SHORTCUTS = JSON.parse(readFileSync(new URL('shortcuts.json', LESION_DIR), 'utf8')) as { input: number[]; inputShape: number[]; nets: Record<string, Record<string, number[]>> };

function specOf(name: string): ResNetSpec {
  const p = parseSpec(JSON.parse(readFileSync(new URL(`${name}.spec.json`, LESION_DIR), 'utf8')));
  if (!p.ok) throw new Error(p.errors[0].message);
  return p.value;
}

const maxRel = (got: ArrayLike<number>, want: number[]) => {
  let d = 0;
  let s = 0;
  want.forEach((w, i) => {
    d = Math.max(d, Math.abs(got[i] - w));
    s = Math.max(s, Math.abs(w));
  });
  return d / s;
};

describe('switching blocks off, as PyTorch does, with option B and grouped bottlenecks', () => {
  it.each(['basicB', 'resnext'])('%s: the whole network and each block switched off alone', (name) => {
    const before = tf.memory().numTensors;
    const a = checkModel(specOf(name));
    if (!a.ok) throw new Error('bad spec');
    const { net } = openNet(a.value, lesionFile(`${name}.pth`));
    const [n, c, h, w] = SHORTCUTS.inputShape;
    const x = tf.tidy(() => tf.transpose(tf.tensor4d(SHORTCUTS.input, [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D);
    const want = SHORTCUTS.nets[name];
    expect(deletableBlocks(a.value)).toEqual(Object.keys(want).filter((k) => k !== 'whole'));
    for (const [off, logits] of Object.entries(want)) {
      const y = net.forward(x, new Set(off === 'whole' ? [] : [off]));
      expect(maxRel(y.dataSync(), logits), off).toBeLessThan(1e-4);
      y.dispose();
    }
    x.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('directions', () => {
  it('random directions are seeded and filter-normalised; batch norm and biases are not moved', async () => {
    const a = analyzeSpec({ ...presetSpec('resnet20'), input: { channels: 1, height: 28, width: 28 }, numClasses: 10 });
    const model = randomModel(a);
    const { modules, net } = openNet(a, await saveWeights(model));
    model.dispose();
    net.dispose();
    const [d1, d2] = randomDirections(a, modules, 5);
    const keys = movedWeights(a).map((p) => p.key);
    expect([...d1.keys()]).toEqual(keys);
    expect(keys.every((k) => k.endsWith('.weight') && !k.includes('bn'))).toBe(true);
    expect(keys).toContain('fc.weight');
    expect(keys).toContain('layer2.0.conv1.weight');
    for (const p of movedWeights(a)) {
      const w = modules.get(p.layer)![p.role] as Float32Array;
      const rows = p.shape[0];
      const size = w.length / rows;
      for (let r = 0; r < rows; r++) {
        const norm = (v: Float32Array) => Math.hypot(...v.subarray(r * size, (r + 1) * size));
        expect(norm(d1.get(p.key)!)).toBeCloseTo(norm(w), 4);
        expect(norm(d2.get(p.key)!)).toBeCloseTo(norm(w), 4);
      }
    }
    // Seeded: the same seed gives the same directions, another seed others; the two directions differ.
    expect(randomDirections(a, modules, 5)[0].get('fc.weight')).toEqual(d1.get('fc.weight'));
    expect(randomDirections(a, modules, 6)[0].get('fc.weight')).not.toEqual(d1.get('fc.weight'));
    expect(d2.get('fc.weight')).not.toEqual(d1.get('fc.weight'));
  });
});

describe('path gradients (Veit et al.)', () => {
  it.each(['A', 'B'] as const)('summed over all 2ⁿ paths they are the whole gradient at the first block’s input (option %s)', async (shortcut) => {
    const before = tf.memory().numTensors;
    const spec: ResNetSpec = { ...presetSpec('resnet20'), stages: [{ blocks: 2, width: 4, stride: 1 }, { blocks: 1, width: 8, stride: 2 }], stem: { kernel: 3, stride: 1, width: 4, maxPool: false }, shortcut, input: { channels: 1, height: 12, width: 12 }, numClasses: 10 };
    const a = analyzeSpec(spec);
    const model = randomModel(a);
    const { net } = openNet(a, await saveWeights(model));
    model.dispose();
    const x = tf.randomNormal([3, 12, 12, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.tensor1d([1, 4, 7], 'int32');
    const pass = forwardForPaths(net, x, labels);
    const n = net.size;
    const sum = tf.tidy(() => {
      let s: tf.Tensor = tf.zerosLike(pass.inputs[0]);
      for (let m = 0; m < 2 ** n; m++) s = tf.add(s, alongPath(net, pass, Array.from({ length: n }, (_, i) => ((m >> i) & 1) === 1)));
      return s;
    });
    // The whole gradient, by tfjs's autodiff through the network from the first block's input on (on the CPU
    // backend: the WebAssembly one has no filter-gradient kernel, which autodiff of a fused conv asks for).
    await useNodeBackend('cpu');
    const whole = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => {
        const logits = net.forwardFrom(0, z as tf.Tensor4D, new Set());
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, 10)), 1)));
      })(pass.inputs[0]),
    );
    await useNodeBackend('wasm');
    expect(Math.max(...whole.dataSync().map(Math.abs))).toBeGreaterThan(0);
    expect(maxRel(sum.dataSync(), [...whole.dataSync()])).toBeLessThan(1e-4);
    tf.dispose([sum, whole, x, labels]);
    disposePass(pass);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a plain network (it has one path)', async () => {
    const a = analyzeSpec({ ...presetSpec('resnet20'), residual: false, input: { channels: 1, height: 12, width: 12 } });
    const model = randomModel(a);
    const net = new LabNet(a, openNet(a, await saveWeights(model)).modules);
    model.dispose();
    const x = tf.zeros([1, 12, 12, 1]) as tf.Tensor4D;
    const l = tf.tensor1d([0], 'int32');
    expect(() => forwardForPaths(net, x, l)).toThrow('one path');
    tf.dispose([x, l]);
    net.dispose();
  });
});

describe('a cancelled evaluation', () => {
  it('leaves no tensor behind, wherever between blocks or sets the cancel lands', async () => {
    const spec: ResNetSpec = { ...presetSpec('resnet20'), stages: [{ blocks: 2, width: 4, stride: 1 }, { blocks: 2, width: 8, stride: 2 }], stem: { kernel: 3, stride: 1, width: 4, maxPool: false }, input: { channels: 1, height: 12, width: 12 }, numClasses: 10 };
    const a = analyzeSpec(spec);
    const model = randomModel(a);
    const { net } = openNet(a, await saveWeights(model));
    model.dispose();
    const count = 6;
    const data = { images: Float32Array.from({ length: count * 144 }, (_, i) => Math.sin(i)), labels: Int32Array.from({ length: count }, (_, i) => i), count, input: spec.input };
    const sets = [[], ['layer1.1'], ['layer2.1']];
    const before = tf.memory().numTensors;
    // Throw at the k-th pause (a cancel), for every k the evaluation reaches; then let it finish.
    let reached = 0;
    for (let k = 1; ; k++) {
      let calls = 0;
      const pause = async () => {
        if (++calls === k) throw new Error('cancelled');
      };
      const done = await evaluateSets(net, data, sets, { chunk: 3, pause }).then(
        () => true,
        () => false,
      );
      expect(tf.memory().numTensors, `cancelled at pause ${k}`).toBe(before);
      if (done) break;
      reached = k;
    }
    // Two batches, each: the blocks up to the last set's first block, then each set.
    expect(reached).toBeGreaterThanOrEqual(8);
    net.dispose();
  });
});
