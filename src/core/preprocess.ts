/**
 * torchvision's ImageNet preprocessing as numbers: resize the shorter side, centre-crop to the model's input,
 * scale to [0, 1], normalise with ImageNet's mean and standard deviation. Pure; the pixels are the runtime's.
 */

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** PIL's resampling filters as torchvision's `InterpolationMode` names them (both antialiased when shrinking). */
export type Interpolation = 'bilinear' | 'bicubic';

/**
 * What a set of weights expects of a picture: its evaluation transform as data,
 * `Resize(resize, interpolation)` → `CenterCrop(crop)` → `ToTensor()` → `Normalize(mean, std)`.
 * torchvision's V1 weights: 256 at 224, bilinear; its V2 weights: 232 at 224, bilinear (`TORCHVISION_V1`,
 * `TORCHVISION_V2`). timm's `pretrained_cfg` gives `resize = floor(crop / crop_pct)` (e.g. 0.95 → 235 at 224)
 * and often bicubic; transformers' `preprocessor_config.json` gives `shortest_edge / crop_pct` and `resample`.
 */
export interface Preprocessing {
  /** The resize's filter. */
  interpolation: Interpolation;
  /** The shorter side before the crop, for a crop of `crop` pixels. */
  resize: number;
  /**
   * The centre crop the weights were evaluated at. A model whose input is another size keeps the ratio: its
   * shorter side is `round(min(input height, width) × resize / crop)` (so 256/224 of the input for V1).
   */
  crop: number;
  /** Per channel (R, G, B), in [0, 1] units. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const TORCHVISION_V1: Preprocessing = { interpolation: 'bilinear', resize: 256, crop: 224, mean: IMAGENET_MEAN, std: IMAGENET_STD };
export const TORCHVISION_V2: Preprocessing = { interpolation: 'bilinear', resize: 232, crop: 224, mean: IMAGENET_MEAN, std: IMAGENET_STD };

/** Whether two descriptions make the same input. */
export function samePreprocessing(a: Preprocessing, b: Preprocessing): boolean {
  return preprocessingKey(a) === preprocessingKey(b);
}

/** A short key for caches ("bilinear:256/224:…"). */
export function preprocessingKey(p: Preprocessing): string {
  return `${p.interpolation}:${p.resize}/${p.crop}:${p.mean.join(',')}:${p.std.join(',')}`;
}

export interface PreprocessPlan {
  /** The image after resizing its shorter side. */
  resized: { width: number; height: number };
  /** The centre crop, in resized-image pixels (it may extend past the image, which is then padded). */
  crop: { x: number; y: number; width: number; height: number };
  /** The shorter side's target (256 for V1 weights at 224). */
  shorterSide: number;
  interpolation: Interpolation;
}

/** torchvision's `Resize(s)`: the shorter side to `s`, the longer `int(long * s / short)` (truncating). */
export function resizedSize(image: { width: number; height: number }, shorterSide: number): { width: number; height: number } {
  // In torchvision's order, `s * long / short`: `long * (s / short)` can land just under an integer (900 / 3).
  const longer = (short: number, long: number) => Math.floor((shorterSide * long) / short);
  return image.width <= image.height
    ? { width: shorterSide, height: longer(image.width, image.height) }
    : { width: longer(image.height, image.width), height: shorterSide };
}

/**
 * torchvision's `CenterCrop`: the offset is `int(round((size - crop) / 2))` (Python rounds halves to even); a crop
 * larger than the picture pads it with zeros first, `(crop - size) // 2` before it (a negative offset here).
 */
export function centreCrop(resized: { width: number; height: number }, crop: { height: number; width: number }): PreprocessPlan['crop'] {
  const offset = (size: number, c: number) => (c > size ? -Math.floor((c - size) / 2) : roundHalfEven((size - c) / 2));
  return { x: offset(resized.width, crop.width), y: offset(resized.height, crop.height), width: crop.width, height: crop.height };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The resize and crop torchvision's `Resize(s)` + `CenterCrop((h, w))` would make for a model whose input is
 * `crop`. For inputs other than the weights' crop the shorter side scales with it.
 */
export function planPreprocess(image: { width: number; height: number }, crop: { height: number; width: number }, p: Preprocessing): PreprocessPlan {
  const shorterSide = Math.round((Math.min(crop.height, crop.width) * p.resize) / p.crop);
  const resized = resizedSize(image, shorterSide);
  return { resized, crop: centreCrop(resized, crop), shorterSide, interpolation: p.interpolation };
}

/**
 * RGBA pixels (0–255) of the crop into a normalised float32 HWC array for a model with `channels` inputs:
 * 3 (RGB, the weights' statistics) or 1 (luma, the statistics' mean).
 */
export function normalizePixels(rgba: Uint8ClampedArray, pixels: number, channels: 1 | 3, p: Pick<Preprocessing, 'mean' | 'std'> = TORCHVISION_V1): Float32Array {
  const out = new Float32Array(pixels * channels);
  const { mean, std } = p;
  if (channels === 3) {
    for (let i = 0; i < pixels; i++) {
      for (let c = 0; c < 3; c++) out[i * 3 + c] = (rgba[i * 4 + c] / 255 - mean[c]) / std[c];
    }
  } else {
    const m = (mean[0] + mean[1] + mean[2]) / 3;
    const s = (std[0] + std[1] + std[2]) / 3;
    for (let i = 0; i < pixels; i++) {
      const luma = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255;
      out[i] = (luma - m) / s;
    }
  }
  return out;
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

export function topK(probs: ArrayLike<number>, k: number): { index: number; p: number }[] {
  return Array.from({ length: probs.length }, (_, index) => ({ index, p: probs[index] }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k);
}
