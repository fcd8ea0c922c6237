/**
 * torchvision's ImageNet preprocessing as numbers: resize the shorter side, centre-crop to the model's input,
 * scale to [0, 1], normalise with ImageNet's mean and standard deviation. Pure; the pixels are the runtime's.
 */

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** Classic weights resize to 256 before a 224 crop; torchvision's V2 weights to 232. */
export type ResizePolicy = 'classic' | 'v2';
export const RESIZE_AT_224: Record<ResizePolicy, number> = { classic: 256, v2: 232 };

export interface PreprocessPlan {
  /** The image after resizing its shorter side. */
  resized: { width: number; height: number };
  /** The centre crop, in resized-image pixels (it may extend past the image, which is then padded). */
  crop: { x: number; y: number; width: number; height: number };
  /** The shorter side's target (256 for classic weights at 224). */
  shorterSide: number;
}

/**
 * The resize and crop torchvision's `Resize(s)` + `CenterCrop((h, w))` would make. For inputs other than 224
 * the shorter side scales with the crop (256/224 of it for classic weights).
 */
export function planPreprocess(image: { width: number; height: number }, crop: { height: number; width: number }, policy: ResizePolicy): PreprocessPlan {
  const shorterSide = Math.round((Math.min(crop.height, crop.width) * RESIZE_AT_224[policy]) / 224);
  const scale = shorterSide / Math.min(image.width, image.height);
  // torchvision computes the longer side as int(long * short_target / short), truncating.
  const resized =
    image.width <= image.height
      ? { width: shorterSide, height: Math.floor(image.height * scale) }
      : { width: Math.floor(image.width * scale), height: shorterSide };
  // CenterCrop rounds the offsets: int(round((size - crop) / 2)).
  const x = Math.round((resized.width - crop.width) / 2);
  const y = Math.round((resized.height - crop.height) / 2);
  return { resized, crop: { x, y, width: crop.width, height: crop.height }, shorterSide };
}

/**
 * RGBA pixels (0–255) of the crop into a normalised float32 HWC array for a model with `channels` inputs:
 * 3 (RGB, ImageNet statistics) or 1 (luma, the statistics' mean).
 */
export function normalizePixels(rgba: Uint8ClampedArray, pixels: number, channels: 1 | 3): Float32Array {
  const out = new Float32Array(pixels * channels);
  if (channels === 3) {
    for (let i = 0; i < pixels; i++) {
      for (let c = 0; c < 3; c++) out[i * 3 + c] = (rgba[i * 4 + c] / 255 - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
    }
  } else {
    const mean = (IMAGENET_MEAN[0] + IMAGENET_MEAN[1] + IMAGENET_MEAN[2]) / 3;
    const std = (IMAGENET_STD[0] + IMAGENET_STD[1] + IMAGENET_STD[2]) / 3;
    for (let i = 0; i < pixels; i++) {
      const luma = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255;
      out[i] = (luma - mean) / std;
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
