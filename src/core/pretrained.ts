/**
 * torchvision's ImageNet weights as timm mirrors them on the Hugging Face Hub (safetensors, torchvision's own
 * key names): which exist for each preset, where they are, how big they are and how they want their input.
 * The published figures come from `src/data/torchvision-imagenet-accuracy.json`; everything else is derived.
 */
import accuracy from '../data/torchvision-imagenet-accuracy.json';
import { expandSpec } from './graph';
import { matchPreset, presetLabel, presetSpec, type PresetName } from './presets';
import { TORCHVISION_V1, TORCHVISION_V2, type Preprocessing } from './preprocess';
import type { ResNetSpec } from './spec';
export { HUB_HOSTS, isHubHost } from './hubHosts';
import { stateDictSchema } from './stateDict';

/** torchvision's weight names and timm's tags for them. */
const TAGS = { IMAGENET1K_V1: 'tv_in1k', IMAGENET1K_V2: 'tv2_in1k' } as const;
export type TorchvisionWeights = keyof typeof TAGS;

export interface PretrainedWeights {
  preset: PresetName;
  /** torchvision's name for them. */
  weights: TorchvisionWeights;
  /** timm's tag: `tv_in1k` or `tv2_in1k`. */
  tag: (typeof TAGS)[TorchvisionWeights];
  url: string;
  /** torchvision's evaluation transform: resize the shorter side to this, then centre-crop. */
  resize: number;
  crop: number;
  /** What they expect of a picture (torchvision's evaluation transform). */
  preprocessing: Preprocessing;
  top1: number;
  top5: number;
  /** The file's size, approximately: 4 bytes per float (parameters and BatchNorm statistics) plus the header. */
  approxBytes: number;
}

/** `https://huggingface.co/timm/<model>.<tag>/resolve/main/model.safetensors`. */
export function hubUrl(preset: PresetName, tag: string): string {
  return `https://huggingface.co/timm/${preset}.${tag}/resolve/main/model.safetensors`;
}

/** Float32 tensor bytes of a preset's state_dict, plus about 80 header bytes per key (names, shapes, offsets). */
function approxFileBytes(preset: PresetName): number {
  let bytes = 8;
  for (const p of stateDictSchema(expandSpec(presetSpec(preset)))) {
    bytes += 80 + (p.dtype === 'I64' ? 8 : 4 * p.shape.reduce((a, b) => a * b, 1));
  }
  return bytes;
}

interface Published {
  weights: string;
  'acc@1': number;
  'acc@5': number;
  resize_size: number;
  crop_size: number;
}

const sizes = new Map<PresetName, number>();

/** Every set of ImageNet weights torchvision publishes for a preset (V1 first). */
export function pretrainedFor(preset: PresetName): PretrainedWeights[] {
  const published = (accuracy as Record<string, Published[]>)[preset] ?? [];
  return published
    .filter((p): p is Published & { weights: TorchvisionWeights } => p.weights in TAGS)
    .map((p) => {
      if (!sizes.has(preset)) sizes.set(preset, approxFileBytes(preset));
      const tag = TAGS[p.weights];
      return {
        preset,
        weights: p.weights,
        tag,
        url: hubUrl(preset, tag),
        resize: p.resize_size,
        crop: p.crop_size,
        // torchvision resizes to 256 for a 224 crop (the V1 recipe) or to 232 (the V2 recipe), bilinear.
        preprocessing: { ...(p.resize_size === 232 ? TORCHVISION_V2 : TORCHVISION_V1), resize: p.resize_size, crop: p.crop_size },
        top1: p['acc@1'],
        top5: p['acc@5'],
        approxBytes: sizes.get(preset)!,
      };
    });
}

/** The ImageNet weights a built model can load: only a preset's, exactly as torchvision defines it. */
export function pretrainedForSpec(spec: ResNetSpec): PretrainedWeights[] {
  const preset = matchPreset(spec);
  return preset ? pretrainedFor(preset) : [];
}

/** "ResNet-50 · IMAGENET1K_V2": what the user sees for a set. */
export function pretrainedLabel(w: PretrainedWeights): string {
  return `${presetLabel(w.preset)} · ${w.weights}`;
}
