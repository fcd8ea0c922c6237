/**
 * Time from dropping an image on the app to its predictions on screen, for ResNet-50, and on to every read-out
 * and the graph's thumbnails (the second pass). Each drop starts with the app at rest (the previous image's
 * passes ended), as a user's next picture usually does.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

export async function dropFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  await page.goto(`${url}/?model=resnet50`);
  await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000 });
  await page.evaluate(() => window.resnetExplorer.runner.memory());
  const files = ['chelsea.png', 'coffee.png'].map((f) => ({ name: f, bytes: [...readFileSync(new URL(`../public/samples/${f}`, import.meta.url))] }));
  const times: { predictions: number; settled: number; pass: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const file = files[i % 2];
    await page.waitForFunction(() => window.resnetExplorer.session.getState().settled, undefined, { timeout: 600_000 });
    times.push(
      await page.evaluate(
        ({ name, bytes }) =>
          new Promise<{ predictions: number; settled: number; pass: number }>((resolve) => {
            const { session } = window.resnetExplorer;
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
            const target = document.querySelector('[data-testid="architecture-graph"]')!;
            let predictions = 0;
            let settled = 0;
            const t0 = performance.now();
            // Painted: the frame that shows the DOM change has run when a second animation frame starts.
            const painted = (then: (ms: number) => void) => requestAnimationFrame(() => requestAnimationFrame(() => then(performance.now() - t0)));
            const finish = () => {
              if (predictions <= 0 || settled <= 0) return;
              off();
              observer.disconnect();
              resolve({ predictions, settled, pass: session.getState().result!.latencyMs });
            };
            const shown = () =>
              document.querySelector('[data-testid="preprocess"]')?.textContent?.includes(`${name}:`) &&
              document.querySelectorAll('[data-testid="predictions"] li').length === 5 &&
              session.getState().status === 'done';
            const observer = new MutationObserver(() => {
              if (predictions || !shown()) return;
              predictions = -1;
              painted((ms) => {
                predictions = ms;
                finish();
              });
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            const off = session.subscribe(() => {
              const s = session.getState();
              if (settled || !s.settled || s.thumbnails === null || s.status !== 'done') return;
              settled = -1;
              painted((ms) => {
                settled = ms;
                finish();
              });
            });
            target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          }),
        file,
      ),
    );
  }
  const backend = await page.evaluate(() => window.resnetExplorer.runner.getState().backend);
  return [
    {
      name: `image drop to predictions, ResNet-50 (${backend})`,
      value: median(times.map((t) => t.predictions)),
      unit: 'ms',
      runs,
      note: 'decode, resize, the bare fast pass, painted',
      goal: { at: 150, better: 'lower' },
    },
    { name: `  of which the predictions' pass (${backend})`, value: median(times.map((t) => t.pass)), unit: 'ms', runs },
    { name: `image drop to read-outs and thumbnails, ResNet-50 (${backend})`, value: median(times.map((t) => t.settled)), unit: 'ms', runs, note: 'the layer-by-layer pass after the predictions' },
  ];
}
