import { describe, expect, it } from 'vitest';
import { channelStats, minMaxScale, residualRatio } from './readouts';
import { l2Norm } from '../../../tests/norms';

describe('read-out maths, worked by hand', () => {
  it('scales a class activation map to [0, 1]', () => {
    // min 1, max 5, range 4: (v - 1) / 4.
    expect(Array.from(minMaxScale(Float32Array.from([1, 3, 5, 2])))).toEqual([0, 0.5, 1, 0.25]);
    // A flat map has no range: every value becomes 0 rather than NaN.
    expect(Array.from(minMaxScale(Float32Array.from([2, 2, 2, 2])))).toEqual([0, 0, 0, 0]);
  });

  it("gives a residual block's ||F(x)|| / ||shortcut||", () => {
    // F(x) = [3, 4] (norm 5), shortcut = [0, 0, 10] (norm 10): ratio 0.5.
    expect(residualRatio(l2Norm([3, 4]), l2Norm([0, 0, 10]))).toBe(0.5);
    // A shortcut of zeros carries nothing: 0, not Infinity.
    expect(residualRatio(l2Norm([1, 2]), l2Norm([0, 0]))).toBe(0);
  });

  it('gives per-channel statistics of a 2×2×2 map', () => {
    // Channel 0: [0, 2, 4, -2] → mean 1, min -2, max 4, one zero in four.
    // Channel 1: [1, 1, 0, 0]  → mean 0.5, min 0, max 1, two zeros in four.
    const values = Float32Array.from([0, 2, 4, -2, 1, 1, 0, 0]);
    const { stats, min, max } = channelStats(values, 2, 4);
    expect(stats).toEqual([
      { channel: 0, mean: 1, min: -2, max: 4, zeros: 0.25 },
      { channel: 1, mean: 0.5, min: 0, max: 1, zeros: 0.5 },
    ]);
    expect([min, max]).toEqual([-2, 4]);
  });
});
