/** Graph figures: load to first graph, and edit to updated graph for ResNet-152 collapsed and expanded. */
import type { Page } from '@playwright/test';
import { median, type Figure } from './stats';

/** Changes a field as a user typing and leaving it does, and resolves when the new graph has been painted. */
async function editToPaint(page: Page, label: string, value: string): Promise<number> {
  return page.evaluate(
    ({ label, value }) =>
      new Promise<number>((resolve) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input')].find((i) => i.getAttribute('aria-label') === label)!;
        const t0 = performance.now();
        const observer = new PerformanceObserver((list) => {
          if (!list.getEntries().some((e) => e.name === 'graph:rendered' && e.startTime >= t0)) return;
          observer.disconnect();
          // Two frames: the one that paints the new DOM has run when the second callback starts.
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        });
        observer.observe({ type: 'mark', buffered: false });
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // The form waits for a pause before it rebuilds; leaving the field hands the edit over at once.
        input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
      }),
    { label, value },
  );
}

/** Frame times while zooming with the wheel over the graph. */
async function zoomFrames(page: Page): Promise<number[]> {
  const svg = page.getByTestId('architecture-graph');
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (w.__frames.length < 400) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, i < 15 ? -120 : 120);
    await page.waitForTimeout(16);
  }
  return page.evaluate(() => (window as unknown as { __frames: number[] }).__frames.slice(2));
}

export async function graphFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${url}/?model=resnet50`);
    await page.getByTestId('architecture-graph').locator('[data-key="conv1"]').waitFor();
    loads.push(await page.evaluate(() => performance.getEntriesByName('graph:rendered')[0].startTime));
  }
  const figures: Figure[] = [{ name: 'load to first graph (ResNet-50)', value: median(loads), unit: 'ms', runs }];

  const edits: Record<string, number> = {};
  for (const mode of ['collapsed', 'expanded'] as const) {
    await page.goto(`${url}/?model=resnet152`);
    await page.getByTestId('architecture-graph').locator('[data-key="conv1"]').waitFor();
    if (mode === 'expanded') {
      await page.getByRole('button', { name: 'Expand all' }).click();
      await page.getByTestId('architecture-graph').locator('[data-key="layer3.35.conv3"]').waitFor();
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await editToPaint(page, 'Stage 3 blocks', i % 2 ? '36' : '35'));
    edits[mode] = median(times);
    figures.push({ name: `edit to updated graph, ResNet-152 ${mode}`, value: edits[mode], unit: 'ms', runs, goal: { at: mode === 'collapsed' ? 16 : 50, better: 'lower' } });
    if (mode === 'expanded') {
      const frames = await zoomFrames(page);
      figures.push({ name: 'zoom frame time, ResNet-152 expanded (median)', value: median(frames), unit: 'ms', runs: frames.length });
      figures.push({
        name: 'zoom frame time, ResNet-152 expanded (p95)',
        value: [...frames].sort((a, b) => a - b)[Math.floor(frames.length * 0.95)],
        unit: 'ms',
        runs: frames.length,
        goal: { at: 16.7, better: 'lower' },
      });
    }
  }
  figures.push({ name: 'edit: expanded / collapsed', value: edits.expanded / edits.collapsed, unit: 'ratio' });
  return figures;
}
