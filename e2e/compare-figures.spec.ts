/**
 * Compare's figures show every variant: on a desktop the whole table is in view beside the graphs (four variants
 * too); on a phone three fit, and with four the row labels stay while the figures scroll. Each variant has one
 * colour in every chart: the table's head, the scatter's point and its bars.
 */
import { expect, test, type Page } from '@playwright/test';
import { openModel } from './helpers';

const box = (page: Page) => page.getByTestId('compare-table');

/** Where each variant's column head and the "Parameters" row label are, against the table's visible box. */
const geometry = (page: Page) =>
  box(page).evaluate((el) => {
    const clip = el.getBoundingClientRect();
    const visible = (r: DOMRect) => r.left >= clip.left - 1 && r.right <= clip.right + 1 && r.right <= innerWidth + 1 && r.width > 0;
    const heads = [...el.querySelectorAll('thead th[scope="col"]:not(:first-child)')].map((th) => visible(th.getBoundingClientRect()));
    const label = [...el.querySelectorAll('tbody th[scope="row"]')].find((th) => th.textContent === 'Parameters')!;
    // The label is what a finger or the eye finds at that spot (not a figure scrolled under it).
    const r = label.getBoundingClientRect();
    const onTop = document.elementFromPoint(r.left + 4, r.top + r.height / 2) === label;
    return { heads, label: visible(r) && onTop, scroll: el.scrollWidth - el.clientWidth };
  });

async function openCompare(page: Page, phone: boolean, variants: number) {
  await openModel(page, 'model=resnet50');
  const views = page.getByRole('tablist', { name: 'Views' });
  await views.getByRole('tab', { name: 'Compare' }).click();
  if (variants === 4) await page.getByRole('button', { name: 'Add variant' }).click();
  await expect(box(page).locator('thead th[scope="col"]:not(:first-child)')).toHaveCount(variants);
  await box(page).scrollIntoViewIfNeeded();
  if (phone) await box(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

test.describe('desktop 1440×900', () => {
  test('every variant in view, three or four; accuracy in short rows; one colour per variant in every chart', async ({ page }) => {
    await openCompare(page, false, 3);
    expect(await geometry(page)).toEqual({ heads: [true, true, true], label: true, scroll: 0 });
    // The accuracy cell is split: top-1, top-5 and the weights, each its own row.
    const row = (name: string) => box(page).locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) }).locator('td');
    await expect(row('ImageNet top-1')).toHaveText(['80.858%', '81.198%', '81.602%']);
    await expect(row('ImageNet top-5')).toHaveText(['95.434%', '95.34%', '95.758%']);
    await expect(row('torchvision weights')).toHaveText(['IMAGENET1K_V2', 'IMAGENET1K_V2', 'IMAGENET1K_V2']);

    // The scatter's compared points, the bars and the table's swatches: the same colour for the same variant.
    const colours = await page.evaluate(() => {
      const fill = (el: Element | null) => (el ? getComputedStyle(el).fill : null);
      const chart = document.querySelector('[data-testid="accuracy-chart"]')!;
      const bars = document.querySelector('[data-testid="stage-bars-params"]')!;
      return [0, 1, 2].map((i) => ({
        point: fill(chart.querySelector(`.point.compared[data-variant="${i}"] circle`)),
        // (The bars come stage by stage, each stage's in variant order: the first three are the stem's.)
        bar: fill(bars.querySelectorAll('rect')[i] ?? null),
        swatch: getComputedStyle(document.querySelectorAll('[data-testid="compare-table"] thead .swatch')[i]).backgroundColor,
      }));
    });
    for (const c of colours) {
      expect(c.point).toBe(c.bar);
      expect(c.swatch).toBe(c.bar);
    }
    expect(new Set(colours.map((c) => c.bar)).size).toBe(3);
    // No name on the scatter is cut at its edge.
    const cut = await page.getByTestId('accuracy-chart').evaluate((svg) => {
      const r = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text.point-label')].filter((t) => t.getBoundingClientRect().right > r.right + 0.5).map((t) => t.textContent);
    });
    expect(cut).toEqual([]);

    await page.getByRole('button', { name: 'Add variant' }).click();
    await expect(box(page).locator('thead th[scope="col"]:not(:first-child)')).toHaveCount(4);
    expect(await geometry(page)).toEqual({ heads: [true, true, true, true], label: true, scroll: 0 });
  });
});

test.describe('phone 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('three variants fit; with four, the row labels stay while the figures scroll', async ({ page }) => {
    await openCompare(page, true, 3);
    expect(await geometry(page)).toEqual({ heads: [true, true, true], label: true, scroll: 0 });
    await page.getByRole('button', { name: 'Add variant' }).click();
    await expect(box(page).locator('thead th[scope="col"]:not(:first-child)')).toHaveCount(4);
    await box(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const before = await geometry(page);
    expect(before.heads[0]).toBe(true);
    expect(before.scroll).toBeGreaterThan(0);
    await box(page).evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const after = await geometry(page);
    expect(after.heads[3]).toBe(true);
    expect(after.label).toBe(true);
  });
});
