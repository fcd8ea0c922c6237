import { describe, expect, it } from 'vitest';
import { describeModel, matchPreset, parseSpec, presetSpec, PRESET_NAMES } from './index';

const base = () => JSON.parse(JSON.stringify(presetSpec('resnet50')));
const fields = (raw: unknown) => {
  const r = describeModel(raw);
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('parseSpec', () => {
  it('accepts every preset and returns it unchanged', () => {
    for (const name of PRESET_NAMES) {
      const r = parseSpec(presetSpec(name));
      expect(r).toEqual({ ok: true, value: presetSpec(name) });
      if (r.ok) expect(matchPreset(r.value)).toBe(name);
    }
  });

  it('fills torchvision defaults around the required block and stages', () => {
    const r = parseSpec({ block: 'bottleneck', stages: [3, 4, 6, 3].map((blocks, i) => ({ blocks, width: 64 << i })) });
    expect(r.ok && matchPreset(r.value)).toBe('resnet50');
  });

  it('names each bad field with a readable reason', () => {
    const spec = base();
    spec.stages[2].blocks = 0;
    spec.stages[1].width = 'wide';
    spec.input.height = 2.5;
    spec.numClasses = -3;
    const r = parseSpec(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'input.height', message: 'input height must be a whole number, got 2.5' },
      { field: 'stages[1].width', message: 'stage 2 width must be a number, got "wide"' },
      { field: 'stages[2].blocks', message: 'stage 3 blocks must be between 1 and 128, got 0' },
      { field: 'numClasses', message: 'number of classes must be between 1 and 100000, got -3' },
    ]);
  });

  it.each([
    [null, 'spec'],
    ['resnet50', 'spec'],
    [[1, 2], 'spec'],
    [{ block: 'basic' }, 'stages'],
    [{ block: 'basic', stages: [] }, 'stages'],
    [{ block: 'basic', stages: new Array(7).fill({ blocks: 1, width: 8 }) }, 'stages'],
    [{ block: 'triangle', stages: [{ blocks: 1, width: 8 }] }, 'block'],
    [{ block: 'basic', stages: [null] }, 'stages[0]'],
    [{ block: 'basic', stages: [{ blocks: 10_000, width: 64 }] }, 'stages[0].blocks'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 1e9 }] }, 'stages[0].width'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], groups: 32 }, 'groups'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], widthPerGroup: 128 }, 'widthPerGroup'],
    [{ block: 'bottleneck', stages: [{ blocks: 1, width: 8 }], widthPerGroup: 4 }, 'stages[0].width'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], input: { height: 0 } }, 'input.height'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], input: { width: Infinity } }, 'input.width'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], stem: { maxPool: 'yes' } }, 'stem.maxPool'],
    [{ block: 'basic', stages: [{ blocks: 1, width: 64 }], stridePlacement: 'v2' }, 'stridePlacement'],
  ])('rejects %j at %s', (raw, field) => {
    expect(fields(raw)).toContain(field);
  });

  it('never throws, whatever it is given', () => {
    const odd = [undefined, 0, '', true, Symbol.iterator, () => 1, { stages: { length: 3 } }, { block: 'basic', stages: [[]] }];
    for (const raw of odd) expect(() => describeModel(raw)).not.toThrow();
  });
});

describe('checkModel', () => {
  it('refuses a model whose weights would not fit in a browser, naming the count', () => {
    const spec = { block: 'bottleneck', stages: [{ blocks: 100, width: 4096 }] };
    const r = describeModel(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].field).toBe('params');
    expect(r.errors[0].message).toMatch(/parameters .* more than a browser can hold/);
  });

  it('refuses an activation too large to hold, naming the layer', () => {
    const spec = { block: 'basic', stages: [{ blocks: 1, width: 1024 }], input: { height: 4096, width: 4096 }, stem: { stride: 1, maxPool: false, width: 1024 } };
    expect(fields(spec)).toContain('conv1');
  });

  it('accepts a custom ResNet-26 with 6 stages', () => {
    const spec = { block: 'bottleneck', stages: [2, 2, 2, 2, 2, 2].map((blocks, i) => ({ blocks, width: 16 << i })) };
    const r = describeModel(spec);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.depth).toBe(1 + 12 * 3 + 1);
  });
});
