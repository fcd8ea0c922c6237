/** The graph's activation thumbnails for ResNet-50: the one packed readback per run, in Chromium. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

export async function thumbnailFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  await page.goto(`${url}/?model=resnet50`);
  await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 600_000 });
  const bytes = [...readFileSync(new URL('../public/samples/chelsea.png', import.meta.url))];
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'chelsea.png', { type: 'image/png' }));
    document.querySelector('[data-testid="architecture-graph"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await page.waitForFunction(() => window.resnetExplorer.session.getState().thumbnails !== null, undefined, { timeout: 600_000 });
  const figures: Figure[] = [];
  // WebAssembly runs each op when called (the computation shows in the pass); WebGL queues them (the readback
  // then waits for them).
  for (const backend of ['wasm', 'webgl'] as const) {
    if (!(await page.evaluate((b) => window.resnetExplorer.runner.setBackend(b), backend))) continue;
    await page.waitForFunction(() => window.resnetExplorer.session.getState().status === 'done', undefined, { timeout: 600_000 });
    const samples: { readMs: number; computeMs: number; latencyMs: number; layers: number; values: number }[] = [];
    for (let i = 0; i < runs; i++) {
      samples.push(
        await page.evaluate(async () => {
          const { session } = window.resnetExplorer;
          await session.timeRuns(1);
          const t = session.getState().thumbnails!;
          const values = [...t.byLayer.values()].reduce((n, x) => n + x.height * x.width + 2, 0);
          return { readMs: t.readMs, computeMs: t.computeMs, latencyMs: session.getState().result!.latencyMs, layers: t.byLayer.size, values };
        }),
      );
    }
    const { layers, values } = samples[0];
    figures.push(
      {
        name: `thumbnail readback, ResNet-50 (${backend})`,
        value: median(samples.map((s) => s.readMs)),
        unit: 'ms',
        runs,
        note: `one data() of ${layers} layers' thumbnails packed in one tensor (${values} floats, ${((values * 4) / 1e3).toFixed(0)} kB)`,
      },
      {
        name: `thumbnail computation in the pass, ResNet-50 (${backend})`,
        value: median(samples.map((s) => s.computeMs)),
        unit: 'ms',
        runs,
        note: `per layer: channel mean, resize, exact mean, concat; the model's own pass took ${median(samples.map((s) => s.latencyMs)).toFixed(0)} ms`,
      },
    );
  }
  await page.evaluate(() => window.resnetExplorer.runner.setBackend('wasm'));
  return figures;
}
