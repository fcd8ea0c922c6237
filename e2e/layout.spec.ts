/**
 * Every screen: a wide desktop, a tablet and a phone. Nothing scrolls sideways, no visible control is covered
 * by another, and the main actions (build a model, run a sample, open Compare, export) can be reached.
 */
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, presetSpec, type PresetName } from '../src/core';
import { DEFAULT_VARIANTS } from '../src/state/compareState';
import type {} from '../src/consoleApi';
import { count } from './fixtures';
import { openModel } from './helpers';
import { poll } from './poll';

const SCREENS = [
  { name: 'desktop 1440×900', mode: 'wide', use: { viewport: { width: 1440, height: 900 } } },
  { name: 'tablet 768×1024', mode: 'medium', use: { viewport: { width: 768, height: 1024 } } },
  { name: 'phone 390×844', mode: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
] as const;

/** Visible controls whose centre is covered by something else, described; and the page's sideways overflow. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const covered: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, input, select, summary, [role="tab"]');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      // Hidden, inside a closed menu (<details>), or out of reach behind an open drawer (inert): not a control on screen.
      if (r.width === 0 || r.height === 0 || !el.checkVisibility({ visibilityProperty: true }) || el.closest('[inert]')) continue;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      // Scrolled out of its scrolling box: not on screen, so not covered.
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(s.overflow + s.overflowX + s.overflowY)) {
          const b = p.getBoundingClientRect();
          // (within a pixel of the edge counts as out: elementFromPoint rounds)
          if (x < b.left + 1 || x > b.right - 1 || y < b.top + 1 || y > b.bottom - 1) clipped = true;
        }
      }
      if (clipped) continue;
      const hit = document.elementFromPoint(x, y);
      const ok = hit && (hit === el || el.contains(hit) || (hit instanceof HTMLLabelElement && hit.control === el));
      if (!ok) covered.push(`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" under ${hit?.tagName.toLowerCase()}.${hit?.getAttribute('class') ?? ''}`);
    }
    return { covered, scrollWidth: document.documentElement.scrollWidth, innerWidth };
  });
}

async function expectTidy(page: Page) {
  const p = await layoutProblems(page);
  expect(p.covered).toEqual([]);
  expect(p.scrollWidth).toBeLessThanOrEqual(p.innerWidth);
}

async function ready(page: Page) {
  await expect
    .poll(() => page.evaluate(() => window.resnetExplorer?.runner.getState().status), { timeout: 90_000 })
    .toBe('ready');
}

/** Opens a view the way this screen offers it: the phone's bottom tabs, the drawer, or the columns. */
async function show(page: Page, mode: string, view: 'build' | 'graph' | 'model' | 'run' | 'compare') {
  const tabs = page.getByRole('tablist', { name: 'Views' });
  if (mode === 'phone') {
    const label = { build: 'Build', graph: 'Graph', model: 'Model', run: 'Run', compare: 'Compare' }[view];
    await tabs.getByRole('tab', { name: label, exact: true }).click();
    return;
  }
  if (view === 'compare') return tabs.getByRole('tab', { name: 'Compare' }).click();
  await tabs.getByRole('tab', { name: 'Build' }).click();
  if (view === 'build' && mode === 'medium') await page.getByRole('button', { name: 'Configure' }).click();
  if (view === 'model' || view === 'run') await page.getByRole('tablist', { name: 'Panels' }).getByRole('tab', { name: view === 'run' ? 'Run' : 'Model' }).click();
}

for (const screen of SCREENS) {
  test.describe(screen.name, () => {
    test.use(screen.use);

    test('nothing overflows or covers a control, in every view', async ({ page }) => {
      await openModel(page, 'model=resnet50');
      await expect(page.locator('.app')).toHaveAttribute('data-mode', screen.mode);
      await ready(page);
      await expectTidy(page);
      // The header stays within the screen.
      const header = await page.locator('.app-header').boundingBox();
      expect(header!.x + header!.width).toBeLessThanOrEqual(screen.use.viewport.width);
      if (screen.mode === 'wide') {
        // The graph's toolbar is one row.
        const bar = page.getByRole('toolbar', { name: 'Graph' });
        const rows = await bar.locator(':scope > *:visible').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top / 20))).size);
        expect(rows).toBe(1);
      }
      for (const view of ['build', 'model', 'run', 'compare'] as const) {
        await show(page, screen.mode, view);
        await expectTidy(page);
        if (view === 'build' && screen.mode === 'medium') await page.keyboard.press('Escape');
      }
      // Compare's table scrolls sideways inside its own box, never the page.
      const box = await page.getByTestId('compare-table').evaluate((t) => ({ overflow: getComputedStyle(t).overflowX, width: t.getBoundingClientRect().right }));
      expect(box.overflow).toBe('auto');
      expect(box.width).toBeLessThanOrEqual(screen.use.viewport.width);
    });

    test('every main action is reachable: build, run a sample, compare, export', async ({ page }) => {
      await openModel(page, 'model=resnet18');
      // Build a model.
      await show(page, screen.mode, 'build');
      await page.getByLabel('Preset').selectOption('resnet34');
      await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec(presetSpec('resnet34')).params));
      if (screen.mode === 'medium') {
        await page.keyboard.press('Escape');
        await expect(page.getByLabel('Preset')).toBeHidden();
      }
      await ready(page);
      // Run a sample.
      await show(page, screen.mode, 'run');
      await page.getByRole('button', { name: 'Cat' }).click();
      await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
      // Export from the graph's menu.
      await show(page, screen.mode, 'graph');
      await page.getByText('Export', { exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Layer table as CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('resnet34-layers.csv');
      // Compare.
      await show(page, screen.mode, 'compare');
      // The default variants, with the core's figures.
      const params = page.getByTestId('compare-table').locator('tr', { has: page.getByRole('rowheader', { name: 'Parameters', exact: true }) }).locator('td');
      await expect(params).toHaveText(DEFAULT_VARIANTS.map((p) => count(analyzeSpec(presetSpec(p as PresetName)).params)));
      await expectTidy(page);
    });
  });
}

