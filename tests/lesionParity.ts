/**
 * The lab against PyTorch (tests/fixtures/lesion; the body of src/runtime/lab/parity.*.test.ts): ResNet-20 and
 * Plain-20 after one epoch on Fashion-MNIST, on the app's 2,000 test images. Accuracies equal PyTorch's (at most
 * one image may differ, for a float tie), losses within 1e-4 relative; the landscape within 1e-4 relative with
 * PyTorch's own directions, at four points of its grid.
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

  it('the loss landscape on 500 images along PyTorch’s directions, at four of the fixture’s 5×5 points', async () => {
    const before = tf.memory().numTensors;
    const analysis = lesionAnalysis(name);
    const { net } = openNet(analysis, lesionFile(`${name}.pth`));
    const { alphas, betas, images, loss } = fixture.landscape;
    // A 2×2 sub-grid of PyTorch's 5×5 (each point is a full pass over the 500 images, the test's whole cost):
    // both directions moved at once, with either sign and two sizes, and α ≠ β everywhere, so that a wrong
    // scale, sign, layout or a swap of the two directions shows. Every point of the grid is the same code.
    const is = [0, 3];
    const js = [1, 4];
    const grid = await lossGrid(net, data, readDirections(lesionFile(`${name}.directions.safetensors`), analysis), { alphas: is.map((i) => alphas[i]), betas: js.map((j) => betas[j]), images });
    expect(is.map((i) => alphas[i])).toEqual([-1, 0.5]);
    expect(js.map((j) => betas[j])).toEqual([-0.5, 1]);
    const worst = Math.max(...grid.flatMap((row, a) => row.map((s, b) => rel(lossOf(s), loss[is[a]][js[b]]))));
    expect(worst).toBeLessThan(1e-4);
    expect(grid.flat().every((s) => s.count === 500)).toBe(true);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 900_000);
}
