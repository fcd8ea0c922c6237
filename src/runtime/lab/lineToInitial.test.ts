/**
 * The straight line from the trained weights to the initial ones (the Lab's "From the trained to the initial
 * weights", for a run of the Train tab that can remake its initial weights): its direction is initial − trained
 * for every conv and linear weight and holds nothing else, so batch norm's parameters and statistics and the
 * biases stay as trained along it, as for the random directions (Li et al. 2018). Along it, through the lab
 * worker's host as the page asks for it, the loss at α = 0 is the trained network's, and at α = 1 that of the
 * network built from the initial conv and linear weights under the trained batch norm and biases.
 *
 * Trained: the tiny ResNet PyTorch trained (tests/fixtures/lesion/tinyres.pth); initial: torchvision's
 * initialisation of the same network (Kaiming convs, batch norm γ = 1, β = 0, statistics 0 and 1).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModel, parseSpec, stateDictSchema, type ModelAnalysis } from '../../core';
import { LESION_DIR, lesionFile } from '../../../tests/lesion';
import { useNodeBackend } from '../backends/node';
import { readFashionMnist } from '../train/fashionMnistNode';
import type { FashionMnist } from '../train/fashionMnist';
import { randomModel, saveWeights } from '../weights/load';
import { fashionMnistTest } from './data';
import { lineToInitial, movedWeights } from './directions';
import { evaluate, lossOf, type LabData } from './evaluate';
import { LabNet, type TorchModules } from './labNet';
import { readModules } from './open';
import { LabHost } from './worker/host';

const IMAGES = 256;
let analysis: ModelAnalysis;
let set: FashionMnist;
let data: LabData;
let trainedBytes: Uint8Array;
let initialBytes: Uint8Array;

beforeAll(async () => {
  await useNodeBackend('wasm');
  const spec = parseSpec(JSON.parse(readFileSync(new URL('tinyres.spec.json', LESION_DIR), 'utf8')));
  if (!spec.ok) throw new Error('fixture');
  const a = checkModel(spec.value);
  if (!a.ok) throw new Error('fixture');
  analysis = a.value;
  set = await readFashionMnist();
  data = fashionMnistTest(set);
  trainedBytes = lesionFile('tinyres.pth');
  const init = randomModel(analysis);
  initialBytes = await saveWeights(init);
  init.dispose();
}, 60_000);

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The test loss of a network with these modules, on the first IMAGES test images. */
async function lossWith(modules: TorchModules): Promise<number> {
  const net = new LabNet(analysis, modules);
  try {
    return lossOf(await evaluate(net, data, [], { images: IMAGES }));
  } finally {
    net.dispose();
  }
}

describe('the line to the initial weights', () => {
  it('is initial − trained for every conv and linear weight, and moves nothing else', () => {
    const trained = readModules(analysis, trainedBytes);
    const initial = readModules(analysis, initialBytes);
    const d = lineToInitial(analysis, trained, initial);
    const moved = movedWeights(analysis);
    // Exactly the conv weights and the linear weight, each of its weight's size.
    expect([...d.keys()]).toEqual(moved.map((p) => p.key));
    const convs = analysis.layers.filter((l) => l.layer.type === 'Conv2d').map((l) => `${l.layer.name}.weight`);
    expect(new Set(d.keys())).toEqual(new Set([...convs, 'fc.weight']));
    for (const p of moved) {
      const t = trained.get(p.layer)![p.role] as Float32Array;
      const i = initial.get(p.layer)![p.role] as Float32Array;
      const v = d.get(p.key)!;
      expect(v.length, p.key).toBe(t.length);
      expect(
        v.every((x, k) => x === Math.fround(i[k] - t[k])),
        p.key,
      ).toBe(true);
      // The trained weights moved away from their initial values (else the line would be a point).
      expect(v.some((x) => x !== 0), p.key).toBe(true);
    }
    // Batch norm's parameters and statistics, and the biases: none of them is in the direction.
    const rest = stateDictSchema(analysis.graph).filter((p) => p.role !== 'conv' && p.role !== 'fc.weight');
    expect(rest.map((p) => p.role)).toContain('bn.running_mean');
    expect(rest.map((p) => p.key)).toContain('fc.bias');
    for (const p of rest) expect(d.has(p.key), p.key).toBe(false);
  });

  it('runs in the lab’s host from the trained network’s loss (α = 0) to that of the initial weights under the trained batch norm (α = 1)', async () => {
    const host = new LabHost(async () => ({ name: 'wasm', threads: 1 }), async () => set);
    await host.loadData('data.bin.gz');
    const before = tf.memory().numTensors;
    const opened = await host.open('primary', analysis.graph.spec, trainedBytes, initialBytes);
    expect(opened.hasInitial).toBe(true);
    const points: [number, number][] = [];
    const grid = await host.landscape(1, 'primary', { kind: 'initial' }, { alphas: [0, 0.5, 1], images: IMAGES }, (i, j) => points.push([i, j]));
    expect(points.sort()).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    expect(grid.map((row) => row.map((s) => s.count))).toEqual([[IMAGES], [IMAGES], [IMAGES]]);

    const trained = readModules(analysis, trainedBytes);
    const initial = readModules(analysis, initialBytes);
    // At α = 0: the trained network.
    const atTrained = await lossWith(trained);
    expect(rel(lossOf(grid[0][0]), atTrained)).toBeLessThan(1e-4);
    // At α = 1: the initial conv and linear weights, batch norm's parameters and statistics and the biases as trained.
    const hybrid: TorchModules = new Map([...trained].map(([layer, values]) => [layer, { ...values }]));
    for (const p of movedWeights(analysis)) hybrid.get(p.layer)![p.role] = initial.get(p.layer)![p.role];
    const atInitial = await lossWith(hybrid);
    expect(rel(lossOf(grid[2][0]), atInitial)).toBeLessThan(1e-4);
    // Three different networks: the line goes somewhere, and its end keeps batch norm trained (the network
    // entirely at its initialisation, batch norm included, has another loss).
    const untouched = await lossWith(initial);
    expect(rel(atInitial, atTrained)).toBeGreaterThan(0.05);
    expect(rel(untouched, atInitial)).toBeGreaterThan(0.01);
    expect(lossOf(grid[1][0])).not.toBeCloseTo(atTrained, 3);

    await host.close('primary');
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
