/**
 * A PNG with transparency, decoded as torchvision's loader sees it: `Image.open(f).convert('RGB')` keeps the
 * colour stored under every pixel and drops the alpha, with no compositing. A browser cannot give that (a
 * canvas keeps premultiplied pixels, so a transparent pixel reads back black and a translucent one loses
 * precision), so such files are decoded here with fast-png (imported only for them). Colour profiles and
 * gamma are ignored, as PIL ignores them.
 */
import { decode } from 'fast-png';
import type { Pixels } from '../../core';

/** 1-, 2- and 4-bit gray samples scale to bytes as PIL's unpackers do (×255, ×85, ×17). */
const GRAY_SCALE: Record<number, number> = { 1: 255, 2: 85, 4: 17, 8: 1 };

/** RGBA pixels (alpha 255) of a PNG, as PIL's `convert('RGB')` makes them. */
export function pngPixels(bytes: Uint8Array): Pixels {
  const png = decode(bytes);
  const { width, height, depth, channels } = png;
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  // PIL reads 16-bit colour samples by their high byte; 16-bit gray alone becomes a 32-bit integer picture
  // (mode I), which convert('RGB') clips to 255, so such a picture comes out nearly white, in PyTorch too.
  const sample =
    depth !== 16 ? (i: number) => png.data[i] : channels === 1 ? (i: number) => Math.min(255, png.data[i]) : (i: number) => png.data[i] >> 8;
  if (png.palette) {
    const palette = png.palette;
    const rowBytes = Math.ceil((width * depth) / 8);
    const perByte = 8 / depth;
    const mask = (1 << depth) - 1;
    for (let y = 0, o = 0; y < height; y++) {
      for (let x = 0; x < width; x++, o += 4) {
        const byte = png.data[y * rowBytes + Math.floor(x / perByte)];
        const index = (byte >> (8 - depth * ((x % perByte) + 1))) & mask;
        const colour = palette[index] ?? [0, 0, 0];
        out[o] = colour[0];
        out[o + 1] = colour[1];
        out[o + 2] = colour[2];
        out[o + 3] = 255;
      }
    }
    return { data: out, width, height, channels: 4 };
  }
  if (channels <= 2 && depth < 8) {
    // Packed gray (a tRNS chunk made it "transparent"; PIL ignores that in convert('RGB')).
    const rowBytes = Math.ceil((width * depth) / 8);
    const perByte = 8 / depth;
    const mask = (1 << depth) - 1;
    for (let y = 0, o = 0; y < height; y++) {
      for (let x = 0; x < width; x++, o += 4) {
        const byte = png.data[y * rowBytes + Math.floor(x / perByte)];
        const v = ((byte >> (8 - depth * ((x % perByte) + 1))) & mask) * GRAY_SCALE[depth];
        out[o] = out[o + 1] = out[o + 2] = v;
        out[o + 3] = 255;
      }
    }
    return { data: out, width, height, channels: 4 };
  }
  const gray = channels <= 2;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const at = i * channels;
    out[o] = sample(at);
    out[o + 1] = sample(gray ? at : at + 1);
    out[o + 2] = sample(gray ? at : at + 2);
    out[o + 3] = 255;
  }
  return { data: out, width, height, channels: 4 };
}
