/**
 * Pictures in, in Node: the type and size read from a file's first bytes (real PNG and JPEG samples, and headers
 * of each format written here), and what decoding plans from them — refusals before anything is decoded, a huge
 * picture decoded downscaled, the notes the user reads — with the browser's decoder (createImageBitmap) stood in
 * for by a recorder.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { english, TORCHVISION_V1, type Phrase } from '../../core';
import { ImageError, MAX_PIXELS, decodeImage, prepareInput, sniffImage, type DecodedImage } from './image';

const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url)));

const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The first bytes of a picture of each kind, `w`×`h`, as the formats lay them out. */
const HEADERS = {
  png: (w: number, h: number) => Uint8Array.from([0x89, ...ascii('PNG\r\n\x1a\n'), 0, 0, 0, 13, ...ascii('IHDR'), ...u32be(w), ...u32be(h), 8, 2, 0, 0, 0]),
  gif: (w: number, h: number) => Uint8Array.from([...ascii('GIF89a'), ...u16le(w), ...u16le(h), 0, 0, 0]),
  // A top-down BMP stores its height negated.
  bmp: (w: number, h: number) => Uint8Array.from([...ascii('BM'), ...new Array(16).fill(0), ...u32le(w), ...u32le(-h >>> 0), 0, 0, 0, 0]),
  webpVP8X: (w: number, h: number) => Uint8Array.from([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8X'), 10, 0, 0, 0, 0, 0, 0, 0, ...u32le(w - 1).slice(0, 3), ...u32le(h - 1).slice(0, 3), 0, 0]),
  webpVP8L: (w: number, h: number) => {
    const bits = (w - 1) | ((h - 1) << 14);
    return Uint8Array.from([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8L'), 0, 0, 0, 0, 0x2f, ...u32le(bits), 0, 0, 0, 0, 0]);
  },
  webpVP8: (w: number, h: number) => Uint8Array.from([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 '), 0, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(w), ...u16le(h), 0, 0]),
};

describe('sniffing a picture', () => {
  it('reads the type and size of the sample photos from their first bytes', () => {
    expect(sniffImage(sample('chelsea.png'))).toEqual({ type: 'png', width: 451, height: 300 });
    expect(sniffImage(sample('astronaut.png'))).toEqual({ type: 'png', width: 512, height: 512 });
    // A JPEG's size is in its start-of-frame, after the markers before it.
    expect(sniffImage(sample('rocket.jpg'))).toEqual({ type: 'jpeg', width: 640, height: 427 });
    expect(sniffImage(sample('rocket.jpg').subarray(0, 65536))).toEqual({ type: 'jpeg', width: 640, height: 427 });
  });

  it('reads GIF, BMP (bottom-up and top-down) and the three kinds of WebP', () => {
    expect(sniffImage(HEADERS.gif(320, 200))).toEqual({ type: 'gif', width: 320, height: 200 });
    expect(sniffImage(HEADERS.bmp(640, 480))).toEqual({ type: 'bmp', width: 640, height: 480 });
    expect(sniffImage(HEADERS.webpVP8X(4000, 3000))).toEqual({ type: 'webp', width: 4000, height: 3000 });
    expect(sniffImage(HEADERS.webpVP8L(300, 200))).toEqual({ type: 'webp', width: 300, height: 200 });
    expect(sniffImage(HEADERS.webpVP8(640, 360))).toEqual({ type: 'webp', width: 640, height: 360 });
  });

  it('knows no other kind of file, and a JPEG cut before its frame has no size yet', () => {
    for (const bytes of [new TextEncoder().encode('not a picture at all, just text'), new Uint8Array(0), Uint8Array.from([0x89, 0x50]), sample('chelsea.png').subarray(0, 12)]) {
      expect(sniffImage(bytes)).toBeNull();
    }
    expect(sniffImage(sample('rocket.jpg').subarray(0, 20))).toEqual({ type: 'jpeg', width: 0, height: 0 });
  });
});

/** createImageBitmap stood in for: records what it is asked, decodes to the size asked (or the header's). */
const asked: ImageBitmapOptions[] = [];
const g = globalThis as { createImageBitmap?: unknown };
afterEach(() => {
  asked.length = 0;
  delete g.createImageBitmap;
});
function fakeDecoder(size: { width: number; height: number } | 'fails') {
  g.createImageBitmap = async (_: Blob, options: ImageBitmapOptions) => {
    asked.push(options);
    if (size === 'fails') throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
    return { width: options.resizeWidth ?? size.width, height: options.resizeHeight ?? size.height, close: () => undefined } as ImageBitmap;
  };
}

async function refusal(p: Promise<unknown>): Promise<Phrase> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ImageError);
  expect((e as ImageError).code).toBe('image');
  return (e as ImageError).phrase;
}

describe('decoding a picture', () => {
  it('refuses before decoding an empty file, a file that is no picture, and one too large to decode safely', async () => {
    fakeDecoder({ width: 1, height: 1 });
    expect(english(await refusal(decodeImage(new Blob([]), 'empty.png')))).toBe('empty.png is empty.');
    expect(english(await refusal(decodeImage(new Blob(['hello']), 'notes.txt')))).toBe('notes.txt is not an image this app reads (PNG, JPEG, GIF, WebP or BMP).');
    const huge = await refusal(decodeImage(new Blob([HEADERS.png(12_000, 12_000)]), 'huge.png'));
    expect(huge).toEqual({
      template: '{name} is {h}×{w} ({mp} megapixels), more than the {max} megapixels this page decodes safely. Scale it down first.',
      vars: { name: 'huge.png', w: 12_000, h: 12_000, mp: 144, max: MAX_PIXELS / 1e6 },
    });
    expect(asked).toEqual([]);
  });

  it('says which kind of file could not be decoded', async () => {
    fakeDecoder('fails');
    expect(english(await refusal(decodeImage(new Blob([HEADERS.gif(10, 10)]), 'broken.gif')))).toBe('broken.gif could not be decoded: the GIF file is corrupt or incomplete.');
  });

  it('decodes a picture at its own size, upright and unpremultiplied, with no note', async () => {
    fakeDecoder({ width: 451, height: 300 });
    const img = await decodeImage(new Blob([sample('chelsea.png')]), 'chelsea.png');
    expect(img).toMatchObject({ name: 'chelsea.png', width: 451, height: 300, note: null });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ imageOrientation: 'from-image', premultiplyAlpha: 'none' });
    expect(asked[0].resizeWidth).toBeUndefined();
  });

  it('decodes a very wide picture downscaled, keeping its shape, and says so; notes add up', async () => {
    fakeDecoder({ width: 20_000, height: 3000 });
    const img = await decodeImage(new Blob([HEADERS.webpVP8X(20_000, 3000)]), 'pano.webp');
    const { resizeWidth, resizeHeight } = asked[0];
    expect(resizeWidth! / resizeHeight!).toBeCloseTo(20_000 / 3000, 2);
    expect(resizeWidth!).toBeLessThan(20_000);
    // The size it reports is the picture's own; the note says what was decoded.
    expect(img).toMatchObject({ width: 20_000, height: 3000 });
    expect(img.note).toEqual({ template: 'Decoded at {h}×{w} (the model sees a small crop anyway).', vars: { w: resizeWidth, h: resizeHeight } });

    fakeDecoder({ width: 16, height: 12 });
    const gif = await decodeImage(new Blob([HEADERS.gif(16, 12)]), 'tiny.gif');
    expect(english(gif.note!)).toBe('An animated GIF shows its first frame. A tiny image (12×16) is scaled up a lot: expect a blur.');
  });

  it('refuses a model whose input is neither RGB nor grayscale before touching the picture', async () => {
    const img = { name: 'x.png', width: 10, height: 10, note: null, bitmap: { width: 10, height: 10 } } as unknown as DecodedImage;
    let e: unknown;
    try {
      await prepareInput(img, { channels: 4, height: 8, width: 8 }, TORCHVISION_V1);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ImageError);
    expect(english((e as ImageError).phrase)).toBe('This model takes 4 input channels; an image has 3 (or 1 as grayscale).');
  });
});
