import { describe, expect, it } from 'vitest';
import reference from '../../tests/fixtures/torchvision-resnets-224.json';
import { PARITY, paritySpec } from '../../tests/parity';
import { PRESET_NAMES, TORCHVISION_PRESETS, analyzeSpec, presetSpec, parseSpec, type ResNetSpec } from './index';

type RefLayer = { name: string; type: string; out: number[]; params: number };
type Ref = { params: number; macs: number; input: number[]; output: number[]; layers: RefLayer[] };
type TorchvisionPreset = (typeof TORCHVISION_PRESETS)[number];
const refs = reference as Record<TorchvisionPreset, Ref>;

const TABLE: Record<TorchvisionPreset, [number, number]> = {
  resnet18: [11_689_512, 1_814_073_344],
  resnet34: [21_797_672, 3_663_761_408],
  resnet50: [25_557_032, 4_089_184_256],
  resnet101: [44_549_160, 7_801_405_440],
  resnet152: [60_192_808, 11_513_626_624],
  wide_resnet50_2: [68_883_240, 11_398_021_120],
  wide_resnet101_2: [126_886_696, 22_753_050_624],
  resnext50_32x4d: [25_028_904, 4_230_479_872],
  resnext101_32x8d: [88_791_336, 16_414_015_488],
  resnext101_64x4d: [83_455_272, 15_460_270_080],
};

describe('presets at 224x224 match torchvision', () => {
  it.each(TORCHVISION_PRESETS)('%s totals', (name) => {
    const a = analyzeSpec(presetSpec(name));
    expect(a.params).toBe(TABLE[name][0]);
    expect(a.macs).toBe(TABLE[name][1]);
    expect(a.params).toBe(refs[name].params);
    expect(a.macs).toBe(refs[name].macs);
    expect(a.output).toEqual(refs[name].output);
  });

  it.each(TORCHVISION_PRESETS)('%s every leaf module, in call order, with its shape and parameters', (name) => {
    const a = analyzeSpec(presetSpec(name));
    // torchvision has no module for the residual sum; everything else is a hooked leaf module.
    const ours = a.layers
      .filter((l) => l.layer.type !== 'Add')
      .map((l) => ({ name: l.layer.name, type: l.layer.type, out: l.outShape, params: l.params }));
    expect(ours).toEqual(refs[name].layers);
  });

  it('weighted depth is the number in the name', () => {
    expect(analyzeSpec(presetSpec('resnet18')).depth).toBe(18);
    expect(analyzeSpec(presetSpec('resnet34')).depth).toBe(34);
    expect(analyzeSpec(presetSpec('resnet50')).depth).toBe(50);
    expect(analyzeSpec(presetSpec('resnet101')).depth).toBe(101);
    expect(analyzeSpec(presetSpec('resnet152')).depth).toBe(152);
    expect(analyzeSpec(presetSpec('resnext101_64x4d')).depth).toBe(101);
  });
});

/**
 * An independent oracle for other input sizes: torchvision's forward pass replayed on shapes only, written
 * the way resnet.py reads (modules as functions), not the way the core expands its graph.
 */
function torchvisionShapes(spec: ResNetSpec) {
  const out: { name: string; shape: number[] }[] = [];
  let macs = 0;
  let params = 0;
  const size = (n: number, k: number, s: number, p: number) => Math.floor((n + 2 * p - k) / s) + 1;
  const conv = (name: string, x: number[], cout: number, k: number, s: number, g = 1) => {
    const y = [cout, size(x[1], k, s, Math.floor(k / 2)), size(x[2], k, s, Math.floor(k / 2))];
    macs += y[0] * y[1] * y[2] * (x[0] / g) * k * k;
    params += cout * (x[0] / g) * k * k;
    out.push({ name, shape: y });
    return y;
  };
  const bn = (name: string, x: number[]) => (params += 2 * x[0], out.push({ name, shape: x }), x);
  const relu = (name: string, x: number[]) => (out.push({ name, shape: x }), x);
  let x = [spec.input.channels, spec.input.height, spec.input.width];
  x = relu('relu', bn('bn1', conv('conv1', x, spec.stem.width, spec.stem.kernel, spec.stem.stride)));
  if (spec.stem.maxPool) {
    x = [x[0], size(x[1], 3, 2, 1), size(x[2], 3, 2, 1)];
    out.push({ name: 'maxpool', shape: x });
  }
  const exp = spec.block === 'basic' ? 1 : 4;
  spec.stages.forEach((st, s) => {
    for (let b = 0; b < st.blocks; b++) {
      const p = `layer${s + 1}.${b}`;
      const stride = b === 0 ? st.stride : 1;
      const identity = x;
      let y: number[];
      if (spec.block === 'basic') {
        y = relu(`${p}.relu`, bn(`${p}.bn1`, conv(`${p}.conv1`, x, st.width, 3, stride)));
        y = bn(`${p}.bn2`, conv(`${p}.conv2`, y, st.width, 3, 1));
      } else {
        const w = Math.floor(st.width * (spec.widthPerGroup / 64)) * spec.groups;
        const v1 = spec.stridePlacement === 'v1';
        y = relu(`${p}.relu`, bn(`${p}.bn1`, conv(`${p}.conv1`, x, w, 1, v1 ? stride : 1)));
        y = relu(`${p}.relu`, bn(`${p}.bn2`, conv(`${p}.conv2`, y, w, 3, v1 ? 1 : stride, spec.groups)));
        y = bn(`${p}.bn3`, conv(`${p}.conv3`, y, st.width * 4, 1, 1));
      }
      // Option A and plain nets have no downsample modules.
      if (spec.residual && spec.shortcut === 'B' && (stride !== 1 || identity[0] !== st.width * exp)) {
        bn(`${p}.downsample.1`, conv(`${p}.downsample.0`, identity, st.width * exp, 1, stride));
      }
      x = relu(`${p}.relu`, y);
    }
  });
  out.push({ name: 'avgpool', shape: [x[0], 1, 1] });
  out.push({ name: 'fc', shape: [spec.numClasses] });
  macs += x[0] * spec.numClasses;
  params += x[0] * spec.numClasses + spec.numClasses;
  return { out, macs, params };
}

