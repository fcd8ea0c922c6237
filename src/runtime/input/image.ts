/**
 * Images in: the type and size are read from the file's first bytes before anything is decoded, so a
 * non-image, an empty file or a huge picture is refused (or decoded small) before it can take the tab down.
 */
import {
  PhraseError,
  phrase,
  type Phrase,
  CHUNK_ROWS,
  normalizePixels,
  planPreprocess,
  planResample,
  resample,
  rgbToLuma,
  wholePicture,
  type Pixels,
  type PreprocessPlan,
  type Preprocessing,
  type Region,
  type RowSource,
  warmUpResample,
} from '../../core';
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

/**
 * 64 megapixels: a 12000×12000 picture is refused. Anything up to 8192 pixels on its longer side is decoded at
 * full size (a 48-megapixel phone photo included), so it is resized from the same pixels as in PyTorch;
 * beyond, it is decoded downscaled.
 */
export const MAX_PIXELS = 64_000_000;
const DECODE_MAX = 8192;

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
  /**
   * The pixels as PIL reads them where a browser cannot give them (a PNG with transparency or 16-bit samples:
   * `png.ts`); null: they are read from the bitmap.
   */
  pixels: Pixels | null;
  /** The picture's own size (before any downscaling for decoding). */
  width: number;
  height: number;
  /** What the user should know about how it was decoded (downscaled, first frame, tiny). */
  note: Phrase | null;
}

/** A PNG whose pixels a browser would hand over composited or rounded: alpha, a tRNS chunk, or 16-bit samples. */
export function pngNeedsOwnDecoder(b: Uint8Array): boolean {
  if (b.length < 33) return false;
  const depth = b[24];
  const colourType = b[25];
  if (depth === 16 || colourType === 4 || colourType === 6) return true;
  // Walk the chunks before the image data for tRNS.
  for (let i = 8; i + 8 <= b.length; ) {
    const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    if (type === 'tRNS') return true;
    if (type === 'IDAT') return false;
    i += 12 + u32be(b, i);
  }
  return false;
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
  // PIL ignores colour profiles and gamma, so the browser must not apply them either.
  const options: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
  const longer = Math.max(width, height);
  const notes: Phrase[] = [];
  if (longer > DECODE_MAX) {
    const s = DECODE_MAX / longer;
    Object.assign(options, { resizeWidth: Math.max(1, Math.round(width * s)), resizeHeight: Math.max(1, Math.round(height * s)), resizeQuality: 'high' });
    notes.push(phrase('Decoded at {h}×{w} (the model sees a small crop anyway).', { w: options.resizeWidth!, h: options.resizeHeight! }));
  }
  let bitmap: ImageBitmap;
  try {
    const decoding = createImageBitmap(file, options);
    // A large photo decodes for a while on the browser's own thread: meanwhile, the resize warms up.
    if (width * height > 2_000_000) warmUpResample();
    bitmap = await decoding;
  } catch {
    throw new ImageError(phrase('{name} could not be decoded: the {type} file is corrupt or incomplete.', { name, type: header.type.toUpperCase() }));
  }
  let pixels: Pixels | null = null;
  if (header.type === 'png' && !options.resizeWidth && pngNeedsOwnDecoder(head)) {
    try {
      const { pngPixels } = await import('./png');
      pixels = pngPixels(new Uint8Array(await file.arrayBuffer()));
      if (pixels.width !== bitmap.width || pixels.height !== bitmap.height) pixels = null;
    } catch {
      // The browser decoded it: use its pixels.
      pixels = null;
    }
  }
  if (header.type === 'gif') notes.push(phrase('An animated GIF shows its first frame.'));
  if (Math.min(bitmap.width, bitmap.height) < 32) notes.push(phrase('A tiny image ({h}×{w}) is scaled up a lot: expect a blur.', { w: bitmap.width, h: bitmap.height }));
  return { name, bitmap, pixels, width: width || bitmap.width, height: height || bitmap.height, note: sentences(notes) };
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

/** Lets the page paint and answer input before more work (`scheduler.yield` where there is one). */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Milliseconds of work between yields while reading a picture out. */
const SLICE_MS = 8;

/**
 * The bitmap's pixels over `region`, read out through a small canvas `CHUNK_ROWS` rows at a time (copied 1:1,
 * replacing what was there, so alpha is not composited), yielding to the page between chunks: reading pixels
 * out of a canvas is the slow part (for a 12-megapixel photo, 220–520 ms of Chromium's CPU time on the loaded
 * development machine, against about 15 ms for the resize), and it must not freeze the page.
 */
async function readRegion(bitmap: ImageBitmap, region: Region): Promise<RowSource> {
  const canvas = new OffscreenCanvas(Math.max(1, region.width), Math.max(1, Math.min(CHUNK_ROWS, region.height)));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageError(phrase('This browser cannot draw the image to a canvas.'));
  ctx.imageSmoothingEnabled = false;
  ctx.globalCompositeOperation = 'copy';
  const chunks: Uint8ClampedArray[] = [];
  let last = performance.now();
  for (let y = 0; y < region.height; y += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, region.height - y);
    ctx.drawImage(bitmap, region.x, region.y + y, region.width, count, 0, 0, region.width, count);
    chunks.push(ctx.getImageData(0, 0, region.width, count).data);
    if (performance.now() - last > SLICE_MS) {
      await yieldToPage();
      last = performance.now();
    }
  }
  const rowBytes = region.width * 4;
  return {
    channels: 4,
    rows: (y, count) => {
      const first = y - region.y;
      const pixels = (data: Uint8ClampedArray) => ({ pixels: { data, width: region.width, height: count, channels: 4 as const }, x: region.x, y });
      // The resample asks for whole chunks, or for the whole region when only one axis changes.
      if (first % CHUNK_ROWS === 0 && count <= CHUNK_ROWS) return pixels(chunks[first / CHUNK_ROWS]);
      const data = new Uint8ClampedArray(count * rowBytes);
      for (let r = 0; r < count; r++) {
        const row = first + r;
        const chunk = chunks[Math.floor(row / CHUNK_ROWS)];
        const at = (row % CHUNK_ROWS) * rowBytes;
        data.set(chunk.subarray(at, at + rowBytes), r * rowBytes);
      }
      return pixels(data);
    },
  };
}

