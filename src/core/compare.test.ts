import { describe, expect, it } from 'vitest';
import { analyzeSpec, english, presetSpec } from '.';
import { analyseAt, atInputSize, compareSizeOptions, formatDelta } from './compare';

describe('a comparison at one input size', () => {
  it('analyses every variant at the chosen size', () => {
    const { analyses, notes } = analyseAt([presetSpec('resnet50'), presetSpec('resnext50_32x4d')], { height: 320, width: 320 });
    expect(notes).toEqual([]);
    // MACs grow with the number of output positions; parameters do not change.
    expect(analyses[0].params).toBe(25_557_032);
    expect(analyses[0].macs).toBe(analyzeSpec(atInputSize(presetSpec('resnet50'), { height: 320, width: 320 })).macs);
    expect(analyses[0].macs).toBeGreaterThan(analyzeSpec(presetSpec('resnet50')).macs * 2);
    expect(analyses[1].graph.spec.input).toEqual({ channels: 3, height: 320, width: 320 });
  });

  it('keeps a variant that cannot run at the size at its own, and says so', () => {
    const { analyses, notes } = analyseAt([presetSpec('resnet18')], { height: 0, width: 0 });
    expect(analyses[0].graph.spec.input.height).toBe(224);
    expect(english(notes[0])).toMatch(/^Variant 1 cannot run at 0×0 \(conv1 .+\); it is shown at its own 224×224\.$/);
  });

  it('offers the built model’s size among the usual ones, in order', () => {
    expect(compareSizeOptions({ height: 300, width: 200 }).map((s) => `${s.height}x${s.width}`)).toEqual(['160x160', '224x224', '300x200', '256x256', '288x288', '320x320', '384x384', '448x448']);
    expect(compareSizeOptions({ height: 224, width: 224 })).toHaveLength(7);
  });

  it('writes differences as the Build view does', () => {
    expect(formatDelta(27_000_000)).toBe('+27.0 M');
    expect(formatDelta(-1_300_000_000)).toBe('−1.3 G');
    expect(formatDelta(0)).toBe('±0');
    expect(formatDelta(512)).toBe('+512');
  });
});
