/** Graph figures: load to first graph, and edit to updated graph for ResNet-152 collapsed and expanded. */
import type { Page } from '@playwright/test';
import { median, type Figure } from './stats';

/**
 * Changes a field as a user typing and leaving it does; resolves with two times from the edit, both once the new
 * graph has been painted:
 * - `painted`: the first animation frame after the edit whose callback finds the new graph rendered (the
 *   `graph:rendered` mark) queues a task; that task runs once the frame's paint is done. This answers "the page
 *   shows the edit".
 * - `frames`: the figure of earlier rounds, kept as it was: when the mark reaches a PerformanceObserver (delivered
 *   as a task of its own, which may come after that frame), two animation frames later. The new DOM has been
 *   painted by then, but the figure also holds the wait for one or two more frames (up to ~33 ms at 60 Hz).
 */
async function editToPaint(page: Page, label: string, value: string): Promise<{ painted: number; frames: number }> {
  return page.evaluate(
    ({ label, value }) =>
      new Promise<{ painted: number; frames: number }>((resolve) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input')].find((i) => i.getAttribute('aria-label') === label)!;
        const t0 = performance.now();
        let painted = NaN;
        let frames = NaN;
        const done = () => {
          if (!Number.isNaN(painted) && !Number.isNaN(frames)) resolve({ painted, frames });
        };
        const rendered = () => performance.getEntriesByName('graph:rendered').some((e) => e.startTime >= t0);
        const frame = () => {
          if (!rendered()) return requestAnimationFrame(frame);
          setTimeout(() => {
            painted = performance.now() - t0;
            done();
          }, 0);
        };
        const observer = new PerformanceObserver((list) => {
          if (!list.getEntries().some((e) => e.name === 'graph:rendered' && e.startTime >= t0)) return;
          observer.disconnect();
          // Two frames: the one that paints the new DOM has run when the second callback starts.
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              frames = performance.now() - t0;
              done();
            }),
          );
        });
        observer.observe({ type: 'mark', buffered: false });
        // The edit renders in a microtask after this script, so the next frame's callback is the first that can see
        // it. Asked for before the edit, so that its task comes before any the app queues from the same frame (the
        // URL is written after the paint): those follow the paint, they do not delay it.
        requestAnimationFrame(frame);
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
    // At rest: the model built on load is ready, so a build in the worker does not share the cores with the edits
    // (an edit's own build starts after a pause, once the edits have stopped).
    await page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 120_000 });
    const painted: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = await editToPaint(page, 'Stage 3 blocks', i % 2 ? '36' : '35');
      painted.push(t.painted);
      frames.push(t.frames);
    }
    edits[mode] = median(painted);
    figures.push({
      name: `edit to updated graph, ResNet-152 ${mode}`,
      value: edits[mode],
      unit: 'ms',
      runs,
      note: 'until the frame showing it is painted',
      goal: { at: mode === 'collapsed' ? 16 : 50, better: 'lower' },
    });
    figures.push({ name: `edit to updated graph, ResNet-152 ${mode}, mark + 2 frames`, value: median(frames), unit: 'ms', runs, note: 'the mark observed, then two animation frames (the figure of earlier rounds)' });
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
