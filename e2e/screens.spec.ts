/**
 * What a newcomer trips on, screen by screen. A phone (390×844, touch): nothing sits on the graph's nodes, the
 * tour leaves no blank band above the graph, Fit to screen keeps labels readable with no stage name over a node,
 * the bottom tabs' words stay apart, the header shows the parameter count (and an edit changes it), the zoom
 * buttons are hidden in every language, a run's stage labels never collide. A desktop (1440×900): the header's
 * summary is whole, a thumbnail never hides a conv's output shape, "100.0%" stays on one line, Fit to screen of
 * a five-stage net is readable, and sizes read height × width everywhere.
 */
import { expect, test, type Page } from '@playwright/test';
import { expandSpec } from '../src/core/graph';
import { parseSpec } from '../src/core/validate';
import { stateDictSchema } from '../src/core/stateDict';
import { writeSafetensors, type TensorToWrite } from '../src/runtime/weights/safetensors';
import type {} from '../src/consoleApi';
import { clickNode, node, openModel } from './helpers';
import { poll } from './poll';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const graph = (page: Page) => page.getByTestId('architecture-graph');
const scale = async (page: Page) => Number(await graph(page).getAttribute('data-scale'));

/** Nodes wholly in the canvas whose centre or an inset corner is covered by something else. */
const coveredNodes = (page: Page) =>
  graph(page).evaluate((svg) => {
    const c = svg.getBoundingClientRect();
    const out: string[] = [];
    for (const n of svg.querySelectorAll<SVGGElement>('.node')) {
      const r = n.getBoundingClientRect();
      if (r.top < c.top || r.bottom > c.bottom || r.left < c.left || r.right > c.right) continue;
      const points = [
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + 3, r.top + 3],
        [r.right - 3, r.top + 3],
        [r.left + 3, r.bottom - 3],
        [r.right - 3, r.bottom - 3],
      ];
      for (const [x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !n.contains(hit)) out.push(`${n.dataset.key} under ${hit?.tagName.toLowerCase()}.${hit?.getAttribute('class') ?? ''}`);
      }
    }
    return out;
  });

/** The group titles on screen that lie over a node. */
const titlesOverNodes = (page: Page) =>
  graph(page).evaluate((svg) => {
    const nodes = [...svg.querySelectorAll('.node')].map((n) => n.getBoundingClientRect());
    const over = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return [...svg.querySelectorAll<SVGTextElement>('.group text.title, .group text.title-far')]
      .filter((t) => t.checkVisibility() && t.getBoundingClientRect().width > 0)
      .filter((t) => nodes.some((r) => over(t.getBoundingClientRect(), r)))
      .map((t) => t.textContent);
  });

