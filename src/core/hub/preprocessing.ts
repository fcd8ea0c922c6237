/**
 * The preprocessing a Hub repository asks for, in the app's own terms (`Preprocessing`, `../preprocess.ts`):
 * the resize's filter, the shorter side before the centre crop, the crop, mean and std, and how the crop's
 * offset rounds. timm's eval transform (`transforms_imagenet_eval`, crop_mode "center") resizes the shorter side
 * to `floor(size / crop_pct)`; transformers' ConvNextImageProcessor to `int(shortest_edge / crop_pct)` below 384,
 * and crops with `(size - crop) // 2` where torchvision and timm round.
 */
import { phrase, type Phrase } from '../phrase';
import type { Interpolation, Preprocessing } from '../preprocess';

/** timm's resize before the crop: `math.floor(size / crop_pct)`. */
export const timmResize = (size: number, cropPct: number): number => Math.floor(size / cropPct);

/** transformers' (ConvNextImageProcessor): `int(shortest_edge / crop_pct)`. */
export const transformersResize = (shortestEdge: number, cropPct: number): number => Math.trunc(shortestEdge / cropPct);

/** PIL's resampling filters by their number (`Image.Resampling`), as transformers' configs give them. */
export const PIL_FILTERS: Record<number, string> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box', 5: 'hamming' };

/** A filter the app resamples with (PIL's bilinear and bicubic), or the nearest it has, with a note saying so. */
export function interpolationOf(filter: string | null, fallback: Interpolation, notes: Phrase[]): Interpolation {
  if (filter === null) return fallback;
  if (filter === 'bilinear' || filter === 'bicubic') return filter;
  const used: Interpolation = filter === 'nearest' ? 'bilinear' : 'bicubic';
  notes.push(phrase('It asks for {filter} resampling, which the app does not do; it resamples with {used}.', { filter, used }));
  return used;
}

/** A resize of the whole picture to a square (a squash or a warp): the app resizes the shorter side and crops. */
export function squashNote(size: number): Phrase {
  return phrase(
    'It resizes the whole picture to {size}×{size}, squashing it; the app keeps the aspect ratio, resizes the shorter side to {size} and crops the centre (the same for a square picture).',
    { size },
  );
}

/** "bicubic, crop 0.95" or "bilinear, resize 256, crop 224": the short form of the summary. */
export function preprocessingPhrase(p: Preprocessing, cropPct: number | null): Phrase {
  // The filter's name is a phrase, worded as the Run tab's preprocessing sentence words it.
  const interpolation = phrase(p.interpolation);
  if (cropPct !== null) return phrase('{interpolation}, crop {pct}', { interpolation, pct: formatPct(cropPct) });
  return phrase('{interpolation}, resize {size}, crop {crop}', { interpolation, size: p.resize, crop: p.crop });
}

/** 0.95 → "0.95", 0.875 → "0.875", 1 → "1.0" (as the configs write them). */
export function formatPct(x: number): string {
  const s = String(Math.round(x * 1e4) / 1e4);
  return s.includes('.') ? s : `${s}.0`;
}
