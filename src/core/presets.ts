/** The ten torchvision ResNets as data: each a thin variation of one spec, as in torchvision's `resnet.py`. */
import { DEFAULT_INPUT, DEFAULT_STEM, type BlockType, type ResNetSpec } from './spec';

export const PRESET_NAMES = [
  'resnet18',
  'resnet34',
  'resnet50',
  'resnet101',
  'resnet152',
  'wide_resnet50_2',
  'wide_resnet101_2',
  'resnext50_32x4d',
  'resnext101_32x8d',
  'resnext101_64x4d',
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

interface PresetDef {
  label: string;
  block: BlockType;
  blocks: readonly [number, number, number, number];
  groups: number;
  widthPerGroup: number;
}

const PRESETS: Record<PresetName, PresetDef> = {
  resnet18: { label: 'ResNet-18', block: 'basic', blocks: [2, 2, 2, 2], groups: 1, widthPerGroup: 64 },
  resnet34: { label: 'ResNet-34', block: 'basic', blocks: [3, 4, 6, 3], groups: 1, widthPerGroup: 64 },
  resnet50: { label: 'ResNet-50', block: 'bottleneck', blocks: [3, 4, 6, 3], groups: 1, widthPerGroup: 64 },
  resnet101: { label: 'ResNet-101', block: 'bottleneck', blocks: [3, 4, 23, 3], groups: 1, widthPerGroup: 64 },
  resnet152: { label: 'ResNet-152', block: 'bottleneck', blocks: [3, 8, 36, 3], groups: 1, widthPerGroup: 64 },
  wide_resnet50_2: {
    label: 'Wide ResNet-50-2',
    block: 'bottleneck',
    blocks: [3, 4, 6, 3],
    groups: 1,
    widthPerGroup: 128,
  },
  wide_resnet101_2: {
    label: 'Wide ResNet-101-2',
    block: 'bottleneck',
    blocks: [3, 4, 23, 3],
    groups: 1,
    widthPerGroup: 128,
  },
  resnext50_32x4d: {
    label: 'ResNeXt-50 32x4d',
    block: 'bottleneck',
    blocks: [3, 4, 6, 3],
    groups: 32,
    widthPerGroup: 4,
  },
  resnext101_32x8d: {
    label: 'ResNeXt-101 32x8d',
    block: 'bottleneck',
    blocks: [3, 4, 23, 3],
    groups: 32,
    widthPerGroup: 8,
  },
  resnext101_64x4d: {
    label: 'ResNeXt-101 64x4d',
    block: 'bottleneck',
    blocks: [3, 4, 23, 3],
    groups: 64,
    widthPerGroup: 4,
  },
};

const STAGE_WIDTHS = [64, 128, 256, 512] as const;
const STAGE_STRIDES = [1, 2, 2, 2] as const;

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function presetLabel(name: PresetName): string {
  return PRESETS[name].label;
}

/** A fresh spec for a torchvision preset (a new object each call, safe to edit). */
export function presetSpec(name: PresetName): ResNetSpec {
  const def = PRESETS[name];
  return {
    input: { ...DEFAULT_INPUT },
    stem: { ...DEFAULT_STEM },
    block: def.block,
    stages: def.blocks.map((blocks, i) => ({ blocks, width: STAGE_WIDTHS[i], stride: STAGE_STRIDES[i] })),
    groups: def.groups,
    widthPerGroup: def.widthPerGroup,
    stridePlacement: 'v1.5',
    numClasses: 1000,
  };
}

/** The preset a spec equals field for field, if any. */
export function matchPreset(spec: ResNetSpec): PresetName | undefined {
  const key = JSON.stringify(spec);
  return PRESET_NAMES.find((name) => JSON.stringify(presetSpec(name)) === key);
}
