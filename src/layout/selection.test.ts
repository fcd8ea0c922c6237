import { describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec } from '../core';
import { isGroup, outputLayerOf, parentGroup } from './selection';

describe('selection', () => {
  const a = analyzeSpec(presetSpec('resnet50'));

  it('a stage or a block stands for its last output; a layer for itself', () => {
    const out3 = outputLayerOf('layer3', a)!;
    expect(a.byId.get(out3)!.layer.name).toBe('layer3.5.relu');
    expect(a.byId.get(out3)!.outShape).toEqual([1024, 14, 14]);
    expect(a.byId.get(outputLayerOf('layer1.1', a)!)!.outShape).toEqual([256, 56, 56]);
    expect(outputLayerOf('conv1', a)).toBe('conv1');
    expect(outputLayerOf('input', a)).toBeNull();
    expect(outputLayerOf('layer9', a)).toBeNull();
  });

  it('finds the block of a layer and the stage of a block', () => {
    expect(parentGroup('layer2.0.downsample.0', a)).toBe('layer2.0');
    expect(parentGroup('layer3.4.conv2', a)).toBe('layer3.4');
    expect(parentGroup('layer3.4', a)).toBe('layer3');
    expect(parentGroup('layer3', a)).toBeNull();
    expect(parentGroup('conv1', a)).toBeNull();
    expect(parentGroup('fc', a)).toBeNull();
    expect(isGroup('layer3', a) && isGroup('layer3.4', a)).toBe(true);
    expect(isGroup('layer3.4.conv2', a)).toBe(false);
  });
});
