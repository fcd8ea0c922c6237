/**
 * Accessibility checked by a tool: axe-core (WCAG 2.x A and AA plus its best-practice rules, its defaults) on every
 * view of the app: Build, a selection, Run with an image, Compare, the export menu and its dialogs, the tour, the
 * weights dialogs, Train, Korean, the dark theme and a phone. No view may have a serious or critical violation; a
 * failure lists each violation (rule, impact, elements, what is wrong) so it says what to fix. Beside axe: ids are
 * unique and every drawing has a role and a name; the keyboard reaches the tabs and the boxes that scroll.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import type * as Axe from 'axe-core';
import { clickNode, node, openModel } from './helpers';
import { standInWeights } from './standInWeights';
import { poll } from './poll';

type Violation = Axe.Result;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page as it is, run in the page itself. `@axe-core/playwright`'s `analyze()` opens
 * a second page for every check to merge the frames' results (about 3 s a check on the 2-core machine, against
 * 0.4 s for the run); this app has no frames (checked), so one `axe.run` on the document checks the same rules.
 */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    if (document.querySelector('iframe, frame')) throw new Error('the page has a frame: axe would have to run in it too');
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

const BLOCKING = new Set(['serious', 'critical']);

/** One line per violation and element: impact, rule, target and axe's summary of what is wrong. */
function describe(violations: Violation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `[${v.impact}] ${v.id}: ${n.target.join(' ')} — ${(n.failureSummary ?? v.help).replace(/\s*\n\s*/g, ' ')}`),
  );
}

/**
 * Runs axe on the page as it is: any serious or critical violation fails the test (softly, so every view of a
 * test is checked and reported); lesser ones are printed.
 */
async function expectAccessible(page: Page, view: string) {
  const violations = await axeViolations(page);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const rest = violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  if (rest.length) console.log(`${view}: moderate/minor findings\n  ${describe(rest).join('\n  ')}`);
  expect.soft(describe(blocking), `${view}: serious or critical accessibility violations`).toEqual([]);
  expect.soft(await markupProblems(page), `${view}: duplicate ids or unnamed graphics`).toEqual([]);
}

/**
 * What axe leaves to review, checked here: every id is unique (a label or aria reference must find one element),
 * and every drawing shown (a top-level <svg> not hidden from assistive technology) has a role and a name.
 */
function markupProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `duplicate id "${id}"`);
    const unnamed = [...document.querySelectorAll('svg')]
      .filter((svg) => !svg.parentElement?.closest('svg') && !svg.closest('[aria-hidden="true"]') && svg.getClientRects().length > 0)
      .filter((svg) => !svg.getAttribute('role') || !(svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby')))
      .map((svg) => `svg without a role and a name: ${svg.outerHTML.slice(0, 120)}`);
    return [...duplicates, ...unnamed];
  });
}

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** Runs the sample photo and waits for the predictions and the graph's thumbnails. */
async function runCat(page: Page) {
  await page.getByRole('tab', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Cat' }).click();
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5);
}

test('Build: the default ResNet-18, a selected layer and a selected block', async ({ page }) => {
  await openModel(page);
  await expectAccessible(page, 'Build, ResNet-18');
  await clickNode(page, 'conv1');
  await expect(page.getByTestId('layer-details')).toContainText('conv1');
  await expectAccessible(page, 'Build, conv1 selected');
  await clickNode(page, 'layer2.0');
  await expectAccessible(page, 'Build, layer2.0 selected');
});

test('Build: a big model with the graph collapsed', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(node(page, 'layer3')).toBeVisible();
  await expectAccessible(page, 'Build, ResNet-152 collapsed');
});

test('Run: an image with its predictions, feature maps and the graph thumbnails', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await ready(page);
  await runCat(page);
  await clickNode(page, 'layer1.0.conv1');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await expectAccessible(page, 'Run');
});

test('Compare: two variants', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByLabel('Variant 2', { exact: true }).selectOption('preset:resnet34');
  await page.getByRole('button', { name: 'Remove variant 3' }).click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expectAccessible(page, 'Compare');
});

test('the Export menu, the code dialog and the layer table', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByText('Export', { exact: true }).click();
  await expect(page.locator('.menu-items')).toBeVisible();
  await expectAccessible(page, 'Export menu');
  await page.locator('.menu-items').getByRole('button', { name: 'PyTorch code' }).click();
  await expect(page.getByTestId('code')).toBeVisible();
  await expectAccessible(page, 'Code dialog');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Layer table' }).click();
  await expect(page.getByTestId('layer-table')).toBeVisible();
  await expectAccessible(page, 'Layer table dialog');
});

test.describe('first visit', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test('the guided tour', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    await expect(page.getByTestId('tour')).toContainText('The stem');
    await expectAccessible(page, 'Tour');
  });
});

test('the ImageNet weights dialog, with nothing on the network', async ({ page }) => {
  const weights = Buffer.from(standInWeights('resnet18'));
  await page.route('https://huggingface.co/**', (r) =>
    r.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' }, body: weights }),
  );
  await openModel(page, 'model=resnet18');
  await ready(page);
  await page.getByRole('button', { name: 'Load ImageNet weights' }).click();
  await expect(page.getByTestId('download-summary')).toBeVisible();
  await expectAccessible(page, 'Load ImageNet weights');
});

test('Train', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('fashion-credit')).toBeVisible();
  await expectAccessible(page, 'Train');
});

