/**
 * The Lab's speed in Chromium, as a learner meets it (`--only lab`): ResNet-20 at 1×28×28 (the paper's CIFAR
 * net on Fashion-MNIST, about 31 M multiply-accumulates per image) as the live model, the Lab open, its own
 * worker on WebAssembly with a thread per core, batch norm folded, batches of 250.
 *   - "delete each block in turn": the whole network and each of its 9 blocks switched off alone, on the 2,000
 *     test images (10 evaluations ≈ 620 G multiply-accumulates before the lab shares each batch's prefix);
 *   - the default loss landscape: 11×11 points on 256 test images (≈ 960 G);
 * each from the click to the last figure, and to the first figures on screen. The live model has fresh weights:
 * the work does not depend on them.
 */
import type { Page } from '@playwright/test';
import { analyzeSpec, presetSpec } from '../src/core';
import type {} from '../src/consoleApi';
import type { LabState } from '../src/state/labStore';
import { serializeSpec } from '../src/state/urlState';
import { fitFashionMnist } from '../src/ui/train/fashionMnistFit';
import { median, type Figure } from './stats';

const SPEC = fitFashionMnist(presetSpec('resnet20'));
const MACS = analyzeSpec(SPEC).macs;

/**
 * Runs a study in the page; returns ms to the first figures and to the end. The page's CSP allows no string
 * evaluation, so the study and its checks are written out here as one function (sent whole to the page).
 */
async function timeStudy(page: Page, kind: 'each' | 'surface'): Promise<{ first: number; all: number }> {
  return page.evaluate(
    (kind) =>
      new Promise<{ first: number; all: number }>((resolve, reject) => {
        const lab = window.resnetExplorer.lab;
        const progress = (s: LabState) => (kind === 'each' ? s.nets.primary?.each?.progress : s.nets.primary?.landscapes.surface?.progress);
        const t0 = performance.now();
        let firstAt = NaN;
        let started = false;
        const off = lab.subscribe(() => {
          const p = progress(lab.getState());
          if (!started) {
            // A study from before (the previous run) is there until this one replaces it.
            if (p?.status !== 'running') return;
            started = true;
          }
          if (Number.isNaN(firstAt) && p && p.done > 0) firstAt = performance.now() - t0;
          if (p?.status === 'done') {
            off();
            resolve({ first: firstAt, all: performance.now() - t0 });
          } else if (p && p.status !== 'running') {
            off();
            reject(new Error(`the study ended ${p.status}`));
          }
        });
        (kind === 'each' ? lab.eachInTurn() : lab.landscape('surface')).catch(reject);
      }),
    kind,
  );
}

export async function labFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  await page.goto(`${url}/?${serializeSpec(SPEC).toString()}&view=lab`);
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 600_000, polling: 100 });
  // The lab reads the live model and measures the whole network once on opening: let that finish first.
  await page.waitForFunction(
    () => {
      const p = window.resnetExplorer.lab.getState().nets.primary;
      return p?.status === 'ready' && p.whole !== null;
    },
    undefined,
    { timeout: 1_800_000, polling: 50 },
  );
  const backend = await page.evaluate(() => window.resnetExplorer.lab.getState().backend);
  const where = backend ? `${backend.name}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}, in the lab's worker` : 'the lab';
  const n = Math.max(1, Math.min(runs, 3));
  const each: { first: number; all: number }[] = [];
  const land: { first: number; all: number }[] = [];
  for (let i = 0; i < n; i++) {
    each.push(await timeStudy(page, 'each'));
  }
  for (let i = 0; i < n; i++) {
    land.push(await timeStudy(page, 'surface'));
  }
  const eachMs = median(each.map((r) => r.all));
  const landMs = median(land.map((r) => r.all));
  const eachGmac = (10 * 2000 * MACS) / 1e9;
  const landGmac = (121 * 256 * MACS) / 1e9;
  return [
    { name: 'lab: delete each block in turn, ResNet-20, 10 × 2,000 images', value: eachMs / 1000, unit: 's', runs: n, note: `${where}; ${(eachGmac / (eachMs / 1000)).toFixed(1)} G MAC/s counting all 10 evaluations whole (${eachGmac.toFixed(0)} G)`, goal: { at: 25, better: 'lower' } },
    { name: 'lab: delete each block in turn, first figures', value: median(each.map((r) => r.first)) / 1000, unit: 's', runs: n, note: 'the first batch of 250 images, every deletion', goal: { at: 2, better: 'lower' } },
    { name: 'lab: loss landscape 11×11, 256 images, ResNet-20', value: landMs / 1000, unit: 's', runs: n, note: `${where}; ${(landGmac / (landMs / 1000)).toFixed(1)} G MAC/s (${landGmac.toFixed(0)} G)`, goal: { at: 40, better: 'lower' } },
    { name: 'lab: loss landscape, first point', value: median(land.map((r) => r.first)) / 1000, unit: 's', runs: n, goal: { at: 2, better: 'lower' } },
  ];
}