/** The text boxes of the elements a locator finds, as drawn (a Range around each one's text). */
const textBoxes = (els: Element[]) =>
  els.map((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const r = range.getBoundingClientRect();
    return { text: e.textContent!.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });

test.describe('phone 390×844', () => {
  test.use(PHONE);

  test('the graph: no node covered, Fit readable with no stage name over a node, tabs apart, the summary in the header', async ({ page }) => {
    await openModel(page, 'model=resnet18');
    const tabs = page.getByRole('tablist', { name: 'Views' });
    // The bottom tabs: each word inside its tab, and apart from its neighbour's.
    const words = await tabs.getByRole('tab').evaluateAll(textBoxes);
    expect(words.map((w) => w.text)).toEqual(['Build', 'Graph', 'Model', 'Run', 'Compare', 'Train', 'Lab']);
    for (let i = 1; i < words.length; i++) expect(words[i].left - words[i - 1].right, `${words[i - 1].text} | ${words[i].text}`).toBeGreaterThanOrEqual(8);

    // From the input to the head, the way a thumb scrolls: no node is covered by anything (the minimap).
    for (let step = 0; step < 12; step++) {
      expect(await coveredNodes(page)).toEqual([]);
      const fc = (await node(page, 'fc').boundingBox())!;
      const canvas = (await graph(page).boundingBox())!;
      if (fc.y + fc.height <= canvas.y + canvas.height) break;
      await graph(page).evaluate((svg) => svg.dispatchEvent(new WheelEvent('wheel', { deltaY: svg.clientHeight * 0.6, bubbles: true, cancelable: true })));
    }

    // Fit to screen: labels drawn at a readable size, no stage name over a node.
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await poll(() => scale(page)).toBeGreaterThanOrEqual(0.6);
    await expect(graph(page).locator('[data-viewport]')).not.toHaveClass(/lod-far/);
    // Once the Fit's zoom has settled (the scale passes 0.6 on its way there).
    await poll(() => titlesOverNodes(page)).toEqual([]);
    await poll(() => coveredNodes(page)).toEqual([]);

    // The header names the model and its parameters; an edit in the Build pane changes them where they show.
    const summary = page.getByTestId('model-summary');
    await expect(summary).toBeInViewport({ ratio: 1 });
    await expect(summary).toContainText('11.7 M params');
    await tabs.getByRole('tab', { name: 'Build' }).click();
    await page.getByLabel('Classes').fill('10');
    await expect(summary).toContainText('11.2 M params');
    await expect(summary).toBeInViewport({ ratio: 1 });

    // In Korean the zoom buttons are hidden too (by class, not by their English names): the toolbar keeps two rows.
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('tablist', { name: '보기' }).getByRole('tab', { name: '그래프' }).click();
    await expect(page.getByRole('button', { name: '화면에 맞추기' })).toBeVisible();
    await expect(page.getByRole('button', { name: '확대', exact: true })).toBeHidden();
    await expect(page.getByRole('button', { name: '축소', exact: true })).toBeHidden();
    const rows = await page
      .locator('.graph-toolbar')
      .locator(':scope > *:visible')
      .evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top / 20))).size);
    expect(rows).toBe(2);
  });

  test.describe('the tour', () => {
    test.use({ storageState: { cookies: [], origins: [] } });

    test('starts with the graph at the top of its canvas, no blank band above the input', async ({ page }) => {
      await openModel(page, 'model=resnet50');
      await expect(page.getByTestId('tour')).toContainText('The stem');
      await expect(node(page, 'conv1')).toHaveClass(/selected/);
      await expect
        .poll(async () => (await node(page, 'input').boundingBox())!.y - (await graph(page).boundingBox())!.y)
        .toBeLessThan(40);
    });
  });

  test('a run: stage output shapes and the residual chart’s stage names never touch', async ({ page }) => {
    // Light, with one short stage beside long ones (as ResNet-101's layer1 beside layer2).
    await openModel(page, 'model=custom&block=bottleneck&stages=3-8-1,4-16-2,23-16-2,3-32-2&groups=1&wpg=64&stride=v1.5&shortcut=B&residual=1&stem=7-2-16-1&input=3x96x96&classes=10');
    await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Cat' }).click();
    await expect(page.getByTestId('residual-contribution')).toBeVisible({ timeout: 90_000 });
    const apart = (boxes: { text: string; left: number; right: number; top: number; bottom: number }[], gap: number) => {
      const clashes: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const sameLine = a.top < b.bottom && b.top < a.bottom;
          if (sameLine && a.left < b.right + gap && b.left < a.right + gap) clashes.push(`${a.text} | ${b.text}`);
        }
      return clashes;
    };
    expect(apart(await page.locator('.stage-maps figcaption').evaluateAll(textBoxes), 6)).toEqual([]);
    expect(apart(await page.getByTestId('residual-contribution').locator('text').evaluateAll(textBoxes), 2)).toEqual([]);
    // Every stage is named, inside the chart.
    const chart = (await page.getByTestId('residual-contribution').boundingBox())!;
    const names = await page.getByTestId('residual-contribution').locator('.stage-span text').evaluateAll(textBoxes);
    expect(names.map((n) => n.text)).toEqual(['layer1', 'layer2', 'layer3', 'layer4']);
    for (const n of names) expect(n.right).toBeLessThanOrEqual(chart.x + chart.width + 0.5);
  });
});

