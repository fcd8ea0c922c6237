import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetSpec, type ResNetSpec } from '../core';
import { URL_PARAMS, parseSpecQuery, readHub, readView, serializeSpec, withParams, writeHub, writeSpecQuery, writeView } from './urlState';

const custom: ResNetSpec = {
  input: { channels: 1, height: 197, width: 251 },
  stem: { kernel: 3, stride: 1, width: 32, maxPool: false },
  block: 'bottleneck',
  stages: [
    { blocks: 2, width: 32, stride: 1 },
    { blocks: 5, width: 96, stride: 2 },
    { blocks: 1, width: 160, stride: 3 },
  ],
  groups: 8,
  widthPerGroup: 16,
  stridePlacement: 'v1',
  shortcut: 'A',
  residual: false,
  numClasses: 37,
};

describe('URL state', () => {
  it('writes a preset as its name and reads it back', () => {
    for (const name of PRESET_NAMES) {
      const q = serializeSpec(presetSpec(name));
      expect(q.toString()).toBe(`model=${name}`);
      expect(parseSpecQuery(q.toString())).toEqual({ ok: true, value: presetSpec(name) });
    }
  });

  it('round-trips a custom model exactly', () => {
    const q = serializeSpec(custom).toString();
    expect(q).toContain('model=custom');
    expect(parseSpecQuery(q)).toEqual({ ok: true, value: custom });
  });

  it('carries the shortcut option and the plain switch', () => {
    const optionB = { ...presetSpec('resnet56'), shortcut: 'B' as const };
    const q = serializeSpec(optionB).toString();
    expect(q).toContain('shortcut=B');
    expect(q).toContain('residual=1');
    expect(parseSpecQuery(q)).toEqual({ ok: true, value: optionB });
    const plainB = serializeSpec({ ...optionB, residual: false }).toString();
    expect(plainB).toContain('residual=0');
    expect(parseSpecQuery(plainB)).toEqual({ ok: true, value: { ...optionB, residual: false } });
    // An override that turns a preset into another preset is that preset.
    expect(parseSpecQuery('model=resnet56&residual=0')).toEqual({ ok: true, value: presetSpec('plain56') });
    expect(parseSpecQuery('model=resnet18&shortcut=A')).toEqual({ ok: true, value: { ...presetSpec('resnet18'), shortcut: 'A' } });
  });

  it('opens on ResNet-50 with an empty query', () => {
    expect(parseSpecQuery('')).toEqual({ ok: true, value: presetSpec('resnet50') });
  });

  it('applies overrides to a preset', () => {
    const r = parseSpecQuery('model=resnet18&input=3x320x320&classes=10');
    expect(r.ok && r.value).toEqual({ ...presetSpec('resnet18'), input: { channels: 3, height: 320, width: 320 }, numClasses: 10 });
  });

  it.each([
    ['model=resnet9000', 'model'],
    ['model=custom', 'stages'],
    ['model=resnet50&stages=3-64-1,4-x-2', 'stages[1].width'],
    ['model=resnet50&stages=3-64-1,4-128', 'stages[1].stride'],
    ['model=resnet50&stages=', 'stages[0].blocks'],
    ['model=resnet50&input=3x224', 'input.width'],
    ['model=resnet50&input=abc', 'input.height'],
    ['model=resnet50&block=triangle', 'block'],
    ['model=resnet50&stem=7-2', 'stem.width'],
    ['model=resnet50&stem=7-2-64-maybe', 'stem.maxPool'],
    ['model=resnet50&groups=1e9', 'groups'],
    ['model=resnet56&shortcut=C', 'shortcut'],
    ['model=resnet56&residual=yes', 'residual'],
    ['model=custom&block=basic&stages=1-64-1,1-32-2&shortcut=A', 'stages[1].width'],
    ['model=resnet50&stages=10000-64-1', 'stages[0].blocks'],
  ])('reports tampered state %s at %s', (query, field) => {
    const r = parseSpecQuery(query);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain(field);
  });
});

describe('the URL shared by the stores', () => {
  it('writes every custom field from one table, and reads each back', () => {
    const q = serializeSpec(custom);
    expect([...q.keys()]).toEqual(URL_PARAMS.model.filter((k) => k !== 'hub' && k !== 'weights'));
    expect(parseSpecQuery(q)).toEqual({ ok: true, value: custom });
  });

  it('a new model replaces every parameter of the old one and keeps the view, the comparison and the flags', () => {
    const before = `${serializeSpec(custom).toString()}&view=compare&v=model%3Dresnet18&cmpsize=320x320&worker=off`;
    const after = new URLSearchParams(writeSpecQuery(before, presetSpec('resnet34')));
    expect(after.get('model')).toBe('resnet34');
    for (const key of URL_PARAMS.model.slice(1)) expect(after.has(key)).toBe(false);
    expect(after.get('view')).toBe('compare');
    expect(after.getAll('v')).toEqual(['model=resnet18']);
    expect(after.get('cmpsize')).toBe('320x320');
    expect(after.get('worker')).toBe('off');
  });

  it('keeps the Hub model the weights came from until the model changes', () => {
    const opened = writeHub('model=resnet50&view=compare', 'timm/resnet50.a1_in1k');
    expect(opened).toBe('model=resnet50&view=compare&hub=timm%2Fresnet50.a1_in1k');
    expect(readHub(opened)).toBe('timm/resnet50.a1_in1k');
    expect(readHub(writeHub(opened, null))).toBeNull();
    const edited = writeSpecQuery(opened, presetSpec('resnet18'));
    expect(readHub(edited)).toBeNull();
    expect(new URLSearchParams(edited).get('view')).toBe('compare');
    expect(readHub('hub=')).toBeNull();
  });

  it('withParams replaces only the parameters it is given, repeated ones included', () => {
    expect(withParams('a=1&v=x&v=y&b=2', ['v'], new URLSearchParams([['v', 'z']]))).toBe('a=1&b=2&v=z');
  });

  it('reads the view, Build for none or an unknown one', () => {
    expect(readView('view=train')).toBe('train');
    expect(readView('view=compare&model=resnet18')).toBe('compare');
    expect(readView('')).toBe('build');
    expect(readView('view=nonsense')).toBe('build');
  });

  it('opening a view replaces another; closing one leaves another alone', () => {
    expect(writeView('model=resnet18&view=compare', 'train', true)).toBe('model=resnet18&view=train');
    expect(writeView('model=resnet18&view=train', 'train', false)).toBe('model=resnet18');
    expect(writeView('model=resnet18&view=train', 'compare', false)).toBe('model=resnet18&view=train');
  });
});
