/**
 * The preprocessing a Hub repository asks for, as numbers: how to resize (the shorter side, keeping the aspect
 * ratio, or both sides), with which PIL filter, the centre crop and how its offset rounds, and the mean and
 * standard deviation. timm's eval transform (`transforms_imagenet_eval`, crop_mode "center") resizes the shorter
 * side to `floor(size / crop_pct)`; transformers' ConvNextImageProcessor to `int(shortest_edge / crop_pct)` below
 * 384 (and warps to a square from 384 up), and crops with `(size - crop) // 2` where torchvision and timm round.
 */
import { phrase, type Phrase } from '../phrase';

export type Interpolation = 'nearest' | 'bilinear' | 'bicubic';

export interface WeightsPreprocessing {
  interpolation: Interpolation;
  /** `shorter`: the shorter side to `size`, the other scaled and truncated (torchvision's Resize(int)); `exact`: both sides. */
  resize: { kind: 'shorter'; size: number } | { kind: 'exact'; height: number; width: number };
  crop: { height: number; width: number };
  /** The crop's offset: torchvision and timm `round((size - crop) / 2)`, transformers `(size - crop) // 2`. */
  cropOffset: 'round' | 'floor';
  mean: [number, number, number];
  std: [number, number, number];
  /** The repository's crop_pct, when it gave one (for the summary). */
  cropPct: number | null;
}

/** timm's resize before the crop: `math.floor(size / crop_pct)`. */
export const timmResize = (size: number, cropPct: number): number => Math.floor(size / cropPct);

/** transformers' (ConvNextImageProcessor): `int(shortest_edge / crop_pct)`. */
export const transformersResize = (shortestEdge: number, cropPct: number): number => Math.trunc(shortestEdge / cropPct);

/** PIL's resampling filters by their number (`Image.Resampling`), as transformers' configs give them. */
export const PIL_FILTERS: Record<number, string> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box', 5: 'hamming' };

/** "bicubic, crop 0.95" or "bilinear, resize 256, crop 224": the short form of the summary. */
export function preprocessingPhrase(p: WeightsPreprocessing): Phrase {
  if (p.cropPct !== null) return phrase('{interpolation}, crop {pct}', { interpolation: p.interpolation, pct: formatPct(p.cropPct) });
  if (p.resize.kind === 'exact') return phrase('{interpolation}, resize to {h}×{w}', { interpolation: p.interpolation, h: p.resize.height, w: p.resize.width });
  return phrase('{interpolation}, resize {size}, crop {crop}', { interpolation: p.interpolation, size: p.resize.size, crop: p.crop.height });
}

/** 0.95 → "0.95", 0.875 → "0.875", 1 → "1.0" (as the configs write them). */
export function formatPct(x: number): string {
  const s = String(Math.round(x * 1e4) / 1e4);
  return s.includes('.') ? s : `${s}.0`;
}
