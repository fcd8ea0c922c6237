/**
 * The graph and the details panel name the same node: after expanding a block ("+", a double-click, the + key)
 * or finding one by name, the graph rings the block's box, never one of its layers. A touch shows no hover
 * tooltip (a finger has no hover, and nothing would take the tooltip away).
 */
import { expect, test, type Page } from '@playwright/test';
import { node, openModel } from './helpers';
import { poll } from './poll';

const graph = (page: Page) => page.getByTestId('architecture-graph');

/** What the graph rings as selected: node keys and group names. */
const ringed = (page: Page) =>
  graph(page)
    .locator('.selected')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? e.getAttribute('data-group')));

async function agree(page: Page, key: string) {
  await expect(page.getByTestId('layer-details').getByRole('heading', { level: 2 })).toHaveText(key);
  await poll(() => ringed(page)).toEqual([key]);
  // The ring is drawn in the selection colour, on screen.
  const box = graph(page).locator(`.group.selected[data-group="${key}"] > rect.box`);
  await expect(box).toHaveCSS('stroke', 'rgb(192, 38, 211)');
}

test('after "+", a double-click, the + key or a search, the graph rings the block the panel shows', async ({ page }) => {
  await openModel(page, 'model=resnet50');
  await node(page, 'layer2.2').locator('[data-expand]').click();
  await expect(node(page, 'layer2.2.relu')).toBeVisible();
  await agree(page, 'layer2.2');

  await node(page, 'layer3.2').focus();
  await node(page, 'layer3.2').dblclick();
  await agree(page, 'layer3.2');

  await node(page, 'layer1.1').focus();
  await page.keyboard.press('+');
  await agree(page, 'layer1.1');

  // Collapsed again with its box's "−": the block is one node again, and still the selection.
  await graph(page).locator('[data-collapse="layer1.1"]').click();
  await expect(node(page, 'layer1.1')).toHaveClass(/selected/);
  await poll(() => ringed(page)).toEqual(['layer1.1']);

  // A block found by name is expanded and selected as the block; a layer found by name is that layer.
  const find = page.getByLabel('Find layer');
  await find.fill('layer3.0');
  await find.press('Enter');
  await expect(node(page, 'layer3.0.conv1')).toBeVisible();
  await agree(page, 'layer3.0');
  await find.fill('layer4.1.conv2');
  await find.press('Enter');
  await expect(page.getByTestId('layer-details').getByRole('heading', { level: 2 })).toHaveText('layer4.1.conv2');
  await poll(() => ringed(page)).toEqual(['layer4.1.conv2']);
});

test.describe('touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a finger on a node shows no hover tooltip, during the touch or after it', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const box = (await node(page, 'conv1').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const at = [{ x: box.x + box.width / 2, y: box.y + box.height / 2, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at });
    // Held: a hover tooltip would have shown by now (React renders within a frame).
    await page.waitForTimeout(300);
    await expect(page.getByRole('tooltip')).toHaveCount(0);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // The tap selected the node, and left no tooltip.
    await expect(node(page, 'conv1')).toHaveClass(/selected/);
    await expect(page.getByRole('tooltip')).toHaveCount(0);
  });
});
