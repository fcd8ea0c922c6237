/**
 * `npm run lesion` and `npm run landscape` against PyTorch's figures (tests/fixtures/lesion), and their refusals:
 * in this process, but for one success and one refusal of each, run as processes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec, type ResNetSpec } from '../src/core';
import { useNodeBackend } from '../src/runtime/backends/node';
import { fashionMnistTest } from '../src/runtime/lab/data';
import { accuracyOf, evaluateSets, lossOf } from '../src/runtime/lab/evaluate';
import { openNet } from '../src/runtime/lab/open';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { randomModel, saveWeights } from '../src/runtime/weights/load';
import { LESION, lesionPath } from '../tests/lesion';
import { call, spawnCli, expectRefusedAsProcess } from './harness';
import { main as landscape } from './landscape';
import { main as lesion } from './lesion';

const MAINS = { lesion, landscape };

/** The command run in this process, leaving no tensors behind. */
async function cli(name: 'lesion' | 'landscape', ...args: string[]) {
  const before = tf.memory().numTensors;
  const r = await call(MAINS[name], ...args);
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

interface Figures {
  accuracy: number;
  loss: number;
}

describe('npm run lesion', () => {
  it('prints the whole network, each block switched off alone and the --delete set, as the lab computes them, as a process', async () => {
    // A small residual net with fresh weights: the figures must be the runtime's (whose parity with PyTorch the
    // lab's parity tests prove on ResNet-20 and Plain-20) for the same blocks, in the JSON.
    await useNodeBackend('wasm');
    const spec: ResNetSpec = { ...presetSpec('resnet20'), stages: [{ blocks: 2, width: 8, stride: 1 }, { blocks: 2, width: 16, stride: 2 }], stem: { kernel: 3, stride: 1, width: 8, maxPool: false }, input: { channels: 1, height: 28, width: 28 }, numClasses: 10 };
    const a = analyzeSpec(spec);
    const model = randomModel(a);
    const bytes = await saveWeights(model);
    model.dispose();
    const dir = mkdtempSync(join(tmpdir(), 'lesion-'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    writeFileSync(join(dir, 'w.safetensors'), bytes);
    const r = spawnCli('lesion', '--config', join(dir, 'spec.json'), '--weights', join(dir, 'w.safetensors'), '--delete', 'layer2.1,layer1.0', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { whole: Figures; single: Record<string, Figures>; deleted: Figures & { blocks: string[] } };
    expect(Object.keys(out)).toEqual(['whole', 'single', 'deleted']);
    expect(Object.keys(out.single)).toEqual(['layer1.0', 'layer1.1', 'layer2.0', 'layer2.1']);
    expect(out.deleted.blocks).toEqual(['layer1.0', 'layer2.1']);
    const { net } = openNet(a, bytes);
    const data = fashionMnistTest(await readFashionMnist());
    const sets = [[], ['layer1.0'], ['layer1.1'], ['layer2.0'], ['layer2.1'], ['layer1.0', 'layer2.1']];
    const want = (await evaluateSets(net, data, sets)).map((s) => ({ accuracy: accuracyOf(s), loss: lossOf(s) }));
    net.dispose();
    expect(out.whole).toEqual(want[0]);
    expect(Object.values(out.single)).toEqual(want.slice(1, 5));
    expect({ accuracy: out.deleted.accuracy, loss: out.deleted.loss }).toEqual(want[5]);
    // Switching blocks off changes the answers (the figures are not the whole network's over again).
    expect(new Set(want.map((w) => w.loss)).size).toBe(6);
  }, 600_000);

  it.each([
    [['--weights', lesionPath('plain20.pth')], /give the network: --config spec.json/],
    [['--config', lesionPath('plain20.spec.json')], /give the weights: --weights/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--delete', 'layer2.0'], /layer2.0 turns 16×28×28 into 32×14×14 and has no shortcut/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--delete', 'layer7.1'], /layer7.1 is not a block of this network/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--delete', ','], /--delete needs block names/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('resnext.pth')], /does not fit this network: Missing/],
    [['--preset', 'resnet50', '--weights', lesionPath('plain20.pth')], /takes 3×224×224 images and 1000 classes; the test set has 1×28×28/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', '/nope.pth'], /cannot read --weights \/nope.pth: ENOENT/],
    [['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--depth', '3'], /unknown argument "--depth"/],
  ])('lesion fails with one line for %j', async (args, message) => {
    const r = await cli('lesion', ...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses as a process: exit code 2 and the one line of this process', async () => {
    // Refused before the weights and the test set are read: the process's own cost, little more.
    const args = ['--config', lesionPath('plain20.spec.json')];
    await expectRefusedAsProcess('lesion', args, 'error: give the weights: --weights w.pth (or .safetensors)\n', () => cli('lesion', ...args));
  });
});

describe('npm run landscape', () => {
  it('with PyTorch’s directions: loss[i][j] at α = alphas[i], β = betas[j], as PyTorch computes it', async () => {
    const want = LESION.resnet20.landscape;
    const net = 'resnet20';
    const r = await cli('landscape', '--config', lesionPath(`${net}.spec.json`), '--weights', lesionPath(`${net}.pth`), '--directions', lesionPath(`${net}.directions.safetensors`), '--alphas', '-1,0.5', '--betas', '-0.5,0,1', '--images', '500', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { loss } = JSON.parse(r.stdout) as { loss: number[][] };
    const ai = [0, 3];
    const bj = [1, 2, 4];
    expect(loss).toHaveLength(2);
    loss.forEach((row, i) => {
      expect(row).toHaveLength(3);
      row.forEach((v, j) => expect(rel(v, want.loss[ai[i]][bj[j]])).toBeLessThan(1e-4));
    });
  }, 600_000);

  it('seeded random directions: the same seed, the same slice (as a process and in this one); the trained weights at α = 0', async () => {
    const args = ['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--alphas', '0,0.5', '--betas', '0', '--images', '50', '--json'];
    const spawned = spawnCli('landscape', ...args, '--seed', '3');
    expect(spawned.stderr).toBe('');
    expect(spawned.status).toBe(0);
    const inProcess = await cli('landscape', ...args, '--seed', '3');
    expect(inProcess).toEqual(spawned);
    const a = JSON.parse(spawned.stdout) as { loss: number[][] };
    const b = JSON.parse(inProcess.stdout) as { loss: number[][] };
    const c = JSON.parse((await cli('landscape', ...args, '--seed', '4')).stdout) as { loss: number[][] };
    expect(a).toEqual(b);
    expect(c.loss[0][0]).toBe(a.loss[0][0]);
    expect(c.loss[1][0]).not.toBe(a.loss[1][0]);
  }, 600_000);

  it.each([
    [['--alphas', '1,x'], /--alphas must be numbers separated by commas/],
    [['--images', '0'], /--images must be a whole number from 1 to 2000, got "0"/],
    [['--directions', lesionPath('plain20.pth')], /the directions are not a readable safetensors file/],
    [['--directions', lesionPath('resnet20.directions.safetensors'), '--seed', '2'], /give --directions or --seed, not both/],
    [['--alphas', Array.from({ length: 101 }, (_, i) => i).join(','), '--betas', Array.from({ length: 101 }, (_, i) => i).join(',')], /101×101 points is more than the 10000 allowed/],
  ])('landscape fails with one line for %j', async (args, message) => {
    const r = await cli('landscape', '--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), ...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses as a process: exit code 2 and the one line of this process', async () => {
    const args = ['--config', lesionPath('plain20.spec.json'), '--weights', lesionPath('plain20.pth'), '--images', '0'];
    await expectRefusedAsProcess('landscape', args, 'error: --images must be a whole number from 1 to 2000, got "0"\n', () => cli('landscape', ...args));
  });
});
