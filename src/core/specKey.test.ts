import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, atInputSize, matchPreset, presetSpec, sameSpec, specKey, type ResNetSpec } from './index';

/** The same object with its keys (and its nested objects' keys) in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

describe('specKey', () => {
  it('ignores property order', () => {
    for (const name of PRESET_NAMES) {
      const spec = presetSpec(name);
      expect(JSON.stringify(reversed(spec))).not.toBe(JSON.stringify(spec));
      expect(specKey(reversed(spec))).toBe(specKey(spec));
    }
  });

  it('reads omitted fields as their defaults (shortcut B, residual, v1.5, 224×224, …)', () => {
    const full = presetSpec('resnet50');
    const spelled = { ...full, shortcut: 'B', residual: true };
    const omitted = { block: 'bottleneck', stages: full.stages };
    expect(specKey(omitted)).toBe(specKey(full));
    expect(specKey(spelled)).toBe(specKey(full));
    expect(sameSpec({ block: 'basic', stages: [{ blocks: 2, width: 64 }, { blocks: 2, width: 128 }] }, {
      block: 'basic',
      stages: [{ blocks: 2, width: 64, stride: 1 }, { blocks: 2, width: 128, stride: 2 }],
    })).toBe(true);
  });

  it('a complete spec and the same spec with defaults left out get one key; fields no spec has are not part of it', () => {
    for (const name of PRESET_NAMES) {
      const full = presetSpec(name);
      const { shortcut, residual, stem, ...rest } = full;
      const { maxPool, ...stemRest } = stem;
      const sparse = { ...rest, stem: stemRest, stages: full.stages.map((s, i) => (i === 0 && s.stride === 1 ? { blocks: s.blocks, width: s.width } : s)) };
      const omitted = { ...sparse, ...(shortcut === 'B' ? {} : { shortcut }), ...(residual ? {} : { residual }), stem: maxPool ? stemRest : stem };
      expect(specKey(omitted)).toBe(specKey(full));
    }
    expect(specKey({ ...presetSpec('resnet18'), note: 'mine' })).toBe(specKey(presetSpec('resnet18')));
  });

  it('differs for different specs: every preset from every other, and a change to any field', () => {
    const keys = new Set(PRESET_NAMES.map((n) => specKey(presetSpec(n))));
    expect(keys.size).toBe(PRESET_NAMES.length);
    const base = presetSpec('resnet56');
    const variants: ResNetSpec[] = [
      { ...base, shortcut: 'B' },
      { ...base, residual: false },
      { ...base, numClasses: 100 },
      { ...base, stridePlacement: 'v1' },
      atInputSize(base, { height: 32, width: 33 }),
      { ...base, stem: { ...base.stem, maxPool: true } },
      { ...base, stages: base.stages.map((s, i) => (i === 2 ? { ...s, blocks: 8 } : s)) },
    ];
    for (const v of variants) expect(specKey(v)).not.toBe(specKey(base));
    expect(new Set(variants.map(specKey)).size).toBe(variants.length);
  });

  it('keys a spec the parser refuses as written, keys sorted', () => {
    expect(specKey({ stages: 3, block: 'x' })).toBe('{"block":"x","stages":3}');
    expect(specKey({ block: 'x', stages: 3 })).toBe(specKey({ stages: 3, block: 'x' }));
    expect(specKey({ block: 'x', stages: 3 })).not.toBe(specKey({ block: 'x', stages: 4 }));
  });

  it('matchPreset reads it: a preset written in another order or with defaults omitted is still the preset', () => {
    const r18 = presetSpec('resnet18');
    expect(matchPreset(reversed(r18) as ResNetSpec)).toBe('resnet18');
    expect(matchPreset({ block: 'basic', stages: r18.stages } as ResNetSpec)).toBe('resnet18');
    expect(matchPreset({ ...r18, numClasses: 10 })).toBeUndefined();
  });
});
