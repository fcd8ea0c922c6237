import { describe, expect, it } from 'vitest';
import { presetSpec } from '../core';
import { loadLibrary, saveToLibrary, type KeyValueStore } from './library';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('saved models', () => {
  it('saves, replaces by name and lists newest first', () => {
    const s = memory();
    const wide = { ...presetSpec('resnet18'), stages: presetSpec('resnet18').stages.map((x) => ({ ...x, width: x.width * 2 })) };
    saveToLibrary(s, 'Wide 18', wide);
    saveToLibrary(s, 'Tiny', { ...presetSpec('resnet18'), numClasses: 10 });
    saveToLibrary(s, 'Wide 18', { ...wide, numClasses: 100 });
    const lib = loadLibrary(s);
    expect(lib.map((m) => m.name)).toEqual(['Wide 18', 'Tiny']);
    expect(lib[0].spec.numClasses).toBe(100);
  });

  it('skips what does not read as a model, and survives garbage', () => {
    const s = memory();
    s.setItem('resnet-explorer.library', JSON.stringify([{ name: 'bad', query: 'model=custom&stages=0-1-1' }, { name: 'ok', query: 'model=resnet34' }, 7]));
    expect(loadLibrary(s).map((m) => m.name)).toEqual(['ok']);
    s.setItem('resnet-explorer.library', '{not json');
    expect(loadLibrary(s)).toEqual([]);
  });
});
