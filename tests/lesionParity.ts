/**
 * The lab against PyTorch (tests/fixtures/lesion; the body of src/runtime/lab/parity.*.test.ts): ResNet-20 and
 * Plain-20 after one epoch on Fashion-MNIST, on the app's 2,000 test images. Accuracies equal PyTorch's (at most
 * one image may differ, for a float tie), losses within 1e-4 relative; the landscape grid within 1e-4 relative
 * with PyTorch's own directions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { LESION, lesionAnalysis, lesionFile, type LesionNet, type LesionScore } from './lesion';
import { deletableBlocks } from '../src/core/lab';
import { useNodeBackend } from '../src/runtime/backends/node';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { fashionMnistTest } from '../src/runtime/lab/data';
import { readDirections } from '../src/runtime/lab/directions';
import { accuracyOf, evaluateSets, lossOf, type LabData, type Score } from '../src/runtime/lab/evaluate';
import { lossGrid } from '../src/runtime/lab/landscape';
import { openNet } from '../src/runtime/lab/open';

let data: LabData;

export async function setUp(): Promise<void> {
  // (Not a React hook, whatever its name: an alias keeps the hooks lint rule out of it.)
  const start = useNodeBackend;
  await start('wasm');
  data = fashionMnistTest(await readFashionMnist());
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function expectScore(got: Score, want: LesionScore, what: string) {
  expect(got.count, what).toBe(2000);
  // Accuracy: the same right answers, give or take one image whose two top logits tie within float error.
  expect(Math.abs(got.correct - Math.round(want.accuracy * 2000)), `${what} right answers`).toBeLessThanOrEqual(1);
  expect(rel(lossOf(got), want.loss), `${what} loss ${lossOf(got)} vs ${want.loss}`).toBeLessThan(1e-4);
}

/** The parity tests for one of the fixture's networks (one file per network, so that they run side by side). */
export function parityTests(name: LesionNet): void {
  const fixture = LESION[name];

  it('whole, each block deleted alone, and the fixed random sets: the same accuracies and losses; nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const analysis = lesionAnalysis(name);
    const { net } = openNet(analysis, lesionFile(`${name}.pth`));
    // Which blocks can go is the core's call; PyTorch's list is the same.
    expect(deletableBlocks(analysis)).toEqual(Object.keys(fixture.single));
    const sets = [[], ...Object.keys(fixture.single).map((b) => [b]), ...fixture.sets.map((s) => s.deleted)];
    const scores = await evaluateSets(net, data, sets);
    expectScore(scores[0], fixture.whole, 'whole');
    Object.entries(fixture.single).forEach(([b, want], k) => expectScore(scores[1 + k], want, `without ${b}`));
    fixture.sets.forEach((s, k) => expectScore(scores[1 + Object.keys(fixture.single).length + k], s, `without ${s.deleted.join(', ')}`));
    expect(accuracyOf(scores[0])).toBeCloseTo(fixture.whole.accuracy, 3);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 900_000);

  it('the 5×5 loss landscape on 500 images along PyTorch’s directions', async () => {
    const before = tf.memory().numTensors;
    const analysis = lesionAnalysis(name);
    const { net } = openNet(analysis, lesionFile(`${name}.pth`));
    const { alphas, betas, images, loss } = fixture.landscape;
    const grid = await lossGrid(net, data, readDirections(lesionFile(`${name}.directions.safetensors`), analysis), { alphas, betas, images });
    const worst = Math.max(...grid.flatMap((row, i) => row.map((s, j) => rel(lossOf(s), loss[i][j]))));
    expect(worst).toBeLessThan(1e-4);
    expect(grid[2][2].count).toBe(500);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 900_000);
}
