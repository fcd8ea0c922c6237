import { expect, test, type Page } from '@playwright/test';
import { analyzeSpec, formatShape, presetSpec } from '../src/core';
import { node, openModel } from './helpers';
import { poll } from './poll';

const graph = (page: Page) => page.getByTestId('architecture-graph');
const scale = async (page: Page) => Number(await graph(page).getAttribute('data-scale'));
const viewport = (page: Page) => graph(page).locator('[data-viewport]').getAttribute('transform');

/*
 * "Readable" at fit: every stage's name is drawn at least 12 px tall on screen (the app's smallest text), and
 * the drawing is at least 0.15 of its size — a layer node (220×30) is then ≥ 33×4.5 px, enough to see each
 * layer's colour and to aim at it. Drawn as one column, ResNet-152 fully expanded fits at 0.03 (a 3%-wide strip);
 * ResNet-152 has so many layers that no arrangement of nodes this size fits a 1440×900 window above ~0.21.
 */
const READABLE_SCALE = 0.15;

test('Fit to screen on ResNet-152 fully expanded folds it into columns, every stage named in readable text', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await poll(() => scale(page)).toBeGreaterThanOrEqual(READABLE_SCALE);
  const svg = (await graph(page).boundingBox())!;
  const [w, h] = [Number(await graph(page).getAttribute('data-width')), Number(await graph(page).getAttribute('data-height'))];
  // Wider than tall: folded, not a strip.
  expect(w / h).toBeGreaterThan(0.7);
  const k = await scale(page);
  // Whole: the drawing fits the canvas.
  expect(w * k).toBeLessThanOrEqual(svg.width);
  expect(h * k).toBeLessThanOrEqual(svg.height);
  for (const stage of ['Stem', 'layer1', 'layer2', 'layer3', 'layer4', 'Head']) {
    const title = graph(page).locator('.group text.title-far', { hasText: new RegExp(`^${stage}$`) }).first();
    const box = (await title.boundingBox())!;
    expect(box.height, stage).toBeGreaterThanOrEqual(12);
    expect(box.x).toBeGreaterThanOrEqual(svg.x - 1);
    expect(box.y + box.height).toBeLessThanOrEqual(svg.y + svg.height + 1);
  }
  await expect(graph(page).locator('.group text.title-far', { hasText: 'layer3 (cont.)' }).first()).toBeVisible();

  // An edit moves most of the folded drawing (nodes and edges that only moved are moved outside React's render):
  // every node and edge ends where a fresh drawing of the edited model puts it. Back undoes the edit.
  const places = () =>
    graph(page).evaluate((svg) => [
      ...[...svg.querySelectorAll('.nodes > [data-key]')].map((n) => `${n.getAttribute('data-key')} ${n.getAttribute('transform')}`),
      ...[...svg.querySelectorAll('.edges > path')].map((e) => `${e.getAttribute('data-edge-key')} ${e.getAttribute('d')}`),
    ]);
  await page.getByLabel('Stage 3 blocks').fill('35');
  await page.getByLabel('Stage 3 blocks').blur();
  await expect(graph(page).locator('[data-key="layer3.35.conv3"]')).toHaveCount(0);
  const edited = await places();
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.getByRole('button', { name: 'Expand all' }).click();
  await poll(places).toEqual(edited);
  await poll(() => page.evaluate(() => new URLSearchParams(location.search).get('model'))).toBe('custom');
  await page.goBack();
  await expect(page.getByLabel('Stage 3 blocks')).toHaveValue('36');
  expect(await page.evaluate(() => new URLSearchParams(location.search).get('model'))).toBe('resnet152');
});

test('the first view starts at the top of the content; the wheel pans, Ctrl + wheel zooms, a tooltip goes when the view moves', async ({ page }) => {
  await openModel(page, 'model=resnet152');
  const svg = (await graph(page).boundingBox())!;
  const input = (await node(page, 'input').boundingBox())!;
  // No blank band above the input: it sits within the top margin.
  expect(input.y - svg.y).toBeLessThan(40);

  await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2);
  const k0 = await scale(page);
  const before = await viewport(page);
  await page.mouse.wheel(0, 200);
  await poll(() => viewport(page)).not.toBe(before);
  // Panned up by 200 px, the scale unchanged.
  const [, , ty] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec((await viewport(page))!)!.map(Number);
  const [, , ty0] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(before!)!.map(Number);
  expect(ty0 - ty).toBeCloseTo(200, 0);
  expect(await scale(page)).toBe(k0);

  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  // One notch in: about 15 %.
  await poll(() => scale(page)).toBeGreaterThan(k0 * 1.1);
  expect(await scale(page)).toBeLessThan(k0 * 1.25);

  await node(page, 'layer2').hover();
  // The stage's name and output shape, as the core computes it.
  const layer2 = analyzeSpec(presetSpec('resnet152')).layers.filter((l) => l.layer.name.startsWith('layer2.')).at(-1)!;
  await expect(page.getByRole('tooltip')).toContainText(new RegExp(`^layer2\\b.*${formatShape(layer2.outShape)}`));
  await page.mouse.wheel(0, 120);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
});

test('the selection colour is one no legend category uses', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  await node(page, 'fc').focus();
  await page.keyboard.press('Enter');
  const colours = await page.evaluate(() => {
    const css = getComputedStyle(document.documentElement);
    const kinds = ['Conv2d', 'BatchNorm2d', 'ReLU', 'MaxPool2d', 'Add', 'AdaptiveAvgPool2d', 'Linear', 'Block', 'Stage', 'Input'];
    const selected = getComputedStyle(document.querySelector('[data-key="fc"] rect.body')!).stroke;
    const probe = document.createElement('i');
    document.body.append(probe);
    const legend = [...kinds.map((k) => `--c-${k}`), '--g-identity', '--g-projection'].map((v) => {
      probe.style.color = css.getPropertyValue(v);
      return getComputedStyle(probe).color;
    });
    probe.remove();
    return { selected, legend };
  });
  expect(colours.legend).toHaveLength(12);
  expect(colours.legend).not.toContain(colours.selected);
  expect(colours.selected).toBe('rgb(192, 38, 211)');
});
