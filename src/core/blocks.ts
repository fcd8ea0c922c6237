/**
 * What each block type is, stated once: torchvision's class name, its `expansion`, its convolutions in order
 * (each followed by its batch norm), which one carries the block's stride under each stride placement, which
 * one is grouped, and its inner width; and what each shortcut option makes where a block reshapes. The graph,
 * the state_dict reader, the exports, the layouts, the comparison and the explanations read these tables.
 */
import type { BlockType, ShortcutOption, StridePlacement } from './spec';

/** One convolution of a block and the batch norm after it. A ReLU follows every BN but the last (that one comes after the add). */
export interface BlockConv {
  /** Module names inside the block: `conv2` and `bn2`. */
  name: string;
  bn: string;
  kernel: number;
  /** The channels it outputs: the block's inner width, or its output width (planes × expansion). */
  width: 'inner' | 'out';
  /** Whether it carries the block's stride, under each stride placement. */
  strided: Readonly<Record<StridePlacement, boolean>>;
  /** Whether it takes the spec's groups (ResNeXt's grouped 3×3). */
  grouped: boolean;
}

export interface BlockTypeFacts {
  type: BlockType;
  /** torchvision's class name. */
  typeName: 'BasicBlock' | 'Bottleneck';
  /** torchvision's `expansion`: output channels of a block over its `planes`. */
  expansion: number;
  convs: readonly BlockConv[];
  /** Whether `groups` and `widthPerGroup` apply (torchvision's BasicBlock refuses anything but 1 and 64). */
  grouped: boolean;
  /** Whether `stridePlacement` changes the block (some conv strides under one placement and not the other). */
  placesStride: boolean;
  /** The inner width for `planes`, as torchvision computes it. */
  innerWidth(planes: number, widthPerGroup: number, groups: number): number;
}

const always = { 'v1.5': true, v1: true } as const;
const never = { 'v1.5': false, v1: false } as const;

function facts(f: Omit<BlockTypeFacts, 'grouped' | 'placesStride'>): BlockTypeFacts {
  return {
    ...f,
    grouped: f.convs.some((c) => c.grouped),
    placesStride: f.convs.some((c) => c.strided.v1 !== c.strided['v1.5']),
  };
}

export const BLOCK_TYPES: Readonly<Record<BlockType, BlockTypeFacts>> = {
  basic: facts({
    type: 'basic',
    typeName: 'BasicBlock',
    expansion: 1,
    convs: [
      { name: 'conv1', bn: 'bn1', kernel: 3, width: 'inner', strided: always, grouped: false },
      { name: 'conv2', bn: 'bn2', kernel: 3, width: 'out', strided: never, grouped: false },
    ],
    innerWidth: (planes) => planes,
  }),
  bottleneck: facts({
    type: 'bottleneck',
    typeName: 'Bottleneck',
    expansion: 4,
    // torchvision (ResNet v1.5) strides the 3×3; the original paper (v1) the first 1×1.
    convs: [
      { name: 'conv1', bn: 'bn1', kernel: 1, width: 'inner', strided: { 'v1.5': false, v1: true }, grouped: false },
      { name: 'conv2', bn: 'bn2', kernel: 3, width: 'inner', strided: { 'v1.5': true, v1: false }, grouped: true },
      { name: 'conv3', bn: 'bn3', kernel: 1, width: 'out', strided: never, grouped: false },
    ],
    // torchvision: `int(planes * (base_width / 64.0)) * groups`.
    innerWidth: (planes, widthPerGroup, groups) => Math.floor((planes * widthPerGroup) / 64) * groups,
  }),
};

export const BLOCK_TYPE_NAMES = Object.keys(BLOCK_TYPES) as BlockType[];

/** A block's last convolution: the one that outputs `planes × expansion` channels. */
export const lastConv = (t: BlockTypeFacts): BlockConv => t.convs[t.convs.length - 1];

/** The channels each convolution of a block outputs, in order: `[64, 64, 256]` for ResNet-50's layer1.0. */
export function convWidths(b: { type: BlockType; innerWidth: number; outChannels: number }): number[] {
  return BLOCK_TYPES[b.type].convs.map((c) => (c.width === 'inner' ? b.innerWidth : b.outChannels));
}

/** A block's skip connection: the identity, option B's projection, option A's zero-pad, or none (plain). */
export type ShortcutKind = 'identity' | 'projection' | 'zeropad' | 'none';

/** What each shortcut option makes where a block reshapes (where the shape is kept, both are the identity). */
export const SHORTCUT_OPTIONS: Readonly<Record<ShortcutOption, { kind: Extract<ShortcutKind, 'projection' | 'zeropad'> }>> = {
  A: { kind: 'zeropad' },
  B: { kind: 'projection' },
};

/** Option B's projection: torchvision's `downsample`, a strided 1×1 conv and its batch norm. */
export const PROJECTION = { conv: 'downsample.0', bn: 'downsample.1', kernel: 1 } as const;
