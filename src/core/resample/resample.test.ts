/**
 * The resize against PIL 9.4 through torchvision 0.14 (`tests/fixtures/preprocess/`, made by
 * `make_preprocess_fixtures.py`): PIL's decoded pixels in, torchvision's 224×224 crop out, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { TORCHVISION_V1, planPreprocess, type Interpolation } from '../preprocess';
import { rgbToLuma } from './convert';
import { planResample, resample, resizeCrop, wholePicture, type Pixels, type RowSource } from './resample';
import { simdKernel } from './simd';

const ROOT = new URL('../../../', import.meta.url);
const FIXTURES = new URL('tests/fixtures/preprocess/', ROOT);

interface Index {
  mean: [number, number, number];
  std: [number, number, number];
  recipes: Record<string, { resize: number; interpolation: Interpolation }>;
  photos: { file: string; width: number; height: number; mode: string; format: string }[];
}
const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Index;

/** A PNG's 8-bit pixels as RGBA, as PIL's `convert('RGB')` makes them (gray repeated, alpha dropped). */
export function pngAsRgba(bytes: Uint8Array): Pixels {
  const png = decode(bytes);
  expect(png.depth).toBe(8);
  expect(png.palette).toBeUndefined();
  const n = png.width * png.height;
  const data = new Uint8ClampedArray(n * 4);
  const c = png.channels;
  for (let i = 0; i < n; i++) {
    const gray = c < 3;
    data[i * 4] = png.data[i * c];
    data[i * 4 + 1] = png.data[i * c + (gray ? 0 : 1)];
    data[i * 4 + 2] = png.data[i * c + (gray ? 0 : 2)];
    data[i * 4 + 3] = 255;
  }
  return { data, width: png.width, height: png.height, channels: 4 };
}

