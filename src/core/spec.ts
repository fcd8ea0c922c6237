/**
 * The typed description of a ResNet. Everything else (graph, analysis, tfjs model, URL state) derives from it.
 * Field meanings follow torchvision's `ResNet` constructor; see `presets.ts` for the ten torchvision models.
 */

export type BlockType = 'basic' | 'bottleneck';

/**
 * Where a downsampling bottleneck puts its stride: on the 3x3 conv (torchvision's default, "ResNet v1.5")
 * or on the first 1x1 conv (the original paper, "v1"). Which conv strides is in `BLOCK_TYPES` (`blocks.ts`).
 */
export type StridePlacement = 'v1.5' | 'v1';

/**
 * The shortcut of a block that changes the shape (He et al. 2016, section 4.1 / 3.3): `A` is parameter-free
 * (subsample with the stride, new channels zero), `B` a 1x1 conv + BN projection (torchvision's). Where the
 * shape is kept, both are the identity.
 */
export type ShortcutOption = 'A' | 'B';

export interface InputSpec {
  channels: number;
  height: number;
  width: number;
}

export interface StemSpec {
  /** Kernel of the first convolution (7 in torchvision); padding is kernel / 2, rounded down. */
  kernel: number;
  stride: number;
  /** Output channels of the first convolution (torchvision's `inplanes`, 64). */
  width: number;
  /** The 3x3 stride-2 max-pool after the first ReLU. */
  maxPool: boolean;
}

export interface StageSpec {
  blocks: number;
  /** torchvision's `planes`: a stage outputs `width * expansion` channels (`BLOCK_TYPES` in `blocks.ts`). */
  width: number;
  stride: number;
}

export interface ResNetSpec {
  input: InputSpec;
  stem: StemSpec;
  block: BlockType;
  stages: StageSpec[];
  /** Groups of the bottleneck's 3x3 conv (ResNeXt's cardinality). */
  groups: number;
  /** torchvision's `width_per_group`: 64 is plain ResNet, 128 Wide ResNet, 4 or 8 ResNeXt. */
  widthPerGroup: number;
  stridePlacement: StridePlacement;
  /** How a shape-changing block's input reaches its add (ignored when `residual` is false). */
  shortcut: ShortcutOption;
  /** False makes the paper's plain twin: the same layers with no shortcuts and no adds. */
  residual: boolean;
  numClasses: number;
}

/** The 224x224 RGB input torchvision's ImageNet models take. */
export const DEFAULT_INPUT: InputSpec = { channels: 3, height: 224, width: 224 };
export const DEFAULT_STEM: StemSpec = { kernel: 7, stride: 2, width: 64, maxPool: true };

/**
 * Option A's arithmetic for a block from `inChannels` to `outChannels` with `stride`: PyTorch's
 * `F.pad(x[:, :, ::stride, ::stride], (0, 0, 0, 0, before, after))`, the p = out - in new channels zero,
 * floor(p / 2) before the old ones and ceil(p / 2) after. Valid only when `outChannels >= inChannels`.
 */
export interface ZeroPadShortcut {
  stride: number;
  before: number;
  after: number;
}

export function zeroPadShortcut(inChannels: number, outChannels: number, stride: number): ZeroPadShortcut {
  const p = outChannels - inChannels;
  return { stride, before: Math.floor(p / 2), after: p - Math.floor(p / 2) };
}
