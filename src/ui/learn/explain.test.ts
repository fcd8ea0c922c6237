import { describe, expect, it } from 'vitest';
import { analyzeSpec, presetSpec } from '../../core';
import { explain } from './explain';

describe('explanations', () => {
  const r50 = analyzeSpec(presetSpec('resnet50'));
  it('explains the stem with the model\'s own numbers', () => {
    const e = explain('conv1', r50, 'en')!;
    expect(e.title).toBe('The stem');
    expect(e.paragraphs[0]).toContain('224×224 image into 64 feature maps of 112×112');
    expect(e.paragraphs[0]).toContain('halves that again to 56×56');
    const custom = analyzeSpec({ ...presetSpec('resnet18'), input: { channels: 3, height: 320, width: 320 } });
    expect(explain('maxpool', custom, 'en')!.paragraphs[0]).toContain('160×160');
  });

  it('explains a downsampling stage, a bottleneck, a skip connection, a projection and the head', () => {
    expect(explain('layer2', r50, 'en')!.paragraphs[0]).toMatch(/first block takes 256×56×56 and downsamples: stride 2 .* channels grow to 512/);
    expect(explain('layer3.2.conv2', r50, 'en')!.paragraphs[0]).toContain('reduces 1024 channels to 256');
    expect(explain('layer3.2.add', r50, 'en')!.title).toBe('The skip connection');
    expect(explain('layer4.0.downsample.0', r50, 'en')!.paragraphs[0]).toContain('from 1024×14×14 to 2048×7×7');
    expect(explain('fc', r50, 'en')!.paragraphs[0]).toContain('2048 numbers to 1000 class scores (2,049,000 parameters)');
    expect(explain('layer1.0.conv1', analyzeSpec(presetSpec('resnext50_32x4d')), 'en')!.paragraphs[0]).toContain('32 groups of 4 channels');
  });

  it('speaks Korean', () => {
    expect(explain('conv1', r50, 'ko')!.title).toBe('스템');
    expect(explain('fc', r50, 'ko')!.paragraphs[0]).toContain('1000개의 클래스 점수');
  });
});
