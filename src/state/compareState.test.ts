import { describe, expect, it } from 'vitest';
import { differences, english, presetSpec } from '../core';
import { parseCompareQuery, writeCompareQuery } from './compareState';
import { parseSpecQuery } from './urlState';

describe('comparison in the URL', () => {
  it('round-trips presets and custom variants next to the model being built', () => {
    const custom = { ...presetSpec('resnet18'), numClasses: 10 };
    const q = writeCompareQuery('model=resnet34', true, [presetSpec('resnet50'), custom]);
    const parsed = parseCompareQuery(q, []);
    expect(parsed).toEqual({ compare: true, variants: [presetSpec('resnet50'), custom], errors: [], size: null });
    // The model being built is untouched.
    const built = parseSpecQuery(q);
    expect(built.ok && built.value).toEqual(presetSpec('resnet34'));
    expect(parseCompareQuery(writeCompareQuery(q, false, [presetSpec('resnet50')]), []).compare).toBe(false);
  });

  it('keeps the good variants of a tampered link and says which were not', () => {
    const parsed = parseCompareQuery('view=compare&v=model%3Dresnet50&v=model%3Dnope&v=model%3Dresnet18%26classes%3D0', []);
    expect(parsed.variants).toEqual([presetSpec('resnet50')]);
    expect(parsed.errors.map((e) => e.field)).toEqual(['variant 2', 'variant 3']);
  });

  it('keeps the comparison size in the link, and refuses a bad one with a reason', () => {
    const q = writeCompareQuery('model=resnet50', true, [presetSpec('resnet18')], { height: 320, width: 288 });
    expect(new URLSearchParams(q).get('cmpsize')).toBe('320x288');
    expect(parseCompareQuery(q, []).size).toEqual({ height: 320, width: 288 });
    expect(new URLSearchParams(writeCompareQuery(q, true, [presetSpec('resnet18')], null)).has('cmpsize')).toBe(false);
    for (const bad of ['0x0', '320', '99999x5', 'axb']) {
      const parsed = parseCompareQuery(`view=compare&cmpsize=${bad}`, []);
      expect(parsed.size).toBeNull();
      expect(parsed.errors[0].field).toBe('cmpsize');
    }
  });

  it('names what differs from the first variant, part by part', () => {
    const d = differences(presetSpec('resnext50_32x4d'), presetSpec('resnet50'));
    expect([...d.keys()]).toEqual(['layer1', 'layer2', 'layer3', 'layer4']);
    expect(d.get('layer1')!.map(english)).toEqual(['32×4 groups']);
    expect(differences(presetSpec('resnet18'), presetSpec('resnet50')).get('layer3')!.map(english)).toEqual(['basic', '2 blocks']);
  });
});
