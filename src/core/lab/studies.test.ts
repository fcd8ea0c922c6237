import { describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec } from '..';
import { deletableBlocks } from './lesion';
import { effectiveRange, gradientByLength, pathLengthShares, samplePath } from './paths';
import { seededRng } from './random';
import { binomial, eachInTurn, randomSets } from './studies';
import { axis, filterNormalise, refinementOrder } from './landscape';

describe('the lesion studies', () => {
  const blocks = deletableBlocks(analyzeSpec(presetSpec('resnet20')));

  it('each in turn: the whole network, then each block alone', () => {
    expect(eachInTurn(blocks).map((s) => s.deleted)).toEqual([[], ...blocks.map((b) => [b])]);
  });

  it('k random blocks: seeded, distinct sets of k in the network’s order, no more draws than there are sets', () => {
    const sets = randomSets(blocks, 3, 7);
    expect(randomSets(blocks, 3, 7)).toEqual(sets);
    expect(randomSets(blocks, 3, 8)).not.toEqual(sets);
    for (let k = 1; k <= 9; k++) {
      const ofK = sets.filter((s) => s.k === k);
      expect(ofK).toHaveLength(Math.min(3, binomial(9, k)));
      expect(new Set(ofK.map((s) => s.deleted.join())).size).toBe(ofK.length);
      for (const s of ofK) {
        expect(s.deleted).toHaveLength(k);
        expect([...s.deleted].sort((a, b) => blocks.indexOf(a) - blocks.indexOf(b))).toEqual(s.deleted);
      }
    }
    expect(randomSets(blocks, 2, 1, 3).map((s) => s.k)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe('paths', () => {
  it('path lengths are Binomial(n, ½): C(n, k) / 2ⁿ, summing to 1, even for a deep net', () => {
    expect(pathLengthShares(3)).toEqual([1 / 8, 3 / 8, 3 / 8, 1 / 8].map((v) => expect.closeTo(v, 12)));
    const deep = pathLengthShares(54);
    expect(deep.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(deep[27]).toBeCloseTo(binomial(54, 27) / 2 ** 54, 12);
    expect(deep.indexOf(Math.max(...deep))).toBe(27);
  });

  it('a sampled path goes through exactly k residual branches', () => {
    const rng = seededRng(3);
    for (const k of [0, 4, 9]) expect(samplePath(9, k, rng).filter(Boolean)).toHaveLength(k);
  });

  it('the effective paths: the narrowest range of lengths holding 90% of the gradient (Veit et al.’s 5–17 of 54)', () => {
    // Gradient magnitude falling by 0.6 per block (as their Fig. 6a roughly does) over 54 blocks.
    const byLength = gradientByLength(Array.from({ length: 55 }, (_, k) => 0.6 ** k));
    expect(byLength.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const r = effectiveRange(byLength, 0.9);
    expect(r.share).toBeGreaterThanOrEqual(0.9);
    expect(r.from).toBeGreaterThan(5);
    expect(r.to).toBeLessThan(35);
    expect(effectiveRange([0, 0.05, 0.9, 0.05], 0.9)).toEqual({ from: 2, to: 2, share: 0.9 });
  });
});

describe('the landscape’s pure parts', () => {
  it('filter normalisation: each row of the direction gets the norm of the weight’s row', () => {
    const w = Float32Array.from([3, 4, 0, 0, 1, 0, 0, 0, 0]);
    const d = filterNormalise(Float32Array.from([1, 0, 0, 2, 2, 1, 5, 5, 5]), w, 3);
    const norm = (a: Float32Array, r: number) => Math.hypot(...a.subarray(r * 3, r * 3 + 3));
    expect(norm(d, 0)).toBeCloseTo(5, 6);
    expect(norm(d, 1)).toBeCloseTo(1, 6);
    expect(norm(d, 2)).toBe(0);
    // The direction of each row is kept.
    expect([...d.subarray(3, 6)].map((v) => v * 3)).toEqual([2, 2, 1].map((v) => expect.closeTo(v, 5)));
    expect(() => filterNormalise(new Float32Array(4), new Float32Array(6), 2)).toThrow();
  });

  it('the grid’s axis and its coarse-to-fine order (every point once, the corners and centre first)', () => {
    expect(axis(-1, 1, 11)).toEqual([-1, -0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => expect.closeTo(v, 12)));
    expect(axis(-1, 1, 5)[2]).toBe(0);
    for (const [r, c] of [[11, 11], [5, 5], [21, 1], [1, 1], [7, 3]]) {
      const order = refinementOrder(r, c);
      expect(order).toHaveLength(r * c);
      expect(new Set(order.map(([i, j]) => i * c + j)).size).toBe(r * c);
    }
    const first = refinementOrder(11, 11).slice(0, 9).map(([i, j]) => `${i},${j}`);
    expect(first).toEqual(expect.arrayContaining(['0,0', '0,10', '10,0', '10,10']));
  });
});
