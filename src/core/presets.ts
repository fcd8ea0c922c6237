/**
 * The presets as data: the ten torchvision ResNets (each a thin variation of one spec, as in torchvision's
 * `resnet.py`) and the CIFAR-10 networks of He et al. 2016, section 4.2 (ResNet-20 … 110 and their plain twins).
 */
import { DEFAULT_INPUT, DEFAULT_STEM, type BlockType, type InputSpec, type ResNetSpec, type StemSpec } from './spec';
import { specKey } from './specKey';

export const TORCHVISION_PRESETS = [
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

export const CIFAR_PRESETS = ['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110', 'plain20', 'plain32', 'plain44', 'plain56'] as const;

export const PRESET_NAMES = [...TORCHVISION_PRESETS, ...CIFAR_PRESETS] as const;

export type PresetName = (typeof PRESET_NAMES)[number];
type TorchvisionPreset = (typeof TORCHVISION_PRESETS)[number];
type CifarPreset = (typeof CIFAR_PRESETS)[number];

/** The presets as the form lists them. */
export const PRESET_GROUPS: readonly { label: string; names: readonly PresetName[] }[] = [
  { label: 'torchvision (ImageNet)', names: TORCHVISION_PRESETS },
  { label: 'CIFAR (He et al. 2016)', names: CIFAR_PRESETS },
];

interface PresetDef {
  label: string;
  block: BlockType;
  blocks: readonly [number, number, number, number];
  groups: number;
  widthPerGroup: number;
}

const PRESETS: Record<TorchvisionPreset, PresetDef> = {
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

/** The CIFAR nets: n basic blocks per stage (depth 6n + 2), with shortcuts (option A) or plain. */
const CIFAR: Record<CifarPreset, { label: string; n: number; residual: boolean }> = {
  resnet20: { label: 'ResNet-20', n: 3, residual: true },
  resnet32: { label: 'ResNet-32', n: 5, residual: true },
  resnet44: { label: 'ResNet-44', n: 7, residual: true },
  resnet56: { label: 'ResNet-56', n: 9, residual: true },
  resnet110: { label: 'ResNet-110', n: 18, residual: true },
  plain20: { label: 'Plain-20', n: 3, residual: false },
  plain32: { label: 'Plain-32', n: 5, residual: false },
  plain44: { label: 'Plain-44', n: 7, residual: false },
  plain56: { label: 'Plain-56', n: 9, residual: false },
};

const STAGE_WIDTHS = [64, 128, 256, 512] as const;
const STAGE_STRIDES = [1, 2, 2, 2] as const;

/** The paper's CIFAR-10 stem: one 3x3 conv of 16, stride 1, no max-pool; the input is 3x32x32. */
export const CIFAR_STEM: StemSpec = { kernel: 3, stride: 1, width: 16, maxPool: false };
export const CIFAR_INPUT: InputSpec = { channels: 3, height: 32, width: 32 };
const CIFAR_WIDTHS = [16, 32, 64] as const;

/**
 * A CIFAR net of He et al. 2016: the CIFAR stem, three stages of n basic blocks (widths 16, 32, 64; strides
 * 1, 2, 2), global average pooling and a linear layer to 10 classes; option A shortcuts unless told otherwise.
 */
export function cifarSpec(n: number, residual: boolean, shortcut: ResNetSpec['shortcut'] = 'A'): ResNetSpec {
  return {
    input: { ...CIFAR_INPUT },
    stem: { ...CIFAR_STEM },
    block: 'basic',
    stages: CIFAR_WIDTHS.map((width, i) => ({ blocks: n, width, stride: i === 0 ? 1 : 2 })),
    groups: 1,
    widthPerGroup: 64,
    stridePlacement: 'v1.5',
    shortcut,
    residual,
    numClasses: 10,
  };
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

const isCifar = (name: PresetName): name is CifarPreset => name in CIFAR;

export function presetLabel(name: PresetName): string {
  return isCifar(name) ? CIFAR[name].label : PRESETS[name].label;
}

/** A fresh spec for a preset (a new object each call, safe to edit). */
export function presetSpec(name: PresetName): ResNetSpec {
  if (isCifar(name)) return cifarSpec(CIFAR[name].n, CIFAR[name].residual);
  const def = PRESETS[name];
  return {
    input: { ...DEFAULT_INPUT },
    stem: { ...DEFAULT_STEM },
    block: def.block,
    stages: def.blocks.map((blocks, i) => ({ blocks, width: STAGE_WIDTHS[i], stride: STAGE_STRIDES[i] })),
    groups: def.groups,
    widthPerGroup: def.widthPerGroup,
    stridePlacement: 'v1.5',
    shortcut: 'B',
    residual: true,
    numClasses: 1000,
  };
}

let presetKeys: Map<string, PresetName> | undefined;

/** The preset a spec equals field for field (`specKey`), if any. */
export function matchPreset(spec: ResNetSpec): PresetName | undefined {
  presetKeys ??= new Map(PRESET_NAMES.map((name) => [specKey(presetSpec(name)), name]));
  return presetKeys.get(specKey(spec));
}
