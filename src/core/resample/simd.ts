/**
 * The RGBA resample on the WebAssembly SIMD kernel (`kernel.wat`, bytes in `kernelBytes.ts`): the input region
 * is copied into the module's memory, the weights laid out in pairs of taps split into 16-bit halves, and the
 * two passes run there. The module is 780 bytes, so it compiles synchronously anywhere (Chromium refuses only
 * modules over 4 KB on the main thread). Without WebAssembly SIMD the caller falls back to plain code.
 */
import type { Coefficients } from './coefficients';
import { KERNEL_BYTES } from './kernelBytes';
import { CHUNK_ROWS, fetchRows, type RowSource, type ResamplePlan, type Window } from './resample';

interface Exports {
  memory: WebAssembly.Memory;
  horizontal(src: number, stride: number, rows: number, cols: number, bounds: number, wts: number, kpairs: number, out: number): void;
  vertical(src: number, stride: number, cols: number, rowsOut: number, bounds: number, wts: number, kpairs: number, out: number, outStride: number): void;
}

type Kernel = (plan: ResamplePlan, source: RowSource) => Uint8Array;

let kernel: Kernel | null | undefined;

/** The SIMD resample, or null where WebAssembly SIMD is missing. */
export function simdKernel(): Kernel | null {
  if (kernel === undefined) {
    try {
      kernel = typeof WebAssembly === 'object' && WebAssembly.validate(KERNEL_BYTES) ? makeKernel(new WebAssembly.Instance(new WebAssembly.Module(KERNEL_BYTES)).exports as unknown as Exports) : null;
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

const align = (n: number) => (n + 15) & ~15;
/** Rows copied and resampled at a time (a 4000-pixel row is 16 KB: 8 fit in a core's L2 cache). */
const BAND = 8;

/** Bounds (first input index relative to `origin`, tap pairs) and paired weights, for `kernel.wat`. */
function layWeights(c: Coefficients, origin: number, bounds: Int32Array, weights: Int16Array): number {
  const n = c.bounds.length >> 1;
  const kpairs = (c.ksize + 1) >> 1;
  for (let i = 0; i < n; i++) {
    const taps = c.bounds[i * 2 + 1];
    bounds[i * 2] = c.bounds[i * 2] - origin;
    bounds[i * 2 + 1] = (taps + 1) >> 1;
    for (let j = 0; j < kpairs; j++) {
      const w0 = 2 * j < taps ? c.weights[i * c.ksize + 2 * j] : 0;
      const w1 = 2 * j + 1 < taps ? c.weights[i * c.ksize + 2 * j + 1] : 0;
      // w = hi × 2^11 + lo, lo in [0, 2^11): both fit 16 bits for |w| ≤ 2^22.
      const at = (i * kpairs + j) * 16;
      for (let lane = 0; lane < 4; lane++) {
        weights[at + lane * 2] = w0 >> 11;
        weights[at + lane * 2 + 1] = w1 >> 11;
        weights[at + 8 + lane * 2] = w0 & 2047;
        weights[at + 8 + lane * 2 + 1] = w1 & 2047;
      }
    }
  }
  return kpairs;
}

function makeKernel(wasm: Exports): Kernel {
  return (plan, source) => {
    const { inside, region, h, v } = plan;
    const regionStride = region.width * 4;
    const midRows = h && v ? region.height : 0;
    const midStride = inside.width * 4;
    const outBytes = inside.width * inside.height * 4;
    // Layout: region (a band of its rows when both passes run; + one row and 16 bytes: a second tap is read
    // past the last) | mid (the same) | out | weights.
    const regionAt = 0;
    const regionRows = h && v ? Math.min(BAND, region.height) : region.height;
    const midAt = align(regionAt + regionStride * (regionRows + 1) + 16);
    const outAt = align(midAt + (midRows + 1) * midStride + 16);
    const hCount = h ? h.bounds.length >> 1 : 0;
    const vCount = v ? v.bounds.length >> 1 : 0;
    const hBoundsAt = align(outAt + outBytes);
    const hWeightsAt = align(hBoundsAt + hCount * 8);
    const vBoundsAt = align(hWeightsAt + (h ? hCount * ((h.ksize + 1) >> 1) * 32 : 0));
    const vWeightsAt = align(vBoundsAt + vCount * 8);
    const end = vWeightsAt + (v ? vCount * ((v.ksize + 1) >> 1) * 32 : 0);
    const memory = wasm.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    const buffer = memory.buffer;
    const bytes = new Uint8Array(buffer);

    /** Rows [first, first + count) of the region from window `w`, packed at `to`. */
    const copyRows = (w: Window, first: number, count: number, to: number) => {
      const stride = w.pixels.width * 4;
      for (let y = first; y < first + count; y++) {
        const from = (y - w.y) * stride + (region.x - w.x) * 4;
        bytes.set(w.pixels.data.subarray(from, from + regionStride), to + (y - first) * regionStride);
      }
    };
    const hKpairs = h ? layWeights(h, region.x, new Int32Array(buffer, hBoundsAt, hCount * 2), new Int16Array(buffer, hWeightsAt, hCount * ((h.ksize + 1) >> 1) * 16)) : 0;
    // The vertical pass reads rows of the region (first row region.y).
    const vKpairs = v ? layWeights(v, region.y, new Int32Array(buffer, vBoundsAt, vCount * 2), new Int16Array(buffer, vWeightsAt, vCount * ((v.ksize + 1) >> 1) * 16)) : 0;

    if (h && v) {
      // In bands of rows, so that the rows the kernel reads are still in the cache from their copy.
      for (let y = 0; y < region.height; y += CHUNK_ROWS) {
        const chunk = Math.min(CHUNK_ROWS, region.height - y);
        const w = fetchRows(source, region, region.y + y, chunk);
        for (let b = y; b < y + chunk; b += BAND) {
          const rows = Math.min(BAND, y + chunk - b);
          copyRows(w, region.y + b, rows, regionAt);
          wasm.horizontal(regionAt, regionStride, rows, inside.width, hBoundsAt, hWeightsAt, hKpairs, midAt + b * midStride);
        }
      }
      wasm.vertical(midAt, midStride, inside.width, inside.height, vBoundsAt, vWeightsAt, vKpairs, outAt, midStride);
    } else {
      copyRows(fetchRows(source, region, region.y, region.height), region.y, region.height, h || v ? regionAt : outAt);
      // Only one axis changes: the region's rows are the inside's rows, or its columns the inside's columns.
      if (h) wasm.horizontal(regionAt, regionStride, region.height, inside.width, hBoundsAt, hWeightsAt, hKpairs, outAt);
      else if (v) wasm.vertical(regionAt, regionStride, inside.width, inside.height, vBoundsAt, vWeightsAt, vKpairs, outAt, midStride);
    }
    return bytes.slice(outAt, outAt + outBytes);
  };
}
