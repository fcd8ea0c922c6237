import { expect, test } from '@playwright/test';
import { analyzeSpec, presetSpec, type ResNetSpec } from '../src/core';
import { count } from './fixtures';
import { node, openModel, totals } from './helpers';

const figures = (spec: ResNetSpec) => {
  const a = analyzeSpec(spec);
  return { params: a.params, macs: a.macs };
};

test('switching the block type redraws the blocks with their new shapes', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await expect(node(page, 'layer1.0.conv1')).toHaveAttribute('data-shape', '64×56×56');
  await expect(node(page, 'layer1.0.conv3')).toHaveCount(0);
  await page.getByLabel('Block type').selectOption('bottleneck');
  // An edit keeps the view the user had (here every layer expanded).
  await expect(node(page, 'layer1.0.conv3')).toHaveAttribute('data-shape', '256×56×56');
  await expect(node(page, 'layer1.0.downsample.0')).toHaveAttribute('data-layer', 'layer1.0.downsample.0');
  expect(await totals(page)).toEqual(figures({ ...presetSpec('resnet18'), block: 'bottleneck' }));
  await expect(page.getByTestId('custom-note')).toContainText('edited from ResNet-18');
  await expect(page.getByLabel('Preset')).toHaveValue('custom');
});

test('changing blocks per stage adds nodes and updates the totals at once', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await expect(node(page, 'layer2.2.conv1')).toHaveCount(0);
  await page.getByLabel('Stage 2 blocks').fill('3');
  await expect(node(page, 'layer2.2.conv1')).toHaveAttribute('data-shape', '128×28×28');
  const spec = presetSpec('resnet18');
  spec.stages[1].blocks = 3;
  expect(await totals(page)).toEqual(figures(spec));
  // Keyboard stepping works in the field too.
  await page.getByLabel('Stage 2 blocks').press('ArrowDown');
  await expect(node(page, 'layer2.2.conv1')).toHaveCount(0);
  await expect(page.getByTestId('total-params')).toHaveText('11,689,512');
});

test('a 6-stage model and a different input size are drawn with PyTorch shapes', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByRole('button', { name: 'Add stage' }).click();
  await page.getByLabel('Stage 5 width').fill('640');
  await page.getByLabel('Input height').fill('197');
  await page.getByLabel('Input width').fill('251');
  await page.getByLabel('Classes').fill('10');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(node(page, 'conv1')).toHaveAttribute('data-shape', '64×99×126');
  await expect(node(page, 'layer5.1.conv2')).toHaveAttribute('data-shape', '640×4×4');
  await expect(node(page, 'fc')).toHaveAttribute('data-shape', '10');
  await page.getByRole('button', { name: 'Remove stage 5' }).click();
  await expect(node(page, 'layer5.0.conv1')).toHaveCount(0);
});

test('an invalid value is explained beside its field and the last valid model stays', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await page.getByLabel('Stage 3 blocks').fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'stage 3 blocks must be between 1 and 128, got 0' })).toBeVisible();
  await expect(page.getByLabel('Stage 3 blocks')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('total-params')).toHaveText(count(25_557_032));
  await expect(node(page, 'layer3.5')).toBeVisible();
  await page.getByLabel('Stage 2 width').fill('wide');
  await expect(page.getByRole('alert').filter({ hasText: 'stage 2 width must be a number, got "wide"' })).toBeVisible();
  await page.getByLabel('Groups').fill('3');
  await expect(page.getByTestId('total-params')).toHaveText(count(25_557_032));
  // Fixing the fields applies everything typed since.
  await page.getByLabel('Stage 2 width').fill('128');
  await page.getByLabel('Stage 3 blocks').fill('6');
  // Leaving the field hands it over at once (a pause would too).
  await page.getByLabel('Stage 3 blocks').press('Tab');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await totals(page)).toEqual(figures({ ...presetSpec('resnet50'), groups: 3 }));
});

test('the model lives in the URL: reload and a copied link restore it exactly', async ({ page, context }) => {
  await openModel(page, 'model=resnet50');
  await page.getByLabel('Stage 3 blocks').fill('9');
  await page.getByLabel('Groups').fill('32');
  await page.getByLabel('Width per group').fill('4');
  await page.getByLabel('Stride placement').selectOption('v1');
  await page.getByLabel('Stem width').fill('32');
  // The last edit reaches the URL once it settles.
  await expect(page).toHaveURL(/model=custom.*stem=7-2-32-1/);
  const before = await totals(page);
  await page.reload();
  expect(await totals(page)).toEqual(before);
  await expect(page.getByLabel('Stage 3 blocks')).toHaveValue('9');
  await expect(page.getByLabel('Stride placement')).toHaveValue('v1');
  const other = await context.newPage();
  await other.goto(page.url());
  expect(await totals(other)).toEqual(before);
  await expect(other.getByLabel('Stem width')).toHaveValue('32');
});

test('a tampered link says what is wrong and opens a working model', async ({ page }) => {
  await openModel(page, 'model=custom&block=bottleneck&stages=3-64-1,4-abc');
  await expect(page.getByRole('alert').first()).toContainText("The link's model could not be opened");
  await expect(page.getByRole('alert').first()).toContainText('stage 2 width must be a number');
  await expect(page.getByTestId('total-params')).toHaveText(count(25_557_032));
});

test('back and forward step through edits; undo and redo too', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await page.getByLabel('Preset').selectOption('resnet34');
  await expect(page.getByTestId('total-params')).toHaveText('21,797,672');
  await page.getByLabel('Preset').selectOption('resnext50_32x4d');
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');
  // The history entry is written after the paint that shows the edit: Back steps from it once it is there.
  await expect(page).toHaveURL(/[?&]model=resnext50_32x4d(&|$)/);
  await page.goBack();
  await expect(page.getByTestId('total-params')).toHaveText('21,797,672');
  await expect(page.getByLabel('Preset')).toHaveValue('resnet34');
  await page.goForward();
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');

  await page.getByLabel('Classes').fill('10');
  const ten = figures({ ...presetSpec('resnext50_32x4d'), numClasses: 10 });
  await expect(page.getByTestId('total-params')).toHaveText(count(ten.params));
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');
  await expect(page.getByLabel('Classes')).toHaveValue('1000');
  await page.locator('body').press('Control+Shift+z');
  await expect(page.getByTestId('total-params')).toHaveText(count(ten.params));
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('total-params')).toHaveText('25,028,904');
});
