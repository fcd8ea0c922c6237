/**
 * PIL's `Image.resize` (Pillow 9.4, `ImagingResample`) on 8-bit pixels, followed by a crop: a horizontal pass
 * over the input rows the vertical pass will read, each output byte clipped and rounded (`clip8`), then a
 * vertical pass, in fixed point exactly as PIL's `ImagingResampleHorizontal_8bpc` / `Vertical_8bpc` do. Only
 * the crop is computed, from only the input pixels it needs (each output pixel depends on its own taps alone,
 * so the bytes are those of resizing everything and cropping after). RGBA runs on the WebAssembly SIMD kernel
 * where there is one (`simd.ts`), else in plain code here; both give the same bytes. The input comes in
 * chunks of rows (`RowSource`), so a large picture need not be read out whole. Pure: no DOM.
 */
import type { Interpolation } from '../preprocess';
import { PRECISION_BITS, coefficients, type Coefficients } from './coefficients';
import { simdKernel } from './simd';

/** 8-bit pixels: `channels` 4 are RGBA (red, green and blue resampled, as PIL's RGB; alpha set to 255), 1 gray. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 4;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What one resize-and-crop needs: the weights of the crop's rows and columns, and the input region they read. */
export interface ResamplePlan {
  interpolation: Interpolation;
  image: { width: number; height: number };
  crop: Region;
  /** The part of the crop inside the resized picture, in resized coordinates (the rest is padding). */
  inside: Region;
  /** The input pixels the inside needs. */
  region: Region;
  /** Weights of the inside's columns / rows (null: that axis keeps its size, PIL skips the pass). */
  h: Coefficients | null;
  v: Coefficients | null;
}

const HALF = 1 << (PRECISION_BITS - 1);

/** The coefficients of output indices [from, to) only. */
function slice(c: Coefficients, from: number, to: number): Coefficients {
  return { ksize: c.ksize, bounds: c.bounds.subarray(from * 2, to * 2), weights: c.weights.subarray(from * c.ksize, to * c.ksize) };
}

/** The input span [first, end) that coefficients read. */
function span(c: Coefficients): [number, number] {
  let first = Infinity;
  let end = 0;
  for (let i = 0; i < c.bounds.length; i += 2) {
    first = Math.min(first, c.bounds[i]);
    end = Math.max(end, c.bounds[i] + c.bounds[i + 1]);
  }
  return [first, end];
}

/** Plans `Resize(out)` of a picture of `image`'s size with `interpolation`, then the `crop` of the result. */
export function planResample(image: { width: number; height: number }, out: { width: number; height: number }, crop: Region, interpolation: Interpolation): ResamplePlan {
  const x0 = Math.max(0, crop.x);
  const x1 = Math.min(out.width, crop.x + crop.width);
  const y0 = Math.max(0, crop.y);
  const y1 = Math.min(out.height, crop.y + crop.height);
  const inside = { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  const h = out.width !== image.width && inside.width ? slice(coefficients(image.width, out.width, interpolation), x0, x1) : null;
  const v = out.height !== image.height && inside.height ? slice(coefficients(image.height, out.height, interpolation), y0, y1) : null;
  const [cx0, cx1] = h ? span(h) : [x0, x1];
  const [ry0, ry1] = v ? span(v) : [y0, y1];
  const region = inside.width && inside.height ? { x: cx0, y: ry0, width: cx1 - cx0, height: ry1 - ry0 } : { x: 0, y: 0, width: 0, height: 0 };
  return { interpolation, image: { ...image }, crop: { ...crop }, inside, region, h, v };
}

/** Pixels of part of a picture: `pixels` hold the picture's pixels from (`x`, `y`) on. */
export interface Window {
  pixels: Pixels;
  x: number;
  y: number;
}

/**
 * The picture's rows on demand (so a large one need not be read out all at once): `rows(y, count)` gives a
 * window holding at least rows [y, y + count) of the plan's region, all its columns.
 */
export interface RowSource {
  channels: 1 | 4;
  rows(y: number, count: number): Window;
}

/** Input rows fetched at a time from a `RowSource` (each is resampled as it comes). */
export const CHUNK_ROWS = 64;

/** A whole picture in memory as a row source. */
export function wholePicture(src: Pixels): RowSource {
  return { channels: src.channels, rows: () => ({ pixels: src, x: 0, y: 0 }) };
}

/** The window for rows [y, y + count) of the region, checked to hold them. */
export function fetchRows(source: RowSource, region: Region, y: number, count: number): Window {
  const w = source.rows(y, count);
  const p = w.pixels;
  if (p.channels !== source.channels || region.x < w.x || y < w.y || region.x + region.width > w.x + p.width || y + count > w.y + p.height) {
    throw new RangeError('resample: the pixels given do not cover the region the crop needs');
  }
  return w;
}

/**
 * Resizes `src` to `out` (PIL's resize, `interpolation`) and returns the `crop` of the result (same channel
 * layout as `src`); a crop reaching past the resized picture is padded with 0 (alpha 255), as torchvision's
 * `CenterCrop` pads.
 */
export function resizeCrop(src: Pixels, out: { width: number; height: number }, crop: Region, interpolation: Interpolation): Pixels {
  return resample(planResample(src, out, crop, interpolation), wholePicture(src));
}

/** Runs a plan on the picture's pixels. `simd: false` forces the plain code (the tests compare both). */
export function resample(plan: ResamplePlan, source: RowSource, simd = true): Pixels {
  const { crop, inside } = plan;
  const { channels } = source;
  const result = new Uint8ClampedArray(crop.width * crop.height * channels);
  if (channels === 4) for (let i = 3; i < result.length; i += 4) result[i] = 255;
  const done = { data: result, width: crop.width, height: crop.height, channels };
  if (!inside.width || !inside.height) return done;
  const kernel = simd && channels === 4 ? simdKernel() : null;
  const pixels = kernel ? kernel(plan, source) : resampleScalar(plan, source);
  // The inside of the crop, into place.
  const rowBytes = inside.width * channels;
  const dx = inside.x - crop.x;
  const dy = inside.y - crop.y;
  for (let y = 0; y < inside.height; y++) {
    const row = pixels.subarray(y * rowBytes, (y + 1) * rowBytes);
    result.set(row, ((dy + y) * crop.width + dx) * channels);
  }
  if (channels === 4) for (let i = 3; i < result.length; i += 4) result[i] = 255;
  return done;
}

/** The inside of the crop, rows of `inside.width` pixels, in plain code. */
function resampleScalar(plan: ResamplePlan, source: RowSource): Uint8Array | Uint8ClampedArray {
  const { inside, region, h, v } = plan;
  const c = source.channels;
  let mid: Uint8Array | Uint8ClampedArray;
  let midWidth: number;
  let midX: number;
  let midY: number;
  if (h) {
    // Horizontal pass over the region's rows, as they come.
    mid = new Uint8Array(region.height * inside.width * c);
    for (let y = 0; y < region.height; y += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, region.height - y);
      const w = fetchRows(source, region, region.y + y, count);
      const out = mid.subarray(y * inside.width * c);
      if (c === 4) horizontalRgb(w, region.y + y, count, h, out);
      else horizontalGray(w, region.y + y, count, h, out);
    }
    midWidth = inside.width;
    midX = 0;
    midY = region.y;
  } else {
    // The width stays: the vertical pass (or the crop) reads the picture itself.
    const w = fetchRows(source, region, region.y, region.height);
    mid = w.pixels.data;
    midWidth = w.pixels.width;
    midX = inside.x - w.x;
    midY = w.y;
  }
  if (!v) {
    if (h) return mid;
    const out = new Uint8Array(inside.width * inside.height * c);
    for (let y = 0; y < inside.height; y++) {
      const from = ((inside.y + y - midY) * midWidth + midX) * c;
      out.set(mid.subarray(from, from + inside.width * c), y * inside.width * c);
    }
    return out;
  }
  const out = new Uint8Array(inside.width * inside.height * c);
  if (c === 4) verticalRgb(mid, midWidth, midX, midY, inside.width, v, out);
  else verticalGray(mid, midWidth, midX, midY, inside.width, v, out);
  return out;
}

