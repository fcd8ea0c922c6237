/** Forms wait for the user: a field is checked on a pause or on leaving it, and one settled edit makes one build. */
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, presetSpec } from '../src/core';
import type {} from '../src/consoleApi';
import { count } from './fixtures';
import { openModel } from './helpers';

async function ready(page: Page) {
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
}

/** The field's own box: its label, input and messages. */
const fieldOf = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) });

test('typing "32" in Groups makes one model and one build, for 32, with no error on the way', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await page.getByLabel('Width per group').fill('4');
  await page.getByLabel('Width per group').press('Tab');
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec({ ...presetSpec('resnet50'), widthPerGroup: 4 }).params));
  await ready(page);
  // Record every model the store settles on and every build the runner starts, with its groups.
  await page.evaluate(() => {
    const { store, runner } = window.resnetExplorer;
    const log = { models: [] as number[], builds: [] as number[] };
    (window as unknown as { edits: typeof log }).edits = log;
    let last = store.getState().analysis;
    store.subscribe(() => {
      const a = store.getState().analysis;
      if (a !== last) log.models.push(a.graph.spec.groups);
      last = a;
    });
    const build = runner.build.bind(runner);
    runner.build = (a) => {
      log.builds.push(a.graph.spec.groups);
      return build(a);
    };
  });
  const groups = page.getByLabel('Groups');
  await groups.selectText();
  await groups.pressSequentially('32', { delay: 120 });
  // Mid-number nothing is flagged.
  await expect(groups).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec(presetSpec('resnext50_32x4d')).params));
  await ready(page);
  const edits = await page.evaluate(() => (window as unknown as { edits: { models: number[]; builds: number[] } }).edits);
  expect(edits).toEqual({ models: [32], builds: [32] });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an empty field is not an error while typing; leaving it empty is, beside the field', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  const classes = page.getByLabel('Classes');
  await classes.fill('');
  // Well past the pause: still no error, and the model is unchanged.
  await page.waitForTimeout(1500);
  await expect(classes).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await classes.press('Tab');
  await expect(classes).toHaveAttribute('aria-invalid', 'true');
  await expect(fieldOf(page, 'Classes').getByRole('alert')).toHaveText('number of classes must be a number, got ""');
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec(presetSpec('resnet18')).params));
  // Typing again hides the message until the new value settles, then it is gone.
  await classes.fill('10');
  await expect(fieldOf(page, 'Classes').getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec({ ...presetSpec('resnet18'), numClasses: 10 }).params));
});

test('a message about the whole model appears beside the field that caused it', async ({ page }) => {
  await openModel(page, 'model=wide_resnet101_2');
  await page.getByLabel('Groups').fill('3');
  await page.getByLabel('Groups').press('Tab');
  const message = fieldOf(page, 'Groups').getByRole('alert');
  await expect(message).toContainText('370,859,816 parameters');
  await expect(message).toContainText('more than a browser can hold');
  // Only there, and the last valid model stays.
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec(presetSpec('wide_resnet101_2')).params));
  // Fixing the field takes the message away.
  await page.getByLabel('Groups').fill('1');
  await page.getByLabel('Groups').press('Tab');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
