/**
 * The app's normalised input against torchvision's, in Chromium: every test photo dropped on the app as a user
 * drops one, and `session.preparedInput()` (NCHW) compared with `Normalize(ToTensor(CenterCrop(224)(Resize(...)(
 * pil_loader(photo)))))` from real torchvision 0.14 / PIL 9.4 (`tests/fixtures/preprocess/`, made by
 * `make_preprocess_fixtures.py`). PNGs decode exactly, so they must match to the bit; a JPEG is decoded by
 * Chromium's libjpeg-turbo where PyTorch used PIL's, and must stay within one 8-bit level everywhere.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { IMAGENET_MEAN, IMAGENET_STD, normalizedByte, TORCHVISION_V1, type Interpolation } from '../src/core';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';

const ROOT = new URL('../', import.meta.url);
const FIXTURES = new URL('tests/fixtures/preprocess/', ROOT);
interface Index {
  recipes: Record<string, { resize: number; interpolation: Interpolation }>;
  photos: { file: string; width: number; height: number; mode: string; format: string }[];
}
const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Index;
const stem = (file: string) => file.replace(/^.*\//, '').replace(/\.[a-z]+$/, '');

/** torchvision's normalised crop, NCHW, from its 8-bit crop (ToTensor + Normalize in float32, as PyTorch). */
function torchvisionInput(photo: string, recipe: string): Float32Array {
  const png = decode(readFileSync(new URL(`torchvision/${stem(photo)}.${recipe}.png`, FIXTURES)));
  const plane = 224 * 224;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = normalizedByte(png.data[i * 3 + c], IMAGENET_MEAN[c], IMAGENET_STD[c]);
  return out;
}

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Drops a file on the page the way a browser does: a drop event carrying it (its bytes sent as base64). */
async function dropFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
  const data = await page.evaluateHandle(
    ({ name, mimeType, base64 }) => {
      const text = atob(base64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: mimeType }));
      return dt;
    },
    { name, mimeType, base64: buffer.toString('base64') },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

/**
 * The app's prepared input once the session has prepared the picture with the current preprocessing (the
 * sentence under the picture is set with it).
 */
async function preparedInput(page: Page, name: string, resize: number): Promise<Float32Array> {
  await expect(page.getByTestId('preprocess')).toContainText(`${name}:`);
  await expect(page.getByTestId('preprocess')).toContainText(`shorter side ${resize})`);
  // The float32 bytes as base64 (a JSON array of 150,528 numbers is slow to carry).
  const got = await page.evaluate(() => {
    const p = window.resnetExplorer.session.preparedInput();
    if (!p) return null;
    const bytes = new Uint8Array(p.values.buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { base64: btoa(text), shape: p.shape };
  });
  expect(got?.shape).toEqual([1, 3, 224, 224]);
  const bytes = Buffer.from(got!.base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

interface Difference {
  photo: string;
  recipe: string;
  /** In normalised units, and in 8-bit levels (× 255 × std). */
  max: number;
  mean: number;
  maxLevels: number;
  /** Values not bit-identical to torchvision's. */
  differ: number;
}

function compare(photo: string, recipe: string, got: Float32Array): Difference {
  const want = torchvisionInput(photo, recipe);
  const plane = 224 * 224;
  let max = 0;
  let sum = 0;
  let maxLevels = 0;
  let differ = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    max = Math.max(max, d);
    maxLevels = Math.max(maxLevels, d * 255 * IMAGENET_STD[Math.floor(i / plane)]);
    sum += d;
    if (got[i] !== want[i]) differ++;
  }
  return { photo, recipe, max, mean: sum / want.length, maxLevels, differ };
}

/** One 8-bit level after normalisation: 1 / 255 / std of the channel (the smallest std, the largest step). */
const ONE_LEVEL = 1 / 255 / Math.min(...IMAGENET_STD);

/** A small ImageNet-class model: what is tested is its input, and a small model keeps each run short. */
const SMALL = 'model=resnet18&stages=1-8-1&stem=7-2-8-1';

test("every test photo dropped on the app gives torchvision's normalised input (V1, V2 and bicubic)", async ({ page }) => {
  test.setTimeout(240_000);
  await openModel(page, SMALL);
  await ready(page);
  const results: Difference[] = [];
  for (const photo of index.photos) {
    const name = photo.file.replace(/^.*\//, '');
    await dropFile(page, name, photo.format === 'JPEG' ? 'image/jpeg' : 'image/png', readFileSync(new URL(photo.file, ROOT)));
    for (const [recipe, r] of Object.entries(index.recipes)) {
      // V1 and V2 as a user picks them (the Resize menu); the bicubic recipe as weights that ask for it set it.
      if (recipe === 'bicubic') await page.evaluate((p) => window.resnetExplorer.session.setPreprocessing(p), { ...TORCHVISION_V1, ...r });
      else await page.getByLabel('Resize policy').selectOption(recipe === 'v1' ? 'classic' : 'v2');
      results.push(compare(photo.file, recipe, await preparedInput(page, name, r.resize)));
    }
    await page.getByLabel('Resize policy').selectOption('classic');
  }
  // The figures, for the report and the README.
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/preprocess-differences.json', JSON.stringify(results, null, 1));
  for (const r of results) {
    expect(r.max, `${r.photo} ${r.recipe}`).toBeLessThanOrEqual(ONE_LEVEL + 1e-6);
    expect(r.mean, `${r.photo} ${r.recipe}`).toBeLessThanOrEqual(0.002);
    // PNGs are decoded exactly (the browser's decoder, or the app's own for transparency): bit for bit.
    if (!r.photo.endsWith('.jpg')) expect(r.differ, `${r.photo} ${r.recipe}`).toBe(0);
  }

  // The sentence under the picture says which filter resized it.
  const sentence = page.getByTestId('preprocess');
  await expect(sentence).toContainText('rocket.jpg: 427×640 → resized with PIL’s bilinear filter (antialiased) to 256×383 (shorter side 256)');
  await page.evaluate((p) => window.resnetExplorer.session.setPreprocessing(p), { ...TORCHVISION_V1, interpolation: 'bicubic' as const, resize: 235 });
  await expect(sentence).toContainText('resized with PIL’s bicubic filter (antialiased) to 235×352 (shorter side 235)');
});