test('Korean: Build, Compare and Train', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expectAccessible(page, 'Korean, Build');
  await page.getByRole('tab', { name: '비교' }).click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expectAccessible(page, 'Korean, Compare');
  await page.getByRole('tab', { name: '학습' }).click();
  await expect(page.getByTestId('fashion-credit')).toBeVisible();
  await expectAccessible(page, 'Korean, Train');
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });
  test('Build, the code, Run, Compare and Train', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expectAccessible(page, 'Dark, Build');
    await page.getByText('Export', { exact: true }).click();
    await page.locator('.menu-items').getByRole('button', { name: 'PyTorch code' }).click();
    await expect(page.getByTestId('code')).toBeVisible();
    await expectAccessible(page, 'Dark, code dialog');
    await page.getByRole('button', { name: 'Close' }).click();
    await ready(page);
    await runCat(page);
    await clickNode(page, 'layer1.0.conv1');
    await expectAccessible(page, 'Dark, Run');
    await page.getByRole('tab', { name: 'Compare' }).click();
    await expect(page.getByTestId('compare-table')).toBeVisible();
    await expectAccessible(page, 'Dark, Compare');
    await page.getByRole('tab', { name: 'Train' }).click();
    await expect(page.getByTestId('fashion-credit')).toBeVisible();
    await expectAccessible(page, 'Dark, Train');
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('each pane of the bottom tabs', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    for (const pane of ['Build', 'Graph', 'Model', 'Run', 'Compare', 'Train']) {
      await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: pane }).click();
      await expectAccessible(page, `Phone, ${pane}`);
    }
  });
});

test('keyboard: arrow keys move between tabs and select them; boxes that scroll take focus and scroll', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  // The views: only the selected tab is a tab stop; → and ← (wrapping), Home and End move and select.
  const views = page.getByRole('tablist', { name: 'Views' });
  await expect(views.getByRole('tab', { name: 'Compare' })).toHaveAttribute('tabindex', '-1');
  await views.getByRole('tab', { name: 'Build' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(views.getByRole('tab', { name: 'Compare' })).toBeFocused();
  await expect(views.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(views.getByRole('tab', { name: 'Train' })).toBeFocused();
  await expect(page.getByTestId('train-view')).toBeVisible();
  await page.keyboard.press('End');
  await expect(views.getByRole('tab', { name: 'Lab' })).toBeFocused();
  await expect(page.getByTestId('lab-view')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(views.getByRole('tab', { name: 'Build' })).toBeFocused();
  await expect(page.getByTestId('architecture-graph')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(views.getByRole('tab', { name: 'Lab' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(views.getByRole('tab', { name: 'Build' })).toHaveAttribute('aria-selected', 'true');

  // The inspector's tabs control their panels.
  const panels = page.getByRole('tablist', { name: 'Panels' });
  await panels.getByRole('tab', { name: 'Model' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(panels.getByRole('tab', { name: 'Run' })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Run' })).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'Model' })).toBeHidden();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tabpanel', { name: 'Model' })).toBeVisible();

  // The legend fits on a desktop: no tab stop of its own.
  await expect(page.getByRole('group', { name: 'Legend' })).not.toHaveAttribute('tabindex');

  // The code, taller than its box, is reached by Tab and scrolled with the keyboard.
  await page.getByText('Export', { exact: true }).click();
  await page.locator('.menu-items').getByRole('button', { name: 'PyTorch code' }).click();
  const code = page.getByTestId('code');
  await expect(code).toHaveAttribute('tabindex', '0');
  await page.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Tab');
  await expect(code).toBeFocused();
  // End scrolls once the code is laid out taller than its box (under load it may still be coming in): pressed again until it does.
  await expect(async () => {
    await page.keyboard.press('End');
    expect(await code.evaluate((e) => e.scrollTop)).toBeGreaterThan(0);
  }).toPass({ intervals: [100, 200, 500] });
  await page.keyboard.press('Escape');
  await expect(code).toBeHidden();
});

test.describe('keyboard on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('the bottom tabs move with the arrow keys; the legend and the compare table scroll from the keyboard', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const tabs = page.getByRole('tablist', { name: 'Views' });
    await tabs.getByRole('tab', { name: 'Graph' }).focus();
    // The legend is cut to a few lines here: it becomes a tab stop, and the arrow keys scroll it.
    const legend = page.getByRole('group', { name: 'Legend' });
    await expect(legend).toHaveAttribute('tabindex', '0');
    await legend.focus();
    await page.keyboard.press('ArrowDown');
    await poll(() => legend.evaluate((e) => e.scrollTop)).toBeGreaterThan(0);

    await tabs.getByRole('tab', { name: 'Graph' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'Model' })).toBeFocused();
    await expect(page.getByRole('heading', { name: 'Take it home' })).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
    // Up to three variants fit the phone's width (every variant in view): the table is then no tab stop; with four, the
    // figures scroll, so it takes focus and the arrow keys scroll it.
    const table = page.getByTestId('compare-table');
    await expect(table).not.toHaveAttribute('tabindex', '0');
    while ((await table.locator('thead th[scope="col"]:not(:first-child)').count()) < 4) await page.getByRole('button', { name: 'Add variant' }).click();
    await expect(table).toHaveAttribute('tabindex', '0');
    await table.focus();
    await page.keyboard.press('ArrowRight');
    await poll(() => table.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  });
});

test.describe('tablet', () => {
  test.use({ viewport: { width: 768, height: 1024 } });
  test('the configurator drawer is a modal dialog: the keyboard goes in, and back to its button on Escape', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    await expectAccessible(page, 'Tablet');
    const configure = page.getByRole('button', { name: 'Configure' });
    await configure.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Build' });
    await expect(drawer).toHaveAttribute('aria-modal', 'true');
    await expect(drawer.getByRole('button', { name: 'Close' })).toBeFocused();
    await expectAccessible(page, 'Tablet, drawer open');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(configure).toBeFocused();
  });
});
