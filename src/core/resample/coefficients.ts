/**
 * PIL's resampling weights (Pillow 9.4, `libImaging/Resample.c`, `precompute_coeffs` and
 * `normalize_coeffs_8bpc`), computed with the same double-precision steps in the same order, so that the
 * fixed-point weights, and hence every output byte, are PIL's. Written by hand: no library computes PIL's
 * exact arithmetic (canvas, `createImageBitmap` and the usual JavaScript resizers all differ).
 */
import type { Interpolation } from '../preprocess';

/** PIL keeps 22 fractional bits: 8 bits of result and 2 of headroom in a 32-bit int. */
export const PRECISION_BITS = 32 - 8 - 2;

interface Filter {
  weight: (x: number) => number;
  support: number;
}

function bilinear(x: number): number {
  if (x < 0) x = -x;
  return x < 1 ? 1 - x : 0;
}

/** Keys' cubic convolution with a = -0.5, written as PIL writes it (the same operations, the same rounding). */
function bicubic(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

export const FILTERS: Record<Interpolation, Filter> = {
  bilinear: { weight: bilinear, support: 1 },
  bicubic: { weight: bicubic, support: 2 },
};

/** For one axis: each output index's first input index and tap count, and its fixed-point weights. */
export interface Coefficients {
  /** Taps per output index (the row length of `weights`). */
  ksize: number;
  /** `[first, count]` per output index. */
  bounds: Int32Array;
  /** `ksize` fixed-point weights per output index (unused taps are 0). */
  weights: Int32Array;
}

/**
 * The weights for resampling `inSize` pixels to `outSize` over the whole input (PIL's box (0, inSize)):
 * a filter stretched by the scale when shrinking (the antialiasing), normalised to sum 1, then rounded to
 * `PRECISION_BITS` away from zero.
 */
export function coefficients(inSize: number, outSize: number, interpolation: Interpolation): Coefficients {
  const filter = FILTERS[interpolation];
  // PIL's box is floats (0, inSize), exact for any image size here.
  const scale = inSize / outSize;
  const filterscale = Math.max(1, scale);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1 / filterscale;
  const one = 1 << PRECISION_BITS;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.weight((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? k[x] / ww : k[x];
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * one) : Math.trunc(0.5 + w * one);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}
