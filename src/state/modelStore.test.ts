import { describe, expect, it } from 'vitest';
import { english, presetSpec } from '../core';
import { draftFromSpec } from './formDraft';
import { COALESCE_MS, ModelStore, type UrlAdapter } from './modelStore';
import { parseSpecQuery } from './urlState';

function fakeUrl(initial = '') {
  const entries = [initial];
  let index = 0;
  const url: UrlAdapter & { entries: string[]; back(): void } = {
    entries,
    read: () => entries[index],
    write(query, replace) {
      if (replace) entries[index] = query;
      else {
        entries.splice(index + 1);
        entries.push(query);
        index++;
      }
    },
    back() {
      index--;
    },
  };
  return url;
}

describe('ModelStore', () => {
  it('opens the link\'s model, or ResNet-50 and a message when the link is tampered with', () => {
    expect(new ModelStore(fakeUrl('model=resnet18')).getState().preset).toBe('resnet18');
    const s = new ModelStore(fakeUrl('model=resnet50&stages=3-64-1,4-x'));
    expect(s.getState().preset).toBe('resnet50');
    expect(english(s.getState().linkError!)).toMatch(/could not be opened: stage 2 width must be a number/);
  });

  it('shows the last valid model while the form is invalid, and says which field is wrong', () => {
    const url = fakeUrl();
    const s = new ModelStore(url);
    const draft = draftFromSpec(presetSpec('resnet50'));
    draft.stages[2].blocks = '0';
    s.editDraft(draft, 'stages[2].blocks');
    expect(s.getState().errors.map(({ field, message }) => ({ field, message }))).toEqual([{ field: 'stages[2].blocks', message: 'stage 3 blocks must be between 1 and 128, got 0' }]);
    expect(s.getState().analysis.params).toBe(25_557_032);
    expect(s.getState().draft.stages[2].blocks).toBe('0');
    expect(url.entries).toHaveLength(1);
  });

  it('turns an edited preset into a custom model based on it, in the URL', () => {
    const url = fakeUrl();
    const s = new ModelStore(url);
    const draft = draftFromSpec(presetSpec('resnet50'));
    draft.stages[2].blocks = '23';
    s.editDraft(draft, 'stages[2].blocks');
    expect(s.getState().preset).toBe('resnet101');
    draft.stages[2].blocks = '5';
    s.editDraft(draft, 'stages[3].blocks');
    expect(s.getState().preset).toBeNull();
    expect(s.getState().basedOn).toBe('resnet101');
    const fromUrl = parseSpecQuery(url.entries.at(-1)!);
    expect(fromUrl.ok && fromUrl.value.stages[2].blocks).toBe(5);
  });

  it('undoes and redoes, coalescing quick edits of one field', () => {
    let t = 0;
    const url = fakeUrl();
    const s = new ModelStore(url, () => t);
    const draft = draftFromSpec(presetSpec('resnet50'));
    for (const v of ['1', '12', '128']) {
      draft.stages[0].width = v;
      s.editDraft({ ...draft, stages: draft.stages.map((x) => ({ ...x })) }, 'stages[0].width');
      t += 100;
    }
    t += COALESCE_MS;
    draft.numClasses = '10';
    s.editDraft(draft, 'numClasses');
    expect(url.entries).toHaveLength(3);
    expect(s.getState().canUndo).toBe(true);
    s.undo();
    expect(s.getState().analysis.graph.spec.numClasses).toBe(1000);
    expect(s.getState().analysis.graph.spec.stages[0].width).toBe(128);
    s.undo();
    expect(s.getState().preset).toBe('resnet50');
    expect(s.getState().canUndo).toBe(false);
    s.redo();
    s.redo();
    expect(s.getState().analysis.graph.spec.numClasses).toBe(10);
    expect(s.getState().canRedo).toBe(false);
  });

  it('follows back and forward through the URL', () => {
    const url = fakeUrl();
    const s = new ModelStore(url);
    s.pickPreset('resnet18');
    s.pickPreset('resnext50_32x4d');
    url.back();
    s.syncFromUrl();
    expect(s.getState().preset).toBe('resnet18');
  });

  it('loads a spec from a file, refusing a bad one without losing the model', () => {
    const s = new ModelStore(fakeUrl());
    expect(s.loadSpec({ block: 'basic', stages: [{ blocks: 0, width: 8 }] })).toHaveLength(1);
    expect(s.getState().preset).toBe('resnet50');
    expect(s.loadSpec(presetSpec('resnet34'))).toEqual([]);
    expect(s.getState().preset).toBe('resnet34');
  });

  it('stops telling its listeners once disposed', () => {
    const s = new ModelStore(fakeUrl());
    let heard = 0;
    s.subscribe(() => heard++);
    s.pickPreset('resnet18');
    s.dispose();
    s.pickPreset('resnet34');
    s.subscribe(() => heard++)();
    expect(heard).toBe(1);
    expect(s.getState().preset).toBe('resnet34');
  });
});
