/**
 * The stem's and each stage's output, computed once in the analysis, against PyTorch: torchvision's layers
 * (tests/fixtures/torchvision-resnets-224.json) and the CIFAR nets' stage outputs (tests/fixtures/cifar-parity).
 */
import { describe, expect, it } from 'vitest';
import reference from '../../tests/fixtures/torchvision-resnets-224.json';
import { CIFAR_PARITY, cifarFixtureSpec } from '../../tests/cifar';
import { analyzeSpec, featureOutputs, parseSpec, presetSpec, type FeatureInfo } from './index';

type RefLayer = { name: string; out: number[] };
const refs = reference as Record<string, { input: number[]; layers: RefLayer[] }>;

/** The last layer torchvision calls inside a module (`layer3`: layer3's last block's final ReLU), as named in the fixture. */
const lastOf = (layers: RefLayer[], prefix: string) => layers.filter((l) => l.name === prefix || l.name.startsWith(`${prefix}.`)).at(-1)!;

describe('stage facts against torchvision', () => {
  it.each(['resnet18', 'resnet50', 'resnext101_64x4d'])('%s: stem and stage outputs, channels and reduction', (name) => {
    const a = analyzeSpec(presetSpec(name as 'resnet18'));
    const { layers, input } = refs[name];
    const stemRef = layers[layers.findIndex((l) => l.name === 'layer1.0.conv1') - 1];
    expect(a.stem.name).toBe('stem');
    expect(a.stem.outputId).toBe(stemRef.name);
    expect(a.stem.outShape).toEqual(stemRef.out);
    expect(a.stages.map((f) => f.name)).toEqual(['layer1', 'layer2', 'layer3', 'layer4']);
    for (const f of a.stages) {
      const ref = lastOf(layers, f.name);
      expect(a.byId.get(f.outputId)!.layer.name).toBe(ref.name);
      expect(f.outShape).toEqual(ref.out);
      expect(f.channels).toBe(ref.out[0]);
      // At 224×224 every stride divides evenly: the reduction is the input over the output size.
      expect(f.reduction).toBe(input[1] / ref.out[1]);
    }
    expect([a.stem, ...a.stages].map((f) => [f.stride, f.reduction])).toEqual([
      [4, 4],
      [1, 4],
      [2, 8],
      [2, 16],
      [2, 32],
    ]);
  });

  it.each(Object.keys(CIFAR_PARITY))('%s (PyTorch, 19×17 input): stem and stage output shapes', (name) => {
    const fixture = CIFAR_PARITY[name];
    const parsed = parseSpec(cifarFixtureSpec(fixture.config));
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const a = analyzeSpec(parsed.value);
    const nchw = (f: FeatureInfo) => [fixture.config.input[0], ...f.outShape];
    expect(nchw(a.stem)).toEqual(fixture.outputs.stem);
    for (const f of a.stages) expect(nchw(f)).toEqual(fixture.outputs[f.name]);
    // Odd sizes: 19×17 → 10×9 → 5×5, yet the reduction is the product of the strides.
    expect([a.stem, ...a.stages].map((f) => f.reduction)).toEqual([1, 1, 2, 4]);
    expect(a.stages.map((f) => f.stride)).toEqual([1, 2, 2]);
  });

  it('featureOutputs names each output layer by its part, as the Run and Compare thumbnails use them', () => {
    const a = analyzeSpec(presetSpec('resnet20'));
    expect([...featureOutputs(a)]).toEqual([
      ['relu', 'stem'],
      ['layer1.2.relu#2', 'layer1'],
      ['layer2.2.relu#2', 'layer2'],
      ['layer3.2.relu#2', 'layer3'],
    ]);
  });
});
