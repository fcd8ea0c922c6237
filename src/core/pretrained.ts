/**
 * ImageNet weights for the torchvision presets on the Hugging Face Hub, all in timm's repositories with
 * torchvision's own key names (safetensors): torchvision's V1/V2 sets as timm mirrors them (`tv_in1k`,
 * `tv2_in1k`), and the best recipe timm trained itself for the architecture, where there is one. Which exist for
 * each preset, where they are, how big they are, how they want their input and their published top-1/top-5:
 * torchvision's from `src/data/torchvision-imagenet-accuracy.json`, timm's from `src/data/timm-imagenet-recipes.json`
 * (which cites its sources); everything else is derived.
 */
import accuracy from '../data/torchvision-imagenet-accuracy.json';
import recipes from '../data/timm-imagenet-recipes.json';
import { approxStateDictBytes } from './hub';
import { matchPreset, presetLabel, presetSpec, type PresetName } from './presets';
import { TORCHVISION_V1, TORCHVISION_V2, type Interpolation, type Preprocessing } from './preprocess';
import type { ResNetSpec } from './spec';
export { HUB_HOSTS, isHubHost } from './hubHosts';

/** torchvision's weight names and timm's tags for them. */
const TAGS = { IMAGENET1K_V1: 'tv_in1k', IMAGENET1K_V2: 'tv2_in1k' } as const;
export type TorchvisionWeights = keyof typeof TAGS;

/** Who trained them: torchvision (mirrored by timm), or timm with its own recipe. */
export type WeightsSource = 'torchvision' | 'timm';

export interface PretrainedWeights {
  preset: PresetName;
  source: WeightsSource;
  /** torchvision's name for them (`IMAGENET1K_V2`), or timm's tag for its own (`a1h_in1k`). */
  weights: string;
  /** timm's tag: `tv_in1k`, `tv2_in1k`, or its recipe's. */
  tag: string;
  url: string;
  /** timm's crop_pct at this size (the summary says it), null for torchvision's. */
  cropPct: number | null;
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

interface Published {
  weights: string;
  'acc@1': number;
  'acc@5': number;
  resize_size: number;
  crop_size: number;
}

const sizes = new Map<PresetName, number>();

interface Recipe {
  tag: string;
  'acc@1': number;
  'acc@5': number;
  interpolation: Interpolation;
  crop_pct: number;
  mean: [number, number, number];
  std: [number, number, number];
}

/** timm's best own recipe for a preset, at 224 as timm evaluates it: shorter side floor(224 / crop_pct). */
function timmRecipe(preset: PresetName): PretrainedWeights | null {
  const r = (recipes as unknown as Record<string, Recipe | string>)[preset];
  if (!r || typeof r === 'string') return null;
  const crop = 224;
  const resize = Math.floor(crop / r.crop_pct);
  return {
    preset,
    source: 'timm',
    weights: r.tag,
    tag: r.tag,
    url: hubUrl(preset, r.tag),
    cropPct: r.crop_pct,
    resize,
    crop,
    preprocessing: { interpolation: r.interpolation, resize, crop, mean: r.mean, std: r.std },
    top1: r['acc@1'],
    top5: r['acc@5'],
    approxBytes: approxBytes(preset),
  };
}

const approxBytes = (preset: PresetName) => {
  if (!sizes.has(preset)) sizes.set(preset, approxStateDictBytes(presetSpec(preset)));
  return sizes.get(preset)!;
};

/** Every set of ImageNet weights for a preset: torchvision's (V1 first), then timm's best recipe where there is one. */
export function pretrainedFor(preset: PresetName): PretrainedWeights[] {
  const timm = timmRecipe(preset);
  return [...torchvisionFor(preset), ...(timm ? [timm] : [])];
}

/** The sets torchvision publishes for a preset (V1 first). */
export function torchvisionFor(preset: PresetName): PretrainedWeights[] {
  const published = (accuracy as Record<string, Published[]>)[preset] ?? [];
  return published
    .filter((p): p is Published & { weights: TorchvisionWeights } => p.weights in TAGS)
    .map((p): PretrainedWeights => {
      const tag = TAGS[p.weights];
      return {
        preset,
        source: 'torchvision',
        weights: p.weights,
        tag,
        url: hubUrl(preset, tag),
        cropPct: null,
        resize: p.resize_size,
        crop: p.crop_size,
        // torchvision resizes to 256 for a 224 crop (the V1 recipe) or to 232 (the V2 recipe), bilinear.
        preprocessing: { ...(p.resize_size === 232 ? TORCHVISION_V2 : TORCHVISION_V1), resize: p.resize_size, crop: p.crop_size },
        top1: p['acc@1'],
        top5: p['acc@5'],
        approxBytes: approxBytes(preset),
      };
    });
}

/** The ImageNet weights a built model can load: only a preset's, exactly as torchvision defines it. */
export function pretrainedForSpec(spec: ResNetSpec): PretrainedWeights[] {
  const preset = matchPreset(spec);
  return preset ? pretrainedFor(preset) : [];
}

/** "ResNet-50 · IMAGENET1K_V2", "ResNet-50 · timm a1h_in1k": what the user sees for a set. */
export function pretrainedLabel(w: PretrainedWeights): string {
  return w.source === 'timm' ? `${presetLabel(w.preset)} · timm ${w.weights}` : `${presetLabel(w.preset)} · ${w.weights}`;
}
