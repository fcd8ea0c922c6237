/**
 * Which dataset a model's outputs mean, from its input and classes, and that dataset's preprocessing: the
 * Run tab labels and prepares pictures accordingly. Pure (no TensorFlow.js, no DOM).
 *
 * - ImageNet (1000 classes): torchvision's resize, centre crop and ImageNet statistics (`core/preprocess`).
 * - Fashion-MNIST (1×28×28, 10 classes): `Grayscale()`, `Resize(28)`, `CenterCrop(28)`, `ToTensor()`,
 *   `Normalize(0.286, 0.353)` — and light-background photos inverted, since Fashion-MNIST's clothes are light
 *   on black.
 */
import { centreCrop, resizedSize, type PreprocessPlan } from '../../core';
import imagenetClasses from '../../data/imagenet-classes.json';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_INPUT, FASHION_MNIST_MEAN, FASHION_MNIST_STD } from '../train/fashionMnist';

export type Dataset = 'imagenet' | 'fashion-mnist';

interface ModelShape {
  input: { channels: number; height: number; width: number };
  numClasses: number;
}

export function datasetOf(spec: ModelShape): Dataset | null {
  const { channels, height, width } = spec.input;
  const f = FASHION_MNIST_INPUT;
  if (channels === f.channels && height === f.height && width === f.width && spec.numClasses === FASHION_MNIST_CLASSES.length) return 'fashion-mnist';
  if (spec.numClasses === imagenetClasses.length) return 'imagenet';
  return null;
}

/** The class names of the model's outputs, or null (then outputs are shown as class indices). */
export function classNamesOf(spec: ModelShape): readonly string[] | null {
  const d = datasetOf(spec);
  return d === 'fashion-mnist' ? FASHION_MNIST_CLASSES : d === 'imagenet' ? (imagenetClasses as string[]) : null;
}

/** `Resize(side)` (bilinear, torchvision's default) + `CenterCrop(side)`: the shorter side to the crop's, the rest centred. */
export function squarePlan(image: { width: number; height: number }, side: number): PreprocessPlan {
  const resized = resizedSize(image, side);
  return { resized, crop: centreCrop(resized, { width: side, height: side }), shorterSide: side, interpolation: 'bilinear' };
}

/** A picture whose border is mostly light: a photo of clothes on a light background (`gray`: bytes). */
export function hasLightBackground(gray: Uint8Array | Uint8ClampedArray, width: number, height: number): boolean {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += gray[x] + gray[(height - 1) * width + x];
    n += 2;
  }
  for (let y = 1; y < height - 1; y++) {
    sum += gray[y * width] + gray[y * width + width - 1];
    n += 2;
  }
  return sum / n > 127.5;
}

/**
 * Gray bytes of the 28×28 crop (PIL's `Grayscale()` before the resize, as torchvision's transform does it) →
 * normalised values as Fashion-MNIST training used them; the picture is inverted first when asked (in place in
 * `gray`, so the preview shows what the model sees).
 */
export function normalizeFashionMnist(gray: Uint8Array | Uint8ClampedArray, pixels: number, invert: boolean): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    if (invert) gray[i] = 255 - gray[i];
    out[i] = (gray[i] / 255 - FASHION_MNIST_MEAN) / FASHION_MNIST_STD;
  }
  return out;
}
