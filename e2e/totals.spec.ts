import { expect, test } from '@playwright/test';
import { count, reference } from './fixtures';

test('opens on ResNet-50 and shows the totals of each preset picked', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('total-params')).toHaveText(count(reference.resnet50.params));
  await expect(page.getByTestId('total-macs')).toHaveText(count(reference.resnet50.macs));
  await page.getByLabel('Preset').selectOption('resnet18');
  await expect(page.getByTestId('total-params')).toHaveText('11,689,512');
  await expect(page.getByTestId('total-macs')).toHaveText(count(reference.resnet18.macs));
  await page.getByLabel('Preset').selectOption('wide_resnet101_2');
  await expect(page.getByTestId('total-params')).toHaveText('126,886,696');
  await expect(page.getByTestId('total-macs')).toHaveText(count(reference.wide_resnet101_2.macs));
});
