import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeModel, presetSpec } from '../core';
import { DraftSettler, SETTLE_MS } from './draftSettler';
import { draftFromSpec, rawFromDraft, type FormDraft } from './formDraft';

/** Types `text` into Groups one character at a time, `gap` ms apart. */
function typeGroups(s: DraftSettler, base: FormDraft, text: string, gap: number): void {
  for (let i = 1; i <= text.length; i++) {
    s.type({ ...base, groups: text.slice(0, i) }, 'groups', text.slice(0, i));
    vi.advanceTimersByTime(gap);
  }
}

describe('draft settler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const base = draftFromSpec(presetSpec('resnet50'));
  const setup = () => {
    const commits: { groups: string; field: string }[] = [];
    const s = new DraftSettler((d, field) => commits.push({ groups: d.groups, field }));
    return { s, commits };
  };

  it('hands over "32" once, after the pause, never the 3 typed on the way', () => {
    const { s, commits } = setup();
    typeGroups(s, base, '32', 150);
    expect(commits).toEqual([]);
    expect(s.typing?.groups).toBe('32');
    expect(s.typingField).toBe('groups');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(commits).toEqual([{ groups: '32', field: 'groups' }]);
    expect(s.typing).toBeNull();
    expect(s.lastField).toBe('groups');
    // What was handed over is a model the core accepts.
    const r = describeModel(rawFromDraft({ ...base, groups: '32', widthPerGroup: '4' }));
    expect(r.ok && r.value.graph.spec).toEqual(presetSpec('resnext50_32x4d'));
  });

  it('holds an empty field through a pause and hands it over when the user leaves', () => {
    const { s, commits } = setup();
    s.type({ ...base, groups: '' }, 'groups', '');
    vi.advanceTimersByTime(5 * SETTLE_MS);
    expect(commits).toEqual([]);
    s.flush();
    expect(commits).toEqual([{ groups: '', field: 'groups' }]);
  });

  it('leaving a field hands it over at once; typing elsewhere hands the first field over first', () => {
    const { s, commits } = setup();
    s.type({ ...base, groups: '8' }, 'groups', '8');
    s.flush();
    expect(commits).toEqual([{ groups: '8', field: 'groups' }]);
    s.type({ ...base, groups: '16' }, 'groups', '16');
    s.type({ ...base, groups: '16', numClasses: '10' }, 'numClasses', '10');
    expect(commits.map((c) => c.field)).toEqual(['groups', 'groups']);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(commits.map((c) => c.field)).toEqual(['groups', 'groups', 'numClasses']);
  });

  it('a choice applies at once and cancels the pending pause; discard drops what was typed', () => {
    const { s, commits } = setup();
    s.type({ ...base, groups: '4' }, 'groups', '4');
    s.apply({ ...base, groups: '4', block: 'basic' }, 'block');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(commits).toEqual([{ groups: '4', field: 'block' }]);
    s.type({ ...base, groups: '2' }, 'groups', '2');
    s.discard();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(commits).toHaveLength(1);
    expect(s.typing).toBeNull();
  });

  it('knows the draft it handed over from one that came from elsewhere', () => {
    const { s } = setup();
    const d = { ...base, groups: '2' };
    s.apply(d, 'groups');
    expect(s.handedOver(d)).toBe(true);
    expect(s.handedOver({ ...d })).toBe(false);
  });
});