const stem = (file: string) => file.replace(/^.*\//, '').replace(/\.[a-z]+$/, '');

/** What PIL decoded: a PNG decodes exactly anywhere; a JPEG's pixels are PIL's own (libjpeg-turbo), kept as PNG. */
function pilPixels(photo: Index['photos'][number]): Pixels {
  const file = photo.format === 'JPEG' ? new URL(`decoded/${stem(photo.file)}.png`, FIXTURES) : new URL(photo.file, ROOT);
  return pngAsRgba(readFileSync(file));
}

function torchvisionCrop(name: string): Uint8Array {
  return decode(readFileSync(new URL(`torchvision/${name}.png`, FIXTURES))).data as Uint8Array;
}

describe("PIL's resize, as torchvision's Resize + CenterCrop use it", () => {
  it('covers the photos the issue asks for: PNG and JPEG, portrait, panorama, grayscale, one smaller than the resize', () => {
    const p = index.photos;
    expect(new Set(p.map((x) => x.format))).toEqual(new Set(['PNG', 'JPEG']));
    expect(p.some((x) => x.height > x.width)).toBe(true);
    expect(p.some((x) => x.width >= 3 * x.height)).toBe(true);
    expect(p.some((x) => x.mode === 'L')).toBe(true);
    expect(p.some((x) => Math.min(x.width, x.height) < 232)).toBe(true);
  });

  it('has WebAssembly SIMD here, so both the kernel and the plain code are tested', () => {
    expect(simdKernel()).not.toBeNull();
  });

  for (const photo of index.photos) {
    for (const [recipe, r] of Object.entries(index.recipes)) {
      it(`${photo.file}, ${recipe} (${r.interpolation}, shorter side ${r.resize}): every byte of the crop is torchvision's`, () => {
        const src = pilPixels(photo);
        expect([src.width, src.height]).toEqual([photo.width, photo.height]);
        const p = planPreprocess(src, { height: 224, width: 224 }, { ...TORCHVISION_V1, ...r });
        const plan = planResample(src, p.resized, p.crop, r.interpolation);
        const want = torchvisionCrop(`${stem(photo.file)}.${recipe}`);
        for (const simd of [true, false]) {
          const out = resample(plan, wholePicture(src), simd);
          let differ = 0;
          for (let i = 0; i < 224 * 224; i++) for (let c = 0; c < 3; c++) if (out.data[i * 4 + c] !== want[i * 3 + c]) differ++;
          expect({ simd, differ }).toEqual({ simd, differ: 0 });
        }
        // Given only the region the crop needs, a few rows at a time, the bytes are the same.
        const { region } = plan;
        const asked: number[] = [];
        const rows: RowSource = {
          channels: 4,
          rows: (y, count) => {
            asked.push(count);
            const part = new Uint8ClampedArray(region.width * count * 4);
            for (let r = 0; r < count; r++) part.set(src.data.subarray(((y + r) * src.width + region.x) * 4, ((y + r) * src.width + region.x + region.width) * 4), r * region.width * 4);
            return { pixels: { data: part, width: region.width, height: count, channels: 4 }, x: region.x, y };
          },
        };
        for (const simd of [true, false]) {
          asked.length = 0;
          const fromPart = resample(plan, rows, simd);
          expect(Buffer.from(fromPart.data).equals(Buffer.from(resizeCrop(src, p.resized, p.crop, r.interpolation).data))).toBe(true);
          expect(asked.reduce((a, b) => a + b, 0)).toBe(region.height);
        }
      });
    }
    it(`${photo.file}, Fashion-MNIST (Grayscale, Resize(28), CenterCrop(28)): every byte is torchvision's`, () => {
      const rgb = pilPixels(photo);
      const gray: Pixels = { data: rgbToLuma(rgb.data), width: rgb.width, height: rgb.height, channels: 1 };
      const plan = planPreprocess(gray, { height: 28, width: 28 }, { ...TORCHVISION_V1, resize: 28, crop: 28 });
      const out = resizeCrop(gray, plan.resized, plan.crop, 'bilinear');
      expect([...out.data]).toEqual([...torchvisionCrop(`${stem(photo.file)}.fashion`)]);
    });
  }
});

interface ResizeCase {
  picture: string;
  mode: 'RGB' | 'L';
  interpolation: Interpolation;
  from: [number, number];
  to: [number, number];
  input: number[];
  output: number[];
}
const cases = JSON.parse(readFileSync(new URL('resize-cases.json', FIXTURES), 'utf8')) as ResizeCase[];

describe("PIL's Image.resize on small pictures: up, down, one axis, clamping", () => {
  for (const c of cases) {
    it(`${c.picture} ${c.mode} ${c.from.join('×')} → ${c.to.join('×')}, ${c.interpolation}`, () => {
      const [w, h] = c.from;
      const [ow, oh] = c.to;
      const gray = c.mode === 'L';
      const data = new Uint8ClampedArray(w * h * (gray ? 1 : 4));
      for (let i = 0; i < w * h; i++) {
        if (gray) data[i] = c.input[i];
        else data.set([c.input[i * 3], c.input[i * 3 + 1], c.input[i * 3 + 2], 255], i * 4);
      }
      const src: Pixels = { data, width: w, height: h, channels: gray ? 1 : 4 };
      const plan = planResample(src, { width: ow, height: oh }, { x: 0, y: 0, width: ow, height: oh }, c.interpolation);
      for (const simd of gray ? [false] : [true, false]) {
        const out = resample(plan, wholePicture(src), simd);
        const got = gray ? [...out.data] : Array.from({ length: ow * oh * 3 }, (_, i) => out.data[Math.floor(i / 3) * 4 + (i % 3)]);
        expect({ simd, got }).toEqual({ simd, got: c.output });
      }
      // Any crop of it is the same bytes as cropping the whole result (padding outside with 0).
      const crop = { x: -1, y: 1, width: ow, height: oh + 1 };
      const part = resizeCrop(src, { width: ow, height: oh }, crop, c.interpolation);
      const k = gray ? 1 : 4;
      for (let y = 0; y < crop.height; y++) {
        for (let x = 0; x < crop.width; x++) {
          const sx = x + crop.x;
          const sy = y + crop.y;
          const outside = sx < 0 || sy < 0 || sx >= ow || sy >= oh;
          const want = outside ? 0 : c.output[(sy * ow + sx) * (gray ? 1 : 3)];
          expect(part.data[(y * crop.width + x) * k]).toBe(want);
        }
      }
    });
  }
});
