import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { clickNode, openModel } from './helpers';
import { animatedGif, gradient, png, pngHeaderOnly } from './images';
import { poll } from './poll';

const SAMPLES = ['chelsea.png', 'coffee.png', 'astronaut.png', 'rocket.jpg'];
const CLASSES: string[] = JSON.parse(readFileSync(new URL('../src/data/imagenet-classes.json', import.meta.url), 'utf8'));

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Drops a file on the page the way a browser does: a drop event carrying it. */
async function dropFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
  const data = await page.evaluateHandle(
    ({ name, mimeType, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      return dt;
    },
    { name, mimeType, bytes: [...buffer] },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

async function predictions(page: Page) {
  const items = page.getByTestId('predictions').locator('li');
  await expect(items).toHaveCount(5);
  return items.allTextContents();
}

async function chooseImage(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel('Image', { exact: true }).setInputFiles({ name, mimeType, buffer });
}

test('each sample photo dropped on the app gives five named predictions, the tensor it sees, and timings', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  for (const file of SAMPLES) {
    await dropFile(page, file, file.endsWith('.jpg') ? 'image/jpeg' : 'image/png', readFileSync(new URL(`../public/samples/${file}`, import.meta.url)));
    await expect(page.getByTestId('preprocess')).toContainText(`${file}:`);
    const items = await predictions(page);
    for (const text of items) {
      const m = /^(.*?)(\d+\.\d)%$/.exec(text)!;
      expect(CLASSES).toContain(m[1]);
    }
    const sum = items.reduce((s, t) => s + Number(/(\d+\.\d)%$/.exec(t)![1]), 0);
    expect(sum).toBeLessThanOrEqual(100.5);
  }
  await expect(page.getByTestId('preprocess')).toContainText('centre crop 224×224');
  await expect(page.getByTestId('random-notice')).toBeVisible();
  await expect(page.getByTestId('latency')).toContainText(/First run \d+ ms · median of \d+ later runs? \d+ ms on wasm/);
  await expect(page.getByTestId('cam')).toBeVisible();
  await expectCamDrawn(page);
  await expect(page.getByTestId('residual-contribution').locator('rect[data-block]')).toHaveCount(8);
  await page.getByRole('button', { name: /Profile layers/ }).click();
  const timing = page.getByTestId('layer-timing');
  await expect(timing).toBeVisible();
  // Every layer of the model is timed, in order, and the sentence counts and sums them.
  const { ids, timed, total } = await page.evaluate(() => {
    const { store, session } = window.resnetExplorer;
    const times = session.getState().timing!;
    return { ids: store.getState().analysis.layers.map((l) => l.layer.id), timed: times.map((t) => t.id), total: times.reduce((n, t) => n + t.ms, 0) };
  });
  expect(timed).toEqual(ids);
  await expect(timing.locator('p')).toContainText(`${ids.length} layers, ${total.toFixed(0)} ms in all`);
  await expect(timing.locator('rect.bar')).toHaveCount(Math.min(12, ids.length));
});

/**
 * The class activation map on screen is the session's: the canvas is the photo with the map blended over it
 * (inferno, 55 %), so taking the photo back out leaves the map's colour, brightest where the map peaks.
 */
async function expectCamDrawn(page: Page) {
  const cam = page.getByTestId('cam');
  // The run of the latest picture has ended with its read-outs (a panel still on screen may be the previous picture's).
  await poll(() => page.evaluate(() => {
    const s = window.resnetExplorer.session.getState();
    return s.settled && s.status === 'done' && !!s.result?.cam;
  })).toBe(true);
  const top1 = (await page.getByTestId('predictions').locator('li').first().textContent())!.replace(/\d+\.\d%$/, '');
  expect(CLASSES[Number(await cam.getAttribute('data-class'))]).toBe(top1);
  const r = await cam.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const s = window.resnetExplorer.session.getState();
    const map = s.result!.cam!;
    const photo = s.image!.preview;
    const drawn = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    // The overlay's brightness (R + G + B) at a canvas pixel, the photo taken out.
    const overlay = (x: number, y: number) => {
      let sum = 0;
      for (let c = 0; c < 3; c++) {
        const i = (y * canvas.width + x) * 4 + c;
        sum += (drawn.data[i] - 0.45 * photo.data[i]) / 0.55;
      }
      return sum;
    };
    const centre = (cell: number) => overlay(Math.floor(((cell % map.width) + 0.5) * (canvas.width / map.width)), Math.floor((Math.floor(cell / map.width) + 0.5) * (canvas.height / map.height)));
    const values = [...map.values];
    const hi = values.indexOf(Math.max(...values));
    const lo = values.indexOf(Math.min(...values));
    let best = { x: 0, y: 0, v: -Infinity };
    for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) if (overlay(x, y) > best.v) best = { x, y, v: overlay(x, y) };
    const cellOf = (p: { x: number; y: number }) => ({ row: Math.floor((p.y * map.height) / canvas.height), col: Math.floor((p.x * map.width) / canvas.width) });
    return {
      size: [canvas.width, canvas.height, photo.width, photo.height],
      range: [Math.min(...values), Math.max(...values)],
      peak: centre(hi),
      trough: centre(lo),
      brightest: cellOf(best),
      hi: { row: Math.floor(hi / map.width), col: hi % map.width },
    };
  });
  expect(r.size.slice(0, 2)).toEqual(r.size.slice(2));
  expect(r.range).toEqual([0, 1]);
  // inferno(1) is near white (R + G + B ≈ 670), inferno(0) near black.
  expect(r.peak).toBeGreaterThan(550);
  expect(r.trough).toBeLessThan(120);
  expect(Math.abs(r.brightest.row - r.hi.row)).toBeLessThanOrEqual(1);
  expect(Math.abs(r.brightest.col - r.hi.col)).toBeLessThanOrEqual(1);
}

