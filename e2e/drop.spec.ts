/** Dragging files over the page says what a drop will do; the overlay goes on drop, leave and Escape. */
import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, presetSpec } from '../src/core';
import { count } from './fixtures';
import { openModel } from './helpers';

/** Fires a drag event at the page carrying files (name, MIME type, text), as a browser does for a file drag. */
async function drag(page: Page, type: 'dragenter' | 'dragleave' | 'drop', files: { name: string; mime: string; text?: string }[]) {
  await page.evaluate(
    ({ type, files }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text ?? 'x'], f.name, { type: f.mime }));
      document.querySelector('[data-testid="architecture-graph"]')!.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { type, files },
  );
}

test('the overlay names what each dragged file will do, and goes away on Escape, leave and drop', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toHaveCount(0);

  await drag(page, 'dragenter', [{ name: 'cat.png', mime: 'image/png' }]);
  await expect(overlay).toHaveAttribute('data-kinds', 'image');
  await expect(overlay.locator('li strong')).toHaveText(['Drop an image to run it']);
  await page.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);

  await drag(page, 'dragenter', [{ name: 'resnet18.safetensors', mime: '' }]);
  await expect(overlay.locator('li strong')).toHaveText(['Drop weights to load them']);
  await drag(page, 'dragleave', [{ name: 'resnet18.safetensors', mime: '' }]);
  await expect(overlay).toHaveCount(0);

  // A file that cannot be told lists all three.
  await drag(page, 'dragenter', [{ name: 'mystery', mime: 'application/octet-stream' }]);
  await expect(overlay.locator('li strong')).toHaveText(['Drop an image to run it', 'Drop weights to load them', 'Drop a spec to open it']);

  // Dropping a spec opens it, and the overlay is gone.
  const spec = JSON.stringify(presetSpec('resnet34'));
  await drag(page, 'drop', [{ name: 'resnet34.json', mime: 'application/json', text: spec }]);
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId('total-params')).toHaveText(count(analyzeSpec(presetSpec('resnet34')).params));
});
