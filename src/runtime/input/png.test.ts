/** PNGs a browser would hand over composited or rounded, decoded as PIL's `convert('RGB')` (torchvision's loader). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pngNeedsOwnDecoder } from './image';
import { pngPixels } from './png';

const FIXTURES = new URL('../../../tests/fixtures/preprocess/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('png-cases.json', FIXTURES), 'utf8')) as { file: string; mode: string; width: number; height: number; rgb: number[] }[];

describe("a PNG with transparency or 16-bit samples, as torchvision's pil_loader reads it", () => {
  it('covers alpha, tRNS in gray, RGB and palette pictures, packed pixels and 16-bit samples', () => {
    expect(new Set(cases.map((c) => c.mode))).toEqual(new Set(['1', 'LA', 'L', 'I', 'P', 'RGB', 'RGBA']));
  });

  for (const c of cases) {
    it(`${c.file} (PIL mode ${c.mode}): every RGB byte is PIL's, alpha dropped without compositing`, () => {
      const px = pngPixels(readFileSync(new URL(`png-cases/${c.file}`, FIXTURES)));
      expect([px.width, px.height, px.channels]).toEqual([c.width, c.height, 4]);
      const rgb: number[] = [];
      for (let i = 0; i < c.width * c.height; i++) rgb.push(px.data[i * 4], px.data[i * 4 + 1], px.data[i * 4 + 2]);
      expect(rgb).toEqual(c.rgb);
      expect(px.data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    });
  }
});

describe('which PNGs the app decodes itself', () => {
  it('those with alpha, tRNS or 16-bit samples; opaque 8-bit ones go to the browser', () => {
    for (const c of cases) expect(pngNeedsOwnDecoder(readFileSync(new URL(`png-cases/${c.file}`, FIXTURES))), c.file).toBe(true);
    for (const file of ['public/samples/chelsea.png', 'public/samples/astronaut.png', 'tests/fixtures/preprocess/images/camera-small.png']) {
      expect(pngNeedsOwnDecoder(readFileSync(new URL(`../../../${file}`, import.meta.url))), file).toBe(false);
    }
    expect(pngNeedsOwnDecoder(readFileSync(new URL('images/chelsea-alpha.png', FIXTURES)))).toBe(true);
  });
});