test('the gallery and the V2 resize policy', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Coffee' }).click();
  // Height × width, as the input 3×224×224 is written.
  await expect(page.getByTestId('preprocess')).toContainText('coffee.png: 400×600 → resized with PIL’s bilinear filter (antialiased) to 256×384');
  await page.getByLabel('Resize policy').selectOption('v2');
  await expect(page.getByTestId('preprocess')).toContainText('to 232×348 (shorter side 232)');
  await predictions(page);
});

test('bad pictures get a clear message and change nothing else; odd good ones work', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  const before = await predictions(page);
  const bad: [string, string, Buffer, RegExp][] = [
    ['notes.txt', 'text/plain', Buffer.from('not a picture at all'), /notes\.txt is not an image this app reads/],
    ['empty.png', 'image/png', Buffer.alloc(0), /empty\.png is empty/],
    ['broken.png', 'image/png', gradient(64, 64).subarray(0, 60), /broken\.png could not be decoded: the PNG file is corrupt/],
    ['huge.png', 'image/png', pngHeaderOnly(12000, 12000), /huge\.png is 12000×12000 \(144 megapixels\)/],
  ];
  for (const [name, type, buffer, message] of bad) {
    await chooseImage(page, name, type, buffer);
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
    expect(await predictions(page)).toEqual(before);
    await expect(page.getByTestId('preprocess')).toContainText('chelsea.png:');
  }
  const good: [string, string, Buffer, RegExp][] = [
    ['tiny.png', 'image/png', png(1, 1, 2, () => [200, 30, 30]), /tiny\.png: 1×1 .*A tiny image/],
    ['gray.png', 'image/png', png(80, 60, 0, (x) => [x * 3]), /gray\.png: 60×80/],
    ['alpha.png', 'image/png', png(50, 50, 6, (x, y) => [0, 128, 255, (x + y) * 2]), /alpha\.png: 50×50/],
    ['anim.gif', 'image/gif', animatedGif(), /anim\.gif: 1×1 .*first frame/],
  ];
  for (const [name, type, buffer, text] of good) {
    await chooseImage(page, name, type, buffer);
    await expect(page.getByTestId('preprocess')).toContainText(text);
    await predictions(page);
  }
});