/** PIL's `clip8`: the fixed-point sum's integer part, clamped to a byte. */
function clip8(ss: number): number {
  const v = ss >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function horizontalRgb(w: Window, rowFirst: number, rows: number, c: Coefficients, out: Uint8Array): void {
  const { ksize, bounds, weights } = c;
  const data = w.pixels.data;
  const cols = bounds.length >> 1;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const row = ((rowFirst + y - w.y) * w.pixels.width - w.x) * 4;
    for (let xx = 0; xx < cols; xx++) {
      const n = bounds[xx * 2 + 1];
      const k = xx * ksize;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let p = row + bounds[xx * 2] * 4;
      for (let x = 0; x < n; x++, p += 4) {
        const w = weights[k + x];
        s0 += data[p] * w;
        s1 += data[p + 1] * w;
        s2 += data[p + 2] * w;
      }
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
      out[o + 3] = 255;
      o += 4;
    }
  }
}

function horizontalGray(w: Window, rowFirst: number, rows: number, c: Coefficients, out: Uint8Array): void {
  const { ksize, bounds, weights } = c;
  const data = w.pixels.data;
  const cols = bounds.length >> 1;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const row = (rowFirst + y - w.y) * w.pixels.width - w.x;
    for (let xx = 0; xx < cols; xx++) {
      const n = bounds[xx * 2 + 1];
      const k = xx * ksize;
      const p = row + bounds[xx * 2];
      let s = HALF;
      for (let x = 0; x < n; x++) s += data[p + x] * weights[k + x];
      out[o++] = clip8(s);
    }
  }
}

/** Vertical pass from `mid` (rows from picture row `midY`, `midWidth` pixels each, the inside from column `midX`). */
function verticalRgb(mid: Uint8Array | Uint8ClampedArray, midWidth: number, midX: number, midY: number, cols: number, c: Coefficients, out: Uint8Array): void {
  const { ksize, bounds, weights } = c;
  const rows = bounds.length >> 1;
  const stride = midWidth * 4;
  let o = 0;
  for (let yy = 0; yy < rows; yy++) {
    const top = (bounds[yy * 2] - midY) * stride + midX * 4;
    const n = bounds[yy * 2 + 1];
    const k = yy * ksize;
    for (let xx = 0; xx < cols; xx++, o += 4) {
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let p = top + xx * 4;
      for (let y = 0; y < n; y++, p += stride) {
        const w = weights[k + y];
        s0 += mid[p] * w;
        s1 += mid[p + 1] * w;
        s2 += mid[p + 2] * w;
      }
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
      out[o + 3] = 255;
    }
  }
}

function verticalGray(mid: Uint8Array | Uint8ClampedArray, midWidth: number, midX: number, midY: number, cols: number, c: Coefficients, out: Uint8Array): void {
  const { ksize, bounds, weights } = c;
  const rows = bounds.length >> 1;
  let o = 0;
  for (let yy = 0; yy < rows; yy++) {
    const top = (bounds[yy * 2] - midY) * midWidth + midX;
    const n = bounds[yy * 2 + 1];
    const k = yy * ksize;
    for (let xx = 0; xx < cols; xx++) {
      let s = HALF;
      let p = top + xx;
      for (let y = 0; y < n; y++, p += midWidth) s += mid[p] * weights[k + y];
      out[o++] = clip8(s);
    }
  }
}