test.describe('desktop 1440×900', () => {
  test('the header’s summary is whole, in English and Korean; Fit to screen of a five-stage net is readable', async ({ page }) => {
    const whole = () => page.getByTestId('model-summary').evaluate((e) => e.scrollWidth <= e.clientWidth && e.getClientRects().length === 1);
    await openModel(page, 'model=wide_resnet101_2');
    expect(await whole()).toBe(true);
    await page.getByLabel('Language').selectOption('ko');
    expect(await whole()).toBe(true);
    await page.getByLabel(/\(Language\)/).selectOption('en');

    await openModel(page, 'model=custom&block=bottleneck&stages=3-64-1,4-128-2,6-256-2,3-512-2,3-512-2&groups=1&wpg=64&stride=v1.5&shortcut=B&residual=1&stem=7-2-64-1&input=3x224x224&classes=1000');
    await expect(page.getByTestId('model-summary')).toContainText('43.1 M params');
    expect(await whole()).toBe(true);
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await poll(() => scale(page)).toBeGreaterThanOrEqual(0.6);
    // Its width fits, it starts at the top, and the rest is a scroll away.
    const canvas = (await graph(page).boundingBox())!;
    const input = (await node(page, 'input').boundingBox())!;
    expect(input.y - canvas.y).toBeLessThan(40);
    expect(input.x).toBeGreaterThanOrEqual(canvas.x);
  });

  test('sizes read height × width; after a run a thumbnail never hides a conv’s output shape', async ({ page }) => {
    // Not square, as the 3×197×251.
    await openModel(page, 'model=resnet18&input=3x197x251');
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Cat' }).click();
    // chelsea.png is 451 wide and 300 tall; the crop is the model's input, 197 high and 251 wide.
    await expect(page.getByTestId('preprocess')).toContainText('chelsea.png: 300×451 →');
    await expect(page.getByTestId('preprocess')).toContainText('centre crop 197×251');
    await expect(graph(page).locator('[data-thumb]').first()).toBeAttached({ timeout: 90_000 });
    for (const key of ['conv1', 'layer2.0.conv1', 'layer3.0.downsample.0', 'layer4.1.conv2']) {
      await clickNode(page, key);
      const n = node(page, key);
      await expect(n).toHaveAttribute('data-thumb', /./);
      const shape = n.locator('text.shape');
      await expect(shape).toHaveText((await n.getAttribute('data-shape'))!);
      // Drawn, and clear of the label.
      const [s, l] = [(await shape.boundingBox())!, (await n.locator('text.label').boundingBox())!];
      expect(s.width).toBeGreaterThan(0);
      expect(s.x >= l.x + l.width || s.y >= l.y + l.height, key).toBe(true);
    }
  });

  test('a certain prediction reads "100.0%" on one line, in Korean too', async ({ page }) => {
    // A small ten-class model whose classifier says class 3 whatever it sees.
    const query = 'model=custom&block=basic&stages=1-8-1,1-16-2&groups=1&wpg=64&stride=v1.5&shortcut=B&residual=1&stem=3-1-8-0&input=3x32x32&classes=10';
    const spec = parseSpec({ block: 'basic', stages: [{ blocks: 1, width: 8, stride: 1 }, { blocks: 1, width: 16, stride: 2 }], groups: 1, widthPerGroup: 64, stridePlacement: 'v1.5', shortcut: 'B', residual: true, stem: { kernel: 3, stride: 1, width: 8, maxPool: false }, input: { channels: 3, height: 32, width: 32 }, numClasses: 10 });
    if (!spec.ok) throw new Error('spec');
    const tensors: TensorToWrite[] = stateDictSchema(expandSpec(spec.value)).map((p) => {
      const n = p.shape.reduce((a, b) => a * b, 1);
      const data = p.dtype === 'I64' ? BigInt64Array.from([0n]) : new Float32Array(n).fill(p.role === 'bn.weight' || p.role === 'bn.running_var' ? 1 : 0);
      if (p.key === 'fc.bias') (data as Float32Array)[3] = 40;
      return { name: p.key, dtype: p.dtype, shape: p.shape, data };
    });
    const file = Buffer.from(writeSafetensors(tensors, { format: 'pt' }));
    await page.addInitScript(() => localStorage.setItem('resnet-explorer.lang', 'ko'));
    await openModel(page, query);
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
    await page.locator('#weights-input').setInputFiles({ name: 'certain.safetensors', mimeType: 'application/octet-stream', buffer: file });
    await expect(page.getByTestId('weights-status')).toContainText('certain.safetensors');
    await page.locator('#tab-run').click();
    await page.locator('.sample').first().click();
    const prob = page.getByTestId('predictions').locator('.prob').first();
    await expect(prob).toHaveText('100.0%', { timeout: 60_000 });
    // One line box: the figure did not wrap.
    const lines = await prob.evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
  });
});
