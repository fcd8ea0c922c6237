/**
 * The Compare view building three ResNet-50-sized models (ResNet-50, ResNeXt-50 32x4d, Wide ResNet-50-2):
 * the page's longest frame meanwhile, and the time until every column is built and timed. The compared models
 * live on the live model's thread (its worker); `?worker=off` puts them back on the page's, for comparison.
 */
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { median, type Figure } from './stats';

const VARIANTS = ['resnet50', 'resnext50_32x4d', 'wide_resnet50_2'];

async function once(page: Page, url: string, query: string): Promise<{ longest: number; ms: number }> {
  await page.goto(`${url}/?model=resnet18${query}`);
  await page.waitForFunction(() => window.resnetExplorer?.runner?.getState().status === 'ready', undefined, { timeout: 600_000, polling: 50 });
  await page.evaluate(() => window.resnetExplorer.runner.memory());
  return page.evaluate(
    (variants) =>
      new Promise<{ longest: number; ms: number }>((resolve) => {
        const { compare, compared, core } = window.resnetExplorer;
        // The three variants, chosen while the view is closed; opening it builds them (as a link to a comparison does).
        variants.forEach((v, i) => compare.setVariant(i, core.presetSpec(v as never)));
        const t0 = performance.now();
        [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find((e) => e.textContent?.trim() === 'Compare')!.click();
        let longest = 0;
        let last = 0;
        let frames = 0;
        const tick = (t: number) => {
          // The frames after the one that mounts the view: what the models' building costs the page.
          if (frames++ >= 2) longest = Math.max(longest, t - last);
          last = t;
          const columns = compared.getState();
          if (columns.length === variants.length && columns.every((c) => c.status === 'ready')) resolve({ longest, ms: performance.now() - t0 });
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    VARIANTS,
  );
}

export async function compareFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [where, query] of [['worker', ''], ['main thread', '&worker=off']] as const) {
    const samples: { longest: number; ms: number }[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) samples.push(await once(page, url, query));
    figures.push({
      name: `longest frame while Compare builds 3 ResNet-50s (${where})`,
      value: median(samples.map((s) => s.longest)),
      unit: 'ms',
      runs: samples.length,
      note: VARIANTS.join(', '),
      ...(where === 'worker' ? { goal: { at: 50, better: 'lower' as const } } : {}),
    });
    figures.push({ name: `Compare: 3 ResNet-50s built and timed (${where})`, value: median(samples.map((s) => s.ms)), unit: 'ms', runs: samples.length });
  }
  return figures;
}
