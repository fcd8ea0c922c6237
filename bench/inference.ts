/** Time from dropping an image on the app to its predictions on screen, for ResNet-50. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

export async function dropFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  await page.goto(`${url}/?model=resnet50`);
  await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000 });
  const files = ['chelsea.png', 'coffee.png'].map((f) => ({ name: f, bytes: [...readFileSync(new URL(`../public/samples/${f}`, import.meta.url))] }));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const file = files[i % 2];
    times.push(
      await page.evaluate(
        ({ name, bytes }) =>
          new Promise<number>((resolve) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
            const target = document.querySelector('[data-testid="architecture-graph"]')!;
            const t0 = performance.now();
            const done = () => {
              const shown = document.querySelector('[data-testid="preprocess"]')?.textContent?.includes(`${name}:`);
              const list = document.querySelectorAll('[data-testid="predictions"] li').length === 5;
              return shown && list && window.resnetExplorer.session.getState().status === 'done';
            };
            const observer = new MutationObserver(() => {
              if (!done()) return;
              observer.disconnect();
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          }),
        file,
      ),
    );
  }
  const backend = await page.evaluate(() => window.resnetExplorer.runner.getState().backend);
  return [{ name: `image drop to predictions, ResNet-50 (${backend})`, value: median(times), unit: 'ms', runs }];
}
