/** Heatmaps on canvases: a colour lookup table from d3-scale-chromatic, values written straight into pixels. */
import { interpolateRdBu, interpolateViridis, interpolateInferno } from 'd3-scale-chromatic';
import { color } from 'd3-color';

export type Palette = 'viridis' | 'diverging' | 'inferno';

const luts = new Map<Palette, Uint8ClampedArray>();

function lut(p: Palette): Uint8ClampedArray {
  let t = luts.get(p);
  if (t) return t;
  t = new Uint8ClampedArray(256 * 3);
  const f = p === 'viridis' ? interpolateViridis : p === 'inferno' ? interpolateInferno : (x: number) => interpolateRdBu(1 - x);
  for (let i = 0; i < 256; i++) {
    const c = color(f(i / 255))!.rgb();
    t.set([c.r, c.g, c.b], i * 3);
  }
  luts.set(p, t);
  return t;
}

/** A shared colour scale: diverging around zero when there are negative values, else sequential from min. */
export function scaleFor(min: number, max: number): { palette: Palette; lo: number; hi: number } {
  if (min < 0) {
    const m = Math.max(-min, max, 1e-12);
    return { palette: 'diverging', lo: -m, hi: m };
  }
  return { palette: 'viridis', lo: min, hi: max > min ? max : min + 1e-12 };
}

/** Writes `values[offset .. offset + w*h)` as pixels of `image` at (x0, y0), scaled by an integer `zoom`. */
export function paint(
  image: ImageData,
  values: ArrayLike<number>,
  offset: number,
  w: number,
  h: number,
  x0: number,
  y0: number,
  zoom: number,
  scale: { palette: Palette; lo: number; hi: number },
  alpha = 255,
): void {
  const table = lut(scale.palette);
  const k = 255 / (scale.hi - scale.lo);
  for (let y = 0; y < h * zoom; y++) {
    const row = (y0 + y) * image.width;
    for (let x = 0; x < w * zoom; x++) {
      const v = values[offset + Math.floor(y / zoom) * w + Math.floor(x / zoom)];
      const i = Math.max(0, Math.min(255, Math.round((v - scale.lo) * k))) * 3;
      const p = (row + x0 + x) * 4;
      image.data[p] = table[i];
      image.data[p + 1] = table[i + 1];
      image.data[p + 2] = table[i + 2];
      image.data[p + 3] = alpha;
    }
  }
}
