import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../core';
import type { LayerGradientNorm } from '../../runtime/train';
import type { RunView } from '../../state/trainStore';
import { explainRuns, gradientRatio, smooth, weightedDepth } from './curves';

const norms = (values: number[]): LayerGradientNorm[] =>
  values.map((norm, i) => ({ key: i === values.length - 1 ? 'fc.weight' : `l${i}.weight`, layer: `l${i}`, depth: i + 1, onShortcut: false, norm }));

function run(preset: 'plain20' | 'plain56' | 'resnet20' | 'resnet56', label: string, losses: number[], flow?: number[]): RunView {
  return {
    id: 0,
    label,
    spec: presetSpec(preset),
    status: 'running',
    message: null,
    points: losses.map((loss, i) => ({ step: i + 1, loss, accuracy: 0.5 })),
    tests: [],
    imagesPerSecond: 100,
    msPerStep: 10,
    currentLr: 0.1,
    lrOverride: null,
    flowInit: flow ? norms(flow) : null,
    flowLatest: null,
  };
}

describe('smooth', () => {
  it('is a debiased moving average: the first point stays, a constant stays, a step is approached', () => {
    expect(smooth([])).toEqual([]);
    expect(smooth([3])).toEqual([3]);
    expect(smooth([2, 2, 2, 2]).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
    const s = smooth([0, 10], 0.5);
    // avg = 0.5·0 + 0.5·10 = 5 over a weight of 0.5 + 0.25 = 0.75: 20/3.
    expect(s[1]).toBeCloseTo(20 / 3, 10);
    expect(smooth([1, 5, 9], 0)).toEqual([1, 5, 9]);
  });
});

describe('gradientRatio and depth', () => {
  it('compares the first layer with the last conv, leaving out fc', () => {
    expect(gradientRatio(norms([0.01, 0.5, 1, 123]))).toBeCloseTo(0.01, 12);
    expect(gradientRatio(norms([4, 2, 9]))).toBeCloseTo(2, 12);
    expect(gradientRatio(norms([1, 5]))).toBeNull();
    expect(weightedDepth(run('plain56', 'Plain-56', []))).toBe(56);
    expect(weightedDepth(run('resnet20', 'ResNet-20', []))).toBe(20);
  });
});

describe('explainRuns', () => {
  it('quotes the runs’ own smoothed losses at the common step, the degradation problem and the shortcuts', () => {
    const runs = [
      run('plain20', 'Plain-20', [2, 1, 0.5], [0.5, 1, 1, 9]),
      run('plain56', 'Plain-56', [2, 1.8, 1.6, 1.5], [0.001, 0.5, 1, 9]),
      run('resnet20', 'ResNet-20', [2, 0.9, 0.4]),
      run('resnet56', 'ResNet-56', [2, 1.2, 0.8], [0.8, 0.9, 1, 9]),
    ];
    const s = explainRuns(runs);
    const steps = 3;
    const at = (xs: number[]) => smooth(xs.slice(0, steps)).at(-1)!.toFixed(2);
    expect(s[0].vars).toEqual({ steps, deep: 'Plain-56', deepLoss: at([2, 1.8, 1.6]), shallow: 'Plain-20', shallowLoss: at([2, 1, 0.5]) });
    expect(s[0].text).toMatch(/degradation problem/);
    expect(s[1].vars).toMatchObject({ res: 'ResNet-20', plain: 'Plain-20', resLoss: at([2, 0.9, 0.4]) });
    expect(s[2].vars).toMatchObject({ res: 'ResNet-56', plain: 'Plain-56', resLoss: at([2, 1.2, 0.8]), plainLoss: at([2, 1.8, 1.6]) });
    expect(s[2].text).toMatch(/learn a change/);
    expect(s[3].vars).toEqual({ plain: 'Plain-56', plainRatio: '0.0010', res: 'ResNet-56', resRatio: '0.80' });
  });

  it('says nothing it cannot support', () => {
    expect(explainRuns([run('plain20', 'Plain-20', [])])).toEqual([]);
    const s = explainRuns([run('plain20', 'Plain-20', [2, 1]), run('plain56', 'Plain-56', [2, 0.5])]);
    expect(s).toHaveLength(1);
    expect(s[0].text).toMatch(/not behind yet/);
  });
});
