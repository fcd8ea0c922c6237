import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARITY, PARITY_DIR, paritySpec } from '../../tests/parity';
import { parseSafetensors } from '../runtime/safetensors';
import { PRESET_NAMES, analyzeSpec, expandSpec, inferSpec, parseSpec, presetSpec, stateDictSchema } from './index';

describe('state_dict schema', () => {
  it.each(PRESET_NAMES)('%s: parameters add up to the model total', (name) => {
    const schema = stateDictSchema(expandSpec(presetSpec(name)));
    const params = schema
      .filter((p) => p.role !== 'bn.running_mean' && p.role !== 'bn.running_var' && p.role !== 'bn.num_batches_tracked')
      .reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    expect(params).toBe(analyzeSpec(presetSpec(name)).params);
  });

  it.each(Object.keys(PARITY))('%s: exactly the keys, order and shapes PyTorch saved', (key) => {
    const file = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR))));
    const parsed = parseSpec(paritySpec(PARITY[key]));
    if (!parsed.ok) throw new Error('fixture spec');
    const schema = stateDictSchema(expandSpec(parsed.value));
    const saved = [...file.entries.values()].sort((a, b) => a.byteOffset - b.byteOffset);
    expect(schema.map((p) => [p.key, p.shape, p.dtype])).toEqual(saved.map((e) => [e.name, e.shape, e.dtype]));
  });

  it.each([...PRESET_NAMES])('infers %s back from its state_dict shapes', (name) => {
    const spec = presetSpec(name);
    const shapes = new Map(stateDictSchema(expandSpec(spec)).map((p) => [p.key, p.shape]));
    expect(inferSpec(shapes, presetSpec('resnet18'))).toEqual({ ok: true, value: spec });
  });

  it('says what is missing when the file is not a ResNet', () => {
    const r = inferSpec(new Map([['encoder.weight', [3, 3]]]), presetSpec('resnet50'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['conv1.weight', 'fc.weight', 'layer1']);
  });
});