describe('any input size, as PyTorch computes it', () => {
  const sizes: [number, number][] = [
    [197, 251],
    [64, 64],
    [33, 47],
    [225, 225],
    [32, 32],
  ];
  for (const name of PRESET_NAMES) {
    it.each(sizes)(`${name} at %ix%i`, (h, w) => {
      const spec = { ...presetSpec(name), input: { channels: 3, height: h, width: w } };
      const a = analyzeSpec(spec);
      const oracle = torchvisionShapes(spec);
      expect(a.problems).toEqual([]);
      expect(a.layers.filter((l) => l.layer.type !== 'Add').map((l) => ({ name: l.layer.name, shape: l.outShape }))).toEqual(
        oracle.out,
      );
      expect(a.macs).toBe(oracle.macs);
      expect(a.params).toBe(oracle.params);
    });
  }

  it('ResNet-50 at 197x251, worked by hand', () => {
    const a = analyzeSpec({ ...presetSpec('resnet50'), input: { channels: 3, height: 197, width: 251 } });
    const shape = (id: string) => a.byId.get(id)!.outShape;
    // conv1: floor((197 + 6 - 7) / 2) + 1 = 99; floor((251 + 6 - 7) / 2) + 1 = 126
    expect(shape('conv1')).toEqual([64, 99, 126]);
    // maxpool: floor((99 + 2 - 3) / 2) + 1 = 50; floor((126 + 2 - 3) / 2) + 1 = 63
    expect(shape('maxpool')).toEqual([64, 50, 63]);
    expect(shape('layer2.0.conv2')).toEqual([128, 25, 32]);
    expect(shape('layer3.5.relu#3')).toEqual([1024, 13, 16]);
    expect(shape('layer4.2.relu#3')).toEqual([2048, 7, 8]);
    expect(shape('fc')).toEqual([1000]);
    // Parameters do not depend on the input size.
    expect(a.params).toBe(25_557_032);
  });
});

describe('the parity fixtures, described as specs', () => {
  it.each(Object.keys(PARITY))('%s: parameters and stage outputs', (key) => {
    const f = PARITY[key];
    const parsed = parseSpec(paritySpec(f));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const a = analyzeSpec(parsed.value);
    expect(a.params).toBe(f.params);
    const batch = f.config.input[0];
    expect([batch, ...a.byId.get('maxpool')!.outShape]).toEqual(f.outputs.stem);
    a.graph.stages.forEach((s) => {
      const last = s.blocks[s.blocks.length - 1].outputId;
      expect([batch, ...a.byId.get(last)!.outShape]).toEqual(f.outputs[s.name]);
    });
    expect([batch, ...a.output]).toEqual(f.outputs.logits);
  });
});

describe('analysis details', () => {
  it('tells identity and projection shortcuts apart', () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const add = (id: string) => a.byId.get(id)!.layer.inputs;
    expect(add('layer1.0.add')).toEqual([
      { from: 'layer1.0.bn2', kind: 'main' },
      { from: 'maxpool', kind: 'identity' },
    ]);
    expect(add('layer2.0.add')).toEqual([
      { from: 'layer2.0.bn2', kind: 'main' },
      { from: 'layer2.0.downsample.1', kind: 'projection' },
    ]);
    expect(a.byId.get('layer2.0.downsample.0')!.layer.inputs).toEqual([{ from: 'layer1.1.relu#2', kind: 'projection' }]);
    expect(a.byId.get('layer2.0.downsample.0')!.layer.onShortcut).toBe(true);
  });

  it('computes receptive fields: ResNet-18 stem and last stage', () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const rf = (id: string) => [a.byId.get(id)!.receptiveField, a.byId.get(id)!.jump];
    expect(rf('conv1')).toEqual([7, 2]);
    expect(rf('maxpool')).toEqual([11, 4]);
    expect(rf('layer1.0.conv1')).toEqual([19, 4]);
    // The widely quoted figure for ResNet-18's last conv layer is 435 pixels.
    expect(rf('layer4.1.relu#2')).toEqual([435, 32]);
  });

  it('places the stride as v1.5 (3x3) or v1 (first 1x1) for bottlenecks', () => {
    const v15 = analyzeSpec(presetSpec('resnet50'));
    const v1 = analyzeSpec({ ...presetSpec('resnet50'), stridePlacement: 'v1' });
    expect(v15.byId.get('layer2.0.conv1')!.layer.stride).toBe(1);
    expect(v15.byId.get('layer2.0.conv2')!.layer.stride).toBe(2);
    expect(v1.byId.get('layer2.0.conv1')!.layer.stride).toBe(2);
    expect(v1.byId.get('layer2.0.conv2')!.layer.stride).toBe(1);
    expect(v1.params).toBe(v15.params);
    expect(v1.macs).toBeLessThan(v15.macs);
  });

  it('keeps every output non-empty down to a 1x1 input, as PyTorch does (paddings are kernel / 2)', () => {
    const a = analyzeSpec({ ...presetSpec('resnet50'), input: { channels: 3, height: 1, width: 1 } });
    expect(a.problems).toEqual([]);
    expect(a.byId.get('layer4.2.relu#3')!.outShape).toEqual([2048, 1, 1]);
    expect(a.byId.get('maxpool')!.outShape).toEqual([64, 1, 1]);
  });
});
