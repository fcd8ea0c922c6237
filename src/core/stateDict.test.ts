import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARITY, PARITY_DIR, paritySpec } from '../../tests/parity';
import { TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec } from '../../tests/cifar';
import { parseSafetensors } from '../runtime/weights/safetensors';
import { PRESET_NAMES, analyzeSpec, expandSpec, inferSpec, parseSpec, presetSpec, stateDictSchema, type ResNetSpec } from './index';

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

  it.each(Object.keys(TRAIN_STEP))('%s (CIFAR train-step fixture): exactly the keys, order and shapes PyTorch saved', (key) => {
    const file = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, TRAIN_STEP_DIR))));
    const parsed = parseSpec(cifarFixtureSpec(TRAIN_STEP[key].config));
    if (!parsed.ok) throw new Error('fixture spec');
    const schema = stateDictSchema(expandSpec(parsed.value));
    const saved = [...file.entries.values()].sort((a, b) => a.byteOffset - b.byteOffset);
    expect(schema.map((p) => [p.key, p.shape, p.dtype])).toEqual(saved.map((e) => [e.name, e.shape, e.dtype]));
    expect(analyzeSpec(parsed.value).params).toBe(TRAIN_STEP[key].params);
  });

  // What weights cannot tell (strides, max-pool, input size; option A from plain) comes from the base.
  it.each([...PRESET_NAMES])('infers %s back from its state_dict shapes', (name) => {
    const spec = presetSpec(name);
    const shapes = new Map(stateDictSchema(expandSpec(spec)).map((p) => [p.key, p.shape]));
    expect(inferSpec(shapes, presetSpec(spec.residual ? 'resnet18' : 'plain20'))).toEqual({ ok: true, value: spec });
  });

  it('tells option B from option A by the downsample keys, and takes a 3x3 stem for the CIFAR one', () => {
    const shapesOf = (spec: ResNetSpec) => new Map(stateDictSchema(expandSpec(spec)).map((p) => [p.key, p.shape]));
    const optionB = { ...presetSpec('resnet32'), shortcut: 'B' as const };
    expect(inferSpec(shapesOf(optionB), presetSpec('resnet50'))).toEqual({ ok: true, value: optionB });
    expect(inferSpec(shapesOf(optionB), presetSpec('plain20'))).toEqual({ ok: true, value: optionB });
    // No downsample keys where the shape changes: option A (or plain, if that is what is on screen).
    const noProjection = { ...presetSpec('resnet18'), shortcut: 'A' as const };
    expect(inferSpec(shapesOf(noProjection), presetSpec('resnet34'))).toEqual({ ok: true, value: noProjection });
    expect(inferSpec(shapesOf(presetSpec('resnet44')), { ...presetSpec('resnet20'), residual: false })).toEqual({ ok: true, value: presetSpec('plain44') });
  });

  it('says what is missing when the file is not a ResNet', () => {
    const r = inferSpec(new Map([['encoder.weight', [3, 3]]]), presetSpec('resnet50'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['conv1.weight', 'fc.weight', 'layer1']);
  });
});
