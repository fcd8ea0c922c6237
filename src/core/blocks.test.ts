/** The block-type table against torchvision's own modules (tests/fixtures/torchvision-resnets-224.json). */
import { describe, expect, it } from 'vitest';
import reference from '../../tests/fixtures/torchvision-resnets-224.json';
import { BLOCK_TYPES, TORCHVISION_PRESETS, analyzeSpec, convWidths, expandSpec, inferSpec, presetSpec, pytorchSource, stateDictSchema, type BlockType } from './index';

type RefLayer = { name: string; type: string; out: number[]; params: number };
const refs = reference as Record<(typeof TORCHVISION_PRESETS)[number], { layers: RefLayer[] }>;

describe('BLOCK_TYPES, read by the graph, is what torchvision builds', () => {
  it.each(TORCHVISION_PRESETS)('%s: each block has the table\'s convs, with its kernels, groups, widths and the stride on the v1.5 conv', (name) => {
    const spec = presetSpec(name);
    const ref = new Map(refs[name].layers.map((l) => [l.name, l]));
    const facts = BLOCK_TYPES[spec.block];
    for (const b of expandSpec(spec).stages.flatMap((s) => s.blocks)) {
      let inShape = shapeBefore(refs[name].layers, `${b.name}.conv1`);
      expect(convWidths(b)).toEqual(facts.convs.map((c) => ref.get(`${b.name}.${c.name}`)!.out[0]));
      for (const c of facts.convs) {
        const r = ref.get(`${b.name}.${c.name}`)!;
        const bn = ref.get(`${b.name}.${c.bn}`)!;
        expect(bn.type).toBe('BatchNorm2d');
        // PyTorch's parameter count of a bias-free conv: out × in / groups × k².
        const groups = c.grouped ? spec.groups : 1;
        expect(r.params).toBe((r.out[0] * inShape[0] * c.kernel ** 2) / groups);
        // The conv that carries the stride is the one whose output is smaller than its input.
        const halves = r.out[1] < inShape[1];
        expect(halves).toBe(b.stride > 1 && c.strided['v1.5']);
        inShape = r.out;
      }
      expect(ref.has(`${b.name}.conv${facts.convs.length + 1}`)).toBe(false);
    }
  });

  it('torchvision names the class and its expansion: the summary, the state_dict and the PyTorch file agree', () => {
    for (const [name, type] of [['resnet18', 'basic'], ['resnet50', 'bottleneck']] as [(typeof TORCHVISION_PRESETS)[number], BlockType][]) {
      const spec = presetSpec(name);
      const facts = BLOCK_TYPES[type];
      const last = refs[name].layers.find((l) => l.name === `layer1.0.conv${facts.convs.length}`)!;
      expect(last.out[0]).toBe(spec.stages[0].width * facts.expansion);
      expect(pytorchSource(spec, analyzeSpec(spec).params)).toContain(`ResNet(\n        ${facts.typeName},`);
    }
    expect(BLOCK_TYPES.basic.typeName).toBe('BasicBlock');
    expect(BLOCK_TYPES.bottleneck.typeName).toBe('Bottleneck');
  });

  it('v1 strides the first 1×1 of a bottleneck instead of its 3×3', () => {
    const spec = { ...presetSpec('resnet50'), stridePlacement: 'v1' as const };
    const a = analyzeSpec(spec);
    expect(a.byId.get('layer2.0.conv1')!.layer.stride).toBe(2);
    expect(a.byId.get('layer2.0.conv1')!.outShape).toEqual([128, 28, 28]);
    expect(a.byId.get('layer2.0.conv2')!.layer.stride).toBe(1);
    expect(BLOCK_TYPES.bottleneck.placesStride).toBe(true);
    expect(BLOCK_TYPES.basic.placesStride).toBe(false);
    // Basic blocks stride their first 3×3 either way.
    const basic = analyzeSpec({ ...presetSpec('resnet18'), stridePlacement: 'v1' });
    expect(basic.byId.get('layer2.0.conv1')!.layer.stride).toBe(2);
  });
});

/** The output shape of the layer before `name` in torchvision's call order. */
function shapeBefore(layers: RefLayer[], name: string): number[] {
  return layers[layers.findIndex((l) => l.name === name) - 1].out;
}

describe('the state_dict reader reads the table', () => {
  const shapesOf = (spec: ReturnType<typeof presetSpec>) => new Map(stateDictSchema(expandSpec(spec)).map((p) => [p.key, p.shape]));

  it.each(['resnet18', 'resnet50', 'resnext50_32x4d', 'wide_resnet50_2'] as const)('%s: the block type, widths and groups come back from the shapes', (name) => {
    const r = inferSpec(shapesOf(presetSpec(name)), presetSpec('resnet18'));
    expect(r.ok && r.value).toEqual(presetSpec(name));
  });

  it('a layer1.0 with neither block\'s convolutions is refused, naming both', () => {
    const shapes = shapesOf(presetSpec('resnet18'));
    shapes.delete('layer1.0.conv2.weight');
    const r = inferSpec(shapes, presetSpec('resnet18'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toBe('layer1.0 has the convolutions of neither a BasicBlock (conv1, conv2) nor a Bottleneck (conv1, conv2, conv3)');
  });

  it('a later stage missing its last convolution is refused, not read as undefined', () => {
    const shapes = shapesOf(presetSpec('resnet50'));
    shapes.delete('layer3.0.conv3.weight');
    const r = inferSpec(shapes, presetSpec('resnet50'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect({ field: r.errors[0].field, message: r.errors[0].message }).toEqual({ field: 'layer3.0.conv3.weight', message: 'no layer3.0.conv3.weight in the file, which a Bottleneck has' });
  });
});