test.describe('phone gestures', () => {
  test.use(SCREENS[2].use);

  test('one finger pans the graph and two fingers pinch-zoom it', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const viewport = page.locator('[data-viewport]');
    const transform = async () => {
      const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)\s*scale\(([-\d.e]+)\)/.exec((await viewport.getAttribute('transform')) ?? '');
      return m ? m.slice(1).map(Number) : [0, 0, 1];
    };
    const box = (await page.getByTestId('architecture-graph').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    const before = await transform();
    await touch('touchStart', [[cx, cy + 60]]);
    for (let i = 1; i <= 6; i++) await touch('touchMove', [[cx, cy + 60 - i * 20]]);
    await touch('touchEnd', []);
    const panned = await transform();
    expect(panned[1]).toBeLessThan(before[1] - 80);
    expect(panned[2]).toBeCloseTo(before[2], 5);
    await touch('touchStart', [[cx - 30, cy], [cx + 30, cy]]);
    for (let i = 1; i <= 6; i++) await touch('touchMove', [[cx - 30 - i * 15, cy], [cx + 30 + i * 15, cy]]);
    await touch('touchEnd', []);
    const pinched = await transform();
    expect(pinched[2]).toBeGreaterThan(panned[2] * 1.8);
  });
});

test.describe('phone tour', () => {
  test.use({ ...SCREENS[2].use, storageState: { cookies: [], origins: [] } });

  test('the tour shows on the graph, its card never hides the node it points at, and it names the bottom tabs', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const tour = page.getByTestId('tour');
    await expect(tour).toContainText('The stem');
    const apart = async (key: string) => {
      const card = (await tour.boundingBox())!;
      const n = (await page.locator(`[data-key="${key}"]`).boundingBox())!;
      const canvas = (await page.getByTestId('architecture-graph').boundingBox())!;
      const inside = n.y >= canvas.y && n.y + n.height <= canvas.y + canvas.height && n.x >= canvas.x && n.x + n.width <= canvas.x + canvas.width;
      const overlaps = n.y < card.y + card.height && n.y + n.height > card.y;
      return inside && !overlaps;
    };
    await poll(() => apart('conv1')).toBe(true);
    await tour.getByRole('button', { name: 'Next' }).click();
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toContainText('The head');
    await poll(() => apart('fc')).toBe(true);
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toContainText('Tap Run below');
    await tour.getByRole('button', { name: 'Done' }).click();
    // Replayed from another tab, it brings the graph back.
    await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Guided tour' }).click();
    await expect(page.getByRole('tab', { name: 'Graph' })).toHaveAttribute('aria-selected', 'true');
    await expect(tour).toBeVisible();
  });
});

test.describe('1280 px', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the graph toolbar stays one row at 1280 px, in English and in Korean', async ({ page }) => {
    await openModel(page, 'model=resnet152');
    const rows = () =>
      page
        // By class: the toolbar's accessible name is translated (그래프 in Korean).
        .locator('.graph-toolbar[role="toolbar"]')
        .locator(':scope > *:visible')
        .evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top / 20))).size);
    expect(await rows()).toBe(1);
    await page.getByLabel('Language').selectOption('ko');
    await expect(page.getByRole('button', { name: '화면에 맞추기' })).toBeVisible();
    expect(await rows()).toBe(1);
    await expectTidy(page);
  });
});
