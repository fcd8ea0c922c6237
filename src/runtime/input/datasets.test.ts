import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../core';
import { classNamesOf, datasetOf, hasLightBackground, normalizeFashionMnist, squarePlan } from './datasets';

const fmnist = { ...presetSpec('resnet20'), input: { channels: 1, height: 28, width: 28 }, numClasses: 10 };

describe('the dataset a model answers in', () => {
  it('is Fashion-MNIST for 1×28×28 with 10 classes, ImageNet for 1000 classes, else unknown', () => {
    expect(datasetOf(fmnist)).toBe('fashion-mnist');
    expect(classNamesOf(fmnist)?.[9]).toBe('Ankle boot');
    expect(datasetOf(presetSpec('resnet50'))).toBe('imagenet');
    expect(classNamesOf(presetSpec('resnet50'))?.[281]).toBe('tabby');
    expect(datasetOf(presetSpec('resnet20'))).toBeNull(); // CIFAR-shaped: 3×32×32, 10 classes
    expect(classNamesOf(presetSpec('resnet20'))).toBeNull();
  });
});

describe('Fashion-MNIST preprocessing', () => {
  it('resizes the shorter side to 28 and centre-crops', () => {
    expect(squarePlan({ width: 100, height: 50 }, 28)).toEqual({ resized: { width: 56, height: 28 }, crop: { x: 14, y: 0, width: 28, height: 28 }, shorterSide: 28, interpolation: 'bilinear' });
    expect(squarePlan({ width: 28, height: 28 }, 28).crop).toEqual({ x: 0, y: 0, width: 28, height: 28 });
  });

  it('normalises grey bytes with the training statistics, inverting a light background', () => {
    const px = (v: number[]) => new Uint8ClampedArray(v.flatMap((g) => [g, g, g, 255]));
    const dark = px([0, 255]);
    expect(Array.from(normalizeFashionMnist(dark, 2, false))).toEqual([(0 - 0.286) / 0.353, (1 - 0.286) / 0.353].map(Math.fround));
    const light = px([255, 0]);
    expect(Array.from(normalizeFashionMnist(light, 2, true))).toEqual([(0 - 0.286) / 0.353, (1 - 0.286) / 0.353].map(Math.fround));
    expect(Array.from(light.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    // A 3×3 picture: white border, black centre → light background.
    expect(hasLightBackground(px([255, 255, 255, 255, 0, 255, 255, 255, 255]), 3, 3)).toBe(true);
    expect(hasLightBackground(px([0, 0, 0, 0, 255, 0, 0, 0, 0]), 3, 3)).toBe(false);
  });
});
