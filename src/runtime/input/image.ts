/**
 * Images in: the type and size are read from the file's first bytes before anything is decoded, so a
 * non-image, an empty file or a huge picture is refused (or decoded small) before it can take the tab down.
 */
import { PhraseError, normalizePixels, phrase, planPreprocess, type Phrase, type PreprocessPlan, type Preprocessing } from '../../core';
import { hasLightBackground, normalizeFashionMnist, squarePlan, type Dataset } from './datasets';

/** A picture refused, or one this browser cannot handle (code `image`). */
export class ImageError extends PhraseError {
  constructor(reason: Phrase) {
    super(reason, 'image');
    this.name = 'ImageError';
  }
}

export interface ImageHeader {
  type: 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
  width: number;
  height: number;
}

/** 64 megapixels: a 12000×12000 picture is refused; anything larger than DECODE_MAX is decoded downscaled. */
export const MAX_PIXELS = 64_000_000;
const DECODE_MAX = 4096;

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

/** The image type and pixel size from the first bytes (up to 64 KiB), or null when it is no image we read. */
export function sniffImage(b: Uint8Array): ImageHeader | null {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { type: 'png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return { type: 'gif', width: u16le(b, 6), height: u16le(b, 8) };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { type: 'bmp', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  if (b.length >= 30 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') {
    const chunk = String.fromCharCode(...b.subarray(12, 16));
    if (chunk === 'VP8X') return { type: 'webp', width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    if (chunk === 'VP8 ') return { type: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    return { type: 'webp', width: 0, height: 0 };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the JPEG markers to the first start-of-frame.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = b[i + 1];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpeg', width: u16be(b, i + 7), height: u16be(b, i + 5) };
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) i += 2;
      else i += 2 + u16be(b, i + 2);
    }
    return { type: 'jpeg', width: 0, height: 0 };
  }
  return null;
}

export interface DecodedImage {
  name: string;
  bitmap: ImageBitmap;
  /** The picture's own size (before any downscaling for decoding). */
  width: number;
  height: number;
  /** What the user should know about how it was decoded (downscaled, first frame, tiny). */
  note: Phrase | null;
}

export async function decodeImage(file: Blob, name: string): Promise<DecodedImage> {
  if (file.size === 0) throw new ImageError(phrase('{name} is empty.', { name }));
  const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  const header = sniffImage(head);
  if (!header) throw new ImageError(phrase('{name} is not an image this app reads (PNG, JPEG, GIF, WebP or BMP).', { name }));
  const { width, height } = header;
  if (width * height > MAX_PIXELS) {
    throw new ImageError(
      phrase('{name} is {h}×{w} ({mp} megapixels), more than the {max} megapixels this page decodes safely. Scale it down first.', {
        name,
        w: width,
        h: height,
        mp: Math.round((width * height) / 1e6),
        max: MAX_PIXELS / 1e6,
      }),
    );
  }
  const options: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' };
  const longer = Math.max(width, height);
  const notes: Phrase[] = [];
  if (longer > DECODE_MAX) {
    const s = DECODE_MAX / longer;
    Object.assign(options, { resizeWidth: Math.max(1, Math.round(width * s)), resizeHeight: Math.max(1, Math.round(height * s)), resizeQuality: 'high' });
    notes.push(phrase('Decoded at {h}×{w} (the model sees a small crop anyway).', { w: options.resizeWidth!, h: options.resizeHeight! }));
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, options);
  } catch {
    throw new ImageError(phrase('{name} could not be decoded: the {type} file is corrupt or incomplete.', { name, type: header.type.toUpperCase() }));
  }
  if (header.type === 'gif') notes.push(phrase('An animated GIF shows its first frame.'));
  if (Math.min(bitmap.width, bitmap.height) < 32) notes.push(phrase('A tiny image ({h}×{w}) is scaled up a lot: expect a blur.', { w: bitmap.width, h: bitmap.height }));
  return { name, bitmap, width: width || bitmap.width, height: height || bitmap.height, note: sentences(notes) };
}

/** Sentences one after the other (each worded on its own), or null for none. */
function sentences(parts: Phrase[]): Phrase | null {
  const [first, ...rest] = parts;
  const tail = rest.length ? sentences(rest) : null;
  return tail ? phrase('{first} {rest}', { first, rest: tail }) : (first ?? null);
}

export interface PreparedInput {
  plan: PreprocessPlan;
  /** The crop the model sees, before normalisation, as RGBA pixels. */
  preview: ImageData;
  /** Normalised HWC float32 values. */
  values: Float32Array;
  shape: [number, number, number, number];
  /** Fashion-MNIST: the picture had a light background and was inverted (its clothes are light on black). */
  inverted?: boolean;
}

/**
 * Resize (high-quality smoothing), centre crop and normalise, as torchvision does. Transparent areas are put
 * on white; grayscale pictures give three equal channels.
 */
export function prepareInput(img: DecodedImage, input: { height: number; width: number; channels: number }, preprocessing: Preprocessing, dataset: Dataset | null = null): PreparedInput {
  if (input.channels !== 3 && input.channels !== 1) throw new ImageError(phrase('This model takes {n} input channels; an image has 3 (or 1 as grayscale).', { n: input.channels }));
  const fashion = dataset === 'fashion-mnist';
  const plan = fashion ? squarePlan({ width: img.bitmap.width, height: img.bitmap.height }, input.height) : planPreprocess({ width: img.bitmap.width, height: img.bitmap.height }, input, preprocessing);
  const canvas = new OffscreenCanvas(input.width, input.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageError(phrase('This browser cannot draw the image to a canvas.'));
  // Outside the picture (a crop larger than it) torchvision pads with zeros: black.
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, input.width, input.height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(-plan.crop.x, -plan.crop.y, plan.resized.width, plan.resized.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img.bitmap, -plan.crop.x, -plan.crop.y, plan.resized.width, plan.resized.height);
  const preview = ctx.getImageData(0, 0, input.width, input.height);
  if (fashion) {
    const inverted = hasLightBackground(preview.data, input.width, input.height);
    const values = normalizeFashionMnist(preview.data, input.width * input.height, inverted);
    return { plan, preview, values, shape: [1, input.height, input.width, 1], inverted };
  }
  const values = normalizePixels(preview.data, input.width * input.height, input.channels as 1 | 3, preprocessing);
  return { plan, preview, values, shape: [1, input.height, input.width, input.channels] };
}