test('feature maps of a stem, a body and a head layer', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Astronaut' }).click();
  await predictions(page);
  const maps = page.getByTestId('feature-maps');
  await clickNode(page, 'conv1');
  await expect(maps).toHaveAttribute('data-layer', 'conv1');
  await expect(maps).toContainText('64 channels of 112×112');
  await page.getByLabel('Sort channels').selectOption('mean');
  await maps.locator('canvas').hover({ position: { x: 5, y: 5 } });
  // The first map, sorted by mean, is the channel with the highest mean, and its figures are its values'.
  const top = await page.evaluate(() => {
    const f = window.resnetExplorer.session.getState().result!.features!;
    const [, h, w] = f.shape;
    const best = [...f.stats].sort((a, b) => b.mean - a.mean)[0];
    const values = [...f.values.subarray(best.channel * h * w, (best.channel + 1) * h * w)];
    return { layer: f.layerId, best, mean: values.reduce((n, v) => n + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values), zeros: values.filter((v) => v === 0).length / values.length };
  });
  expect(top.layer).toBe('conv1');
  expect(top.best.mean).toBeCloseTo(top.mean, 4);
  expect([top.best.min, top.best.max, top.best.zeros]).toEqual([top.min, top.max, top.zeros]);
  const { channel, mean, min, max, zeros } = top.best;
  await expect(page.getByTestId('channel-stats')).toHaveText(`Channel ${channel}: mean ${mean.toFixed(3)}, min ${min.toFixed(3)}, max ${max.toFixed(3)}, ${(zeros * 100).toFixed(0)}% zeros`);
  await clickNode(page, 'layer3.1.conv2');
  await expect(maps).toHaveAttribute('data-layer', 'layer3.1.conv2');
  await expect(maps).toContainText('256 channels of 14×14');
  await clickNode(page, 'fc');
  await expect(maps).toHaveAttribute('data-layer', 'fc');
  await expect(maps).toContainText('1000 channels of 1×1');
});

test('loading weights removes the random-weights notice and changes the predictions', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  // Trained weights cannot be downloaded here: a saved set from another initialisation stands in for them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  // Handed over by its path: a 47 MB buffer crosses to the page slowly enough to time the test out on a busy machine.
  const weights = join(mkdtempSync(join(tmpdir(), 'weights-')), 'resnet18.safetensors');
  copyFileSync((await download.path())!, weights);
  await page.evaluate(() => window.resnetExplorer.runner.useRandomWeights());
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Rocket' }).click();
  const before = await predictions(page);
  await expect(page.getByTestId('random-notice')).toBeVisible();
  await page.getByRole('tab', { name: 'Model' }).click();
  await page.getByLabel('Weights').setInputFiles(weights);
  await expect(page.getByTestId('weights-status')).toContainText('Trained weights from resnet18.safetensors');
  await page.getByRole('tab', { name: 'Run' }).click();
  await expect(page.getByTestId('random-notice')).toHaveCount(0);
  await poll(async () => (await predictions(page)).join('|')).not.toBe(before.join('|'));
});

test('no tensor leaks across 50 inferences and switching image, layer and model', async ({ page }) => {
  await openModel(page, 'model=custom&block=basic&stages=1-16-1,1-32-2&groups=1&wpg=64&stride=v1.5&stem=7-2-16-1&input=3x64x64&classes=10');
  await ready(page);
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  await predictions(page);
  const idle = async () => {
    // Every pass of the last run has ended (the thumbnails' pass follows the predictions, on the model's thread).
    await poll(() => page.evaluate(() => { const s = window.resnetExplorer.session.getState(); return s.status === 'done' && s.settled; })).toBe(true);
    return page.evaluate(async () => (await window.resnetExplorer.runner.memory()).numTensors);
  };
  const baseline = await idle();
  await page.evaluate(async () => {
    for (let i = 0; i < 50; i++) await window.resnetExplorer.session.run();
  });
  expect(await idle()).toBe(baseline);
  await page.getByRole('button', { name: 'Coffee' }).click();
  await clickNode(page, 'layer2.0.conv1');
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-layer', 'layer2.0.conv1');
  await clickNode(page, 'conv1');
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-layer', 'conv1');
  // Each edit is handed over on leaving the field, so each one rebuilds the model.
  await page.getByLabel('Classes').fill('12');
  await page.getByLabel('Classes').press('Tab');
  await ready(page);
  await page.getByLabel('Classes').fill('10');
  await page.getByLabel('Classes').press('Tab');
  await ready(page);
  expect(await idle()).toBe(baseline);
});
