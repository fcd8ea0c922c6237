import { describe, expect, it } from 'vitest';
import { analyzeSpec, english, presetSpec, PhraseError } from '..';
import { blockDeletion, checkDeleted, deletableBlocks, lesionBlocks, parseBlockList, removedLayers } from './lesion';

const cifar = (residual: boolean, shortcut: 'A' | 'B' = 'A') => analyzeSpec({ ...presetSpec('resnet20'), residual, shortcut });

describe('which blocks can be switched off', () => {
  it('every residual block: it passes its shortcut on (option A or B alike)', () => {
    for (const shortcut of ['A', 'B'] as const) {
      const a = cifar(true, shortcut);
      const all = lesionBlocks(a);
      expect(all.map((d) => d.block.name)).toEqual(['layer1.0', 'layer1.1', 'layer1.2', 'layer2.0', 'layer2.1', 'layer2.2', 'layer3.0', 'layer3.1', 'layer3.2']);
      expect(all.every((d) => d.deletable && d.becomes === 'shortcut')).toBe(true);
      const down = all.find((d) => d.block.name === 'layer2.0')!;
      expect(down.deletable && down.shortcut).toBe(shortcut === 'A' ? 'zeropad' : 'projection');
    }
    // torchvision's ResNet-50: layer1.0 reshapes (64 → 256 channels) and keeps its projection.
    const r50 = lesionBlocks(analyzeSpec(presetSpec('resnet50')));
    expect(r50.filter((d) => d.deletable)).toHaveLength(16);
    expect(r50[0].deletable && r50[0].shortcut).toBe('projection');
  });

  it('a plain block only where its input and output shapes agree; a reshaping one says why, as a phrase', () => {
    const a = cifar(false);
    expect(deletableBlocks(a)).toEqual(['layer1.0', 'layer1.1', 'layer1.2', 'layer2.1', 'layer2.2', 'layer3.1', 'layer3.2']);
    const d = blockDeletion(a, a.graph.stages[1].blocks[0]);
    expect(d.deletable).toBe(false);
    if (d.deletable) return;
    expect(d.why.template).toContain('{block} turns {from} into {to}');
    expect(english(d.why)).toBe('layer2.0 turns 16×32×32 into 32×16×16 and has no shortcut: without it nothing of that shape would reach the next layer');
    // A plain stage-1 block of ResNet-50 changes the channels (64 → 256) with stride 1: still not removable.
    const p50 = analyzeSpec({ ...presetSpec('resnet50'), residual: false });
    expect(lesionBlocks(p50)[0].deletable).toBe(false);
    expect(lesionBlocks(p50)[1].deletable).toBe(true);
  });

  it('checks a list: known blocks, removable, each once, returned in the network’s order', () => {
    const a = cifar(false);
    expect(checkDeleted(a, ['layer3.1', 'layer1.0'])).toEqual(['layer1.0', 'layer3.1']);
    const fail = (names: string[]) => {
      try {
        checkDeleted(a, names);
      } catch (e) {
        expect(e).toBeInstanceOf(PhraseError);
        return [(e as PhraseError).code, (e as Error).message];
      }
      return null;
    };
    expect(fail(['layer9.0'])).toEqual(['unknown-block', 'layer9.0 is not a block of this network (its blocks are layer1.0 to layer3.2)']);
    expect(fail(['layer2.0'])?.[0]).toBe('not-deletable');
    expect(fail(['layer1.1', 'layer1.1'])).toEqual(['repeated-block', 'layer1.1 is listed twice']);
    expect(parseBlockList(' layer1.0, layer2.1 ,,')).toEqual(['layer1.0', 'layer2.1']);
    expect(parseBlockList('')).toEqual([]);
  });

  it('what the graph strikes through: the residual branch and the add (the shortcut and final ReLU stay); all of a plain block', () => {
    const b = analyzeSpec({ ...presetSpec('resnet18') });
    expect([...removedLayers(b, ['layer2.0'])]).toEqual(['layer2.0.conv1', 'layer2.0.bn1', 'layer2.0.relu', 'layer2.0.conv2', 'layer2.0.bn2', 'layer2.0.add']);
    const p = cifar(false);
    expect([...removedLayers(p, ['layer1.1'])]).toEqual(['layer1.1.conv1', 'layer1.1.bn1', 'layer1.1.relu', 'layer1.1.conv2', 'layer1.1.bn2', 'layer1.1.relu#2']);
  });
});
