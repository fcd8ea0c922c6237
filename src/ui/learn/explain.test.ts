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

  it('says each block type with its expansion and its word, in English and Korean', () => {
    const r18 = analyzeSpec(presetSpec('resnet18'));
    expect(explain('layer1.0.conv1', r18, 'en')!.paragraphs[0]).toContain('(expansion 1: 64 channels in and out)');
    expect(explain('layer1.0.conv1', r18, 'ko')!.paragraphs[0]).toContain('(확장 1: 입력과 출력 모두 64채널)');
    expect(explain('layer1.0.conv1', r50, 'en')!.paragraphs[0]).toContain('expands to 256 (expansion 4)');
    expect(explain('layer1.0.conv1', r50, 'ko')!.paragraphs[0]).toContain('256채널로 넓힙니다 (확장 4)');
    expect(explain('layer3', r50, 'en')!.paragraphs[0]).toMatch(/^layer3 stacks 6 bottleneck blocks and outputs 1024×14×14\./);
    expect(explain('layer2', r18, 'ko')!.paragraphs[0]).toMatch(/^layer2는 기본 블록 2개를 쌓아 128×28×28를 출력합니다\./);
  });

  it('explains option A shortcuts and plain nets with the model\'s numbers', () => {
    const r56 = analyzeSpec(presetSpec('resnet56'));
    const add = explain('layer2.0.add', r56, 'en')!;
    expect(add.title).toBe('The skip connection');
    expect(add.paragraphs[1]).toBe(
      "Here the shapes differ (16×32×32 in, 32×16×16 out), so x goes through option A's parameter-free shortcut: x[:, :, ::2, ::2] keeps every other pixel, and the 16 new channels are zeros, 8 before the old ones and 8 after. It has no weights: the old channels pass unchanged.",
    );
    expect(explain('layer2.1.add', r56, 'en')!.paragraphs).toHaveLength(2);
    expect(explain('layer3', r56, 'en')!.paragraphs[0]).toContain('so an option A shortcut reshapes the input with no parameters');
    expect(explain('conv1', r56, 'en')!.paragraphs[0]).toContain('So the first block sees the full resolution');
    const plain = analyzeSpec(presetSpec('plain56'));
    const block = explain('layer2.0.conv1', plain, 'en')!;
    expect(block.paragraphs[0]).toContain('In this plain network nothing is added back');
    expect(block.paragraphs[1]).toContain('Plain-56 ends training with a higher error than Plain-20');
    expect(explain('layer2', plain, 'en')!.paragraphs[0]).toContain('no shortcut carries the input past the block');
    expect(explain('layer2.0.add', analyzeSpec(presetSpec('resnet20')), 'ko')!.paragraphs[1]).toContain('새 채널 16개는 0으로 기존 채널 앞에 8개, 뒤에 8개');
    // torchvision's nets still say "projection".
    expect(explain('layer2.0.conv1', analyzeSpec(presetSpec('resnet18')), 'en')!.paragraphs[0]).toContain('The block\'s input is added to the result');
  });

  it('speaks Korean', () => {
    expect(explain('conv1', r50, 'ko')!.title).toBe('스템');
    expect(explain('fc', r50, 'ko')!.paragraphs[0]).toContain('1000개의 클래스 점수');
  });
});
