/**
 * What the user gave an image for comes first: after a run, the first heading visible in the Run tab is
 * "Predictions", above the fold, on a desktop and on a phone, whatever node is selected (the tour leaves `fc`).
 */
import { expect, test, type Page } from '@playwright/test';
import { clickNode, openModel } from './helpers';
import { poll } from './poll';

/** The Run tab's headings that are on screen (inside its scrolling pane and the window), top first. */
const visibleHeadings = (page: Page) =>
  page.locator('#panel-run').evaluate((panel) => {
    const pane = panel.closest('.inspector')!.getBoundingClientRect();
    return [...panel.querySelectorAll('h2')]
      .map((h) => ({ text: h.textContent!.trim(), r: h.getBoundingClientRect() }))
      .filter(({ r }) => r.height > 0 && r.bottom > Math.max(pane.top, 0) && r.top < Math.min(pane.bottom, innerHeight))
      .sort((a, b) => a.r.top - b.r.top)
      .map(({ text, r }) => ({ text, top: Math.round(r.top), bottom: Math.round(r.bottom) }));
  });

async function predictionsFirst(page: Page) {
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5, { timeout: 90_000 });
  await poll(async () => (await visibleHeadings(page))[0]?.text).toBe('Predictions');
  const [first] = await visibleHeadings(page);
  expect(first.bottom).toBeLessThanOrEqual(page.viewportSize()!.height);
}

const SCREENS = [
  { name: 'desktop 1440×900', phone: false, use: { viewport: { width: 1440, height: 900 } } },
  { name: 'phone 390×844', phone: true, use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

for (const screen of SCREENS) {
  test.describe(screen.name, () => {
    test.use(screen.use);

    test('after a run, "Predictions" is the first heading in view, with fc selected (as the tour leaves it)', async ({ page }) => {
      await openModel(page, 'model=resnet18');
      await clickNode(page, 'fc');
      const run = screen.phone ? page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Run' }) : page.getByRole('tab', { name: 'Run' });
      await run.click();
      await page.getByRole('button', { name: 'Cat' }).click();
      await predictionsFirst(page);
      // The selected node's maps follow, then the image.
      await expect(page.getByTestId('selected-maps').getByRole('heading', { level: 2 })).toHaveText('Feature maps: fc');

      // Scrolled down to the samples, another one: its predictions come back to the top. (The maps and charts
      // follow the predictions: once they are in, the samples are below the fold.)
      await expect(page.getByTestId('residual-contribution')).toBeVisible({ timeout: 90_000 });
      await page.getByRole('button', { name: 'Coffee' }).scrollIntoViewIfNeeded();
      expect((await visibleHeadings(page))[0]?.text).not.toBe('Predictions');
      await page.getByRole('button', { name: 'Coffee' }).click();
      await predictionsFirst(page);
    });
  });
}
