/**
 * The photo → tensor resize, timed in Node (`--only preprocess`, or `npx tsx bench/preprocess.ts`): PIL's
 * resize of a 12-megapixel RGBA photo (4000×3000) to the 224×224 centre crop, as torchvision's V1 (bilinear,
 * 256) and timm's bicubic (235) recipes ask, computing only the crop. CPU time of this thread, so other
 * processes on a shared machine slow it less than they would wall time.
 */
import { pathToFileURL } from 'node:url';
import { TORCHVISION_V1, planPreprocess, resizeCrop, type Interpolation, type Pixels } from '../src/core';
import { median, type Figure } from './stats';

/** A smooth picture with some noise: the arithmetic does not depend on the values, but keep them photo-like. */
function photo(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  let seed = 1;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = (seed >>> 24) & 15;
      data[p] = ((x * 255) / width + n) & 255;
      data[p + 1] = ((y * 255) / height + n) & 255;
      data[p + 2] = ((x + y) & 255) ^ n;
      data[p + 3] = 255;
    }
  }
  return { data, width, height, channels: 4 };
}

/** CPU milliseconds of this process for one call. */
function cpuMs(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

export function preprocessFigures(runs = 15): Figure[] {
  const src = photo(4000, 3000);
  const figure = (interpolation: Interpolation, resize: number): Figure => {
    const plan = planPreprocess(src, { height: 224, width: 224 }, { ...TORCHVISION_V1, interpolation, resize });
    const once = () => void resizeCrop(src, plan.resized, plan.crop, interpolation);
    for (let i = 0; i < 3; i++) once();
    const times = Array.from({ length: runs }, () => cpuMs(once));
    return {
      name: `resize 12 MP (4000×3000) → ${resize} → 224×224 crop, ${interpolation} (Node)`,
      value: median(times),
      unit: 'ms',
      runs,
      note: 'CPU time; PIL-exact',
      goal: { at: 15, better: 'lower' },
    };
  };
  return [figure('bilinear', 256), figure('bicubic', 235)];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of preprocessFigures()) console.log(`${f.name}: ${f.value.toFixed(1)} ${f.unit} (median of ${f.runs})`);
}
