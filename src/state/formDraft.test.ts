import { describe, expect, it } from 'vitest';
import { describeModel, presetSpec, PRESET_NAMES } from '../core';
import { draftFromSpec, rawFromDraft } from './formDraft';

describe('form draft', () => {
  it('round-trips every preset through the form', () => {
    for (const name of PRESET_NAMES) {
      const r = describeModel(rawFromDraft(draftFromSpec(presetSpec(name))));
      expect(r.ok && r.value.graph.spec).toEqual(presetSpec(name));
    }
  });

  it('keeps what the user typed and lets the core name the field', () => {
    const d = draftFromSpec(presetSpec('resnet18'));
    d.stages[1].width = 'abc';
    d.inputHeight = ' 300 ';
    d.stages[3].blocks = '';
    const r = describeModel(rawFromDraft(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'stages[1].width', message: 'stage 2 width must be a number, got "abc"' },
      { field: 'stages[3].blocks', message: 'stage 4 blocks must be a number, got ""' },
    ]);
  });
});
