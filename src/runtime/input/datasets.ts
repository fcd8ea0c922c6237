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

/** Luma of RGBA pixels in [0, 1] (ITU-R 601-2, as PIL's `convert('L')`). */
function luma(rgba: Uint8ClampedArray, i: number): number {
  return (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255;
}

/** A picture whose border is mostly light: a photo of clothes on a light background. */
export function hasLightBackground(rgba: Uint8ClampedArray, width: number, height: number): boolean {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += luma(rgba, x) + luma(rgba, (height - 1) * width + x);
    n += 2;
  }
  for (let y = 1; y < height - 1; y++) {
    sum += luma(rgba, y * width) + luma(rgba, y * width + width - 1);
    n += 2;
  }
  return sum / n > 0.5;
}

/**
 * RGBA pixels of the 28×28 crop → normalised grayscale values as Fashion-MNIST training used them; the
 * picture is inverted first when asked (in place in `rgba`, so the preview shows what the model sees).
 */
export function normalizeFashionMnist(rgba: Uint8ClampedArray, pixels: number, invert: boolean): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    // PIL rounds the luma to a byte, as the training images are bytes.
    let v = Math.round(luma(rgba, i) * 255);
    if (invert) v = 255 - v;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = v;
    out[i] = (v / 255 - FASHION_MNIST_MEAN) / FASHION_MNIST_STD;
  }
  return out;
}
