/** PIL's mode conversions that torchvision's loaders and transforms use (Pillow 9.4, `libImaging/Convert.c`). */

/**
 * `convert('L')` of RGB pixels (RGBA layout, alpha ignored): ITU-R 601-2 luma in 16-bit fixed point,
 * `(r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16`.
 */
export function rgbToLuma(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const n = rgba.length >> 2;
  const out = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) out[i] = (rgba[p] * 19595 + rgba[p + 1] * 38470 + rgba[p + 2] * 7471 + 0x8000) >> 16;
  return out;
}