/** A row source's rows as PIL's `convert('L')` (torchvision's `Grayscale()`) makes them. */
function grayRows(source: RowSource): RowSource {
  return {
    channels: 1,
    rows: (y, count) => {
      const w = source.rows(y, count);
      return { ...w, pixels: { data: rgbToLuma(w.pixels.data), width: w.pixels.width, height: w.pixels.height, channels: 1 } };
    },
  };
}

/**
 * torchvision's evaluation transform on the decoded picture: PIL's resize (the weights' filter, computed
 * exactly, `core/resample`) of only what the centre crop needs, the crop, then `ToTensor` + `Normalize` in
 * float32. The picture is RGB as torchvision's loader makes it (`convert('RGB')`: alpha dropped, not
 * composited). Fashion-MNIST models get `Grayscale()` before the resize, as their transform has it.
 */
export async function prepareInput(
  img: DecodedImage,
  input: { height: number; width: number; channels: number },
  preprocessing: Preprocessing,
  dataset: Dataset | null = null,
): Promise<PreparedInput> {
  if (input.channels !== 3 && input.channels !== 1) throw new ImageError(phrase('This model takes {n} input channels; an image has 3 (or 1 as grayscale).', { n: input.channels }));
  const fashion = dataset === 'fashion-mnist';
  const size = img.pixels ?? img.bitmap;
  const picture = { width: size.width, height: size.height };
  const plan = fashion ? squarePlan(picture, input.height) : planPreprocess(picture, input, preprocessing);
  const resamplePlan = planResample(picture, plan.resized, plan.crop, plan.interpolation);
  const rgb = img.pixels ? wholePicture(img.pixels) : await readRegion(img.bitmap, resamplePlan.region);
  const pixels = input.width * input.height;
  if (fashion) {
    const gray = resample(resamplePlan, grayRows(rgb)).data;
    const inverted = hasLightBackground(gray, input.width, input.height);
    const values = normalizeFashionMnist(gray, pixels, inverted);
    const preview = new ImageData(input.width, input.height);
    for (let i = 0; i < pixels; i++) preview.data.set([gray[i], gray[i], gray[i], 255], i * 4);
    return { plan, preview, values, shape: [1, input.height, input.width, 1], inverted };
  }
  const crop = resample(resamplePlan, rgb).data as Uint8ClampedArray<ArrayBuffer>;
  const values = normalizePixels(crop, pixels, input.channels as 1 | 3, preprocessing);
  return { plan, preview: new ImageData(crop, input.width, input.height), values, shape: [1, input.height, input.width, input.channels] };
}
