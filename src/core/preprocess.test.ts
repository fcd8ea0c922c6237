import { describe, expect, it } from 'vitest';
import { IMAGENET_MEAN, IMAGENET_STD, TORCHVISION_V1, TORCHVISION_V2, centreCrop, normalizePixels, planPreprocess, samePreprocessing, softmax, topK } from './index';

describe('torchvision preprocessing', () => {
  it('resizes the shorter side to 256 and centre-crops 224, as Resize(256) + CenterCrop(224)', () => {
    // chelsea.png is 451x300: torchvision resizes to 384x256 (int(451 * 256 / 300) = 384), crops at (80, 16).
    expect(planPreprocess({ width: 451, height: 300 }, { height: 224, width: 224 }, TORCHVISION_V1)).toEqual({
      resized: { width: 384, height: 256 },
      crop: { x: 80, y: 16, width: 224, height: 224 },
      shorterSide: 256,
      interpolation: 'bilinear',
    });
    expect(planPreprocess({ width: 300, height: 451 }, { height: 224, width: 224 }, TORCHVISION_V2).resized).toEqual({ width: 232, height: 348 });
  });

  it('scales the resize with other input sizes, and pads a crop larger than the image', () => {
    const p = planPreprocess({ width: 1000, height: 500 }, { height: 320, width: 320 }, TORCHVISION_V1);
    expect(p.shorterSide).toBe(366);
    const wide = planPreprocess({ width: 100, height: 100 }, { height: 64, width: 256 }, TORCHVISION_V1);
    expect(wide.resized).toEqual({ width: 73, height: 73 });
    expect(wide.crop.x).toBeLessThan(0);
  });

  it("follows the weights' description: timm's crop_pct 0.95 at 224 is a resize to 235, bicubic", () => {
    const timm = { ...TORCHVISION_V1, interpolation: 'bicubic' as const, resize: Math.floor(224 / 0.95) };
    const p = planPreprocess({ width: 640, height: 427 }, { height: 224, width: 224 }, timm);
    expect(p).toMatchObject({ shorterSide: 235, resized: { width: 352, height: 235 }, interpolation: 'bicubic' });
    // At 288 the shorter side keeps the ratio: round(288 * 235 / 224) = 302.
    expect(planPreprocess({ width: 640, height: 427 }, { height: 288, width: 288 }, timm).shorterSide).toBe(302);
    expect(samePreprocessing(timm, TORCHVISION_V1)).toBe(false);
    expect(samePreprocessing({ ...TORCHVISION_V2 }, TORCHVISION_V2)).toBe(true);
  });

  it('computes the longer side as torchvision does, int(s * long / short)', () => {
    // 103 * (256 / 103) is 255.99999999999997 in floating point: a square picture would come out 256×255.
    expect(planPreprocess({ width: 103, height: 103 }, { height: 224, width: 224 }, TORCHVISION_V1).resized).toEqual({ width: 256, height: 256 });
    expect(planPreprocess({ width: 196, height: 300 }, { height: 224, width: 224 }, TORCHVISION_V1).resized).toEqual({ width: 256, height: 391 });
  });

  it("centre-crops as torchvision's CenterCrop: halves round to even, a larger crop pads (c - s) // 2 before", () => {
    // int(round(62.5)) = 62 and int(round(63.5)) = 64 in Python.
    expect(centreCrop({ width: 349, height: 351 }, { width: 224, height: 224 })).toEqual({ x: 62, y: 64, width: 224, height: 224 });
    // A 221-pixel side padded to 224: 1 before, 2 after.
    expect(centreCrop({ width: 221, height: 300 }, { width: 224, height: 224 }).x).toBe(-1);
  });

  it('normalises with the ImageNet mean and standard deviation', () => {
    const rgba = new Uint8ClampedArray([255, 0, 128, 255]);
    const out = normalizePixels(rgba, 1, 3);
    expect(out[0]).toBeCloseTo((1 - IMAGENET_MEAN[0]) / IMAGENET_STD[0], 6);
    expect(out[1]).toBeCloseTo((0 - IMAGENET_MEAN[1]) / IMAGENET_STD[1], 6);
    expect(out[2]).toBeCloseTo((128 / 255 - IMAGENET_MEAN[2]) / IMAGENET_STD[2], 6);
    expect(normalizePixels(rgba, 1, 1)).toHaveLength(1);
  });

  it('softmax and top-k', () => {
    const p = softmax([1000, 1000, -1000]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(topK(p, 2).map((t) => t.index)).toEqual([0, 1]);
  });
});
