import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import type {} from '../src/consoleApi';
import { node, openModel } from './helpers';

const edges = (page: Page, kind: string) => page.locator(`[data-testid="architecture-graph"] path.edge.${kind}`);
const adds = (page: Page) => page.locator('[data-testid="architecture-graph"] .node.Add');

test('Plain-56 and ResNet-56 from the form: 853,018 parameters each, skip edges only on the residual one; the URL carries the fields', async ({ page }) => {
  await openModel(page, 'model=resnet18');
  const preset = page.getByLabel('Preset');
  await expect(preset.locator('optgroup[label="CIFAR (He et al. 2016)"] option')).toHaveText([
    'ResNet-20', 'ResNet-32', 'ResNet-44', 'ResNet-56', 'ResNet-110', 'Plain-20', 'Plain-32', 'Plain-44', 'Plain-56',
  ]);

  await preset.selectOption({ label: 'Plain-56' });
  await expect(page).toHaveURL(/[?&]model=plain56(&|$)/);
  await expect(page.getByTestId('total-params')).toHaveText('853,018');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(node(page, 'layer3.8.conv2')).toHaveAttribute('data-shape', '64×8×8');
  await expect(node(page, 'conv1')).toHaveAttribute('data-shape', '16×32×32');
  await expect(adds(page)).toHaveCount(0);
  for (const kind of ['identity', 'projection', 'zeropad']) await expect(edges(page, kind)).toHaveCount(0);
  await expect(page.getByLabel('Shortcuts')).toHaveValue('plain');
  await expect(page.getByLabel('Shortcut option')).toBeDisabled();

  await preset.selectOption({ label: 'ResNet-56' });
  await expect(page).toHaveURL(/[?&]model=resnet56(&|$)/);
  await expect(page.getByTestId('total-params')).toHaveText('853,018');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(adds(page)).toHaveCount(27);
  await expect(edges(page, 'identity')).toHaveCount(25);
  await expect(edges(page, 'zeropad')).toHaveCount(2);
  await expect(edges(page, 'projection')).toHaveCount(0);
  await expect(node(page, 'layer2.0.downsample.0')).toHaveCount(0);
  await expect(page.locator('[data-testid="architecture-graph"] text.edge-label')).toHaveText(['zero-pad, /2', 'zero-pad, /2']);
  await expect(page.getByLabel('Shortcut option')).toHaveValue('A');

  // Option B: the same net with projections; the URL now spells the fields out.
  await page.getByLabel('Shortcut option').selectOption('B');
  await expect(page.getByTestId('total-params')).toHaveText('855,770');
  await expect(page).toHaveURL(/[?&]model=custom(&|$)/);
  await expect(page).toHaveURL(/[?&]shortcut=B(&|$)/);
  await expect(page).toHaveURL(/[?&]residual=1(&|$)/);
  await expect(node(page, 'layer2.0.downsample.0')).toHaveAttribute('data-shape', '32×16×16');
  await expect(edges(page, 'zeropad')).toHaveCount(0);

  await page.getByLabel('Shortcuts').selectOption('plain');
  await expect(page).toHaveURL(/[?&]residual=0(&|$)/);
  await expect(adds(page)).toHaveCount(0);
  await expect(page.getByTestId('total-params')).toHaveText('853,018');

  // The link restores the model, fields and all.
  await page.reload();
  await expect(page.getByTestId('total-params')).toHaveText('853,018');
  await expect(page.getByLabel('Shortcuts')).toHaveValue('plain');
  await expect(page.getByLabel('Shortcut option')).toHaveValue('B');
  await page.goBack();
  await expect(page.getByLabel('Shortcuts')).toHaveValue('residual');
  await expect(page.getByTestId('total-params')).toHaveText('855,770');
});

test('option A weights from PyTorch: the CIFAR architecture is offered, loaded, and computes PyTorch\'s outputs on WebAssembly and WebGL', async ({ page }) => {
  const dir = new URL('../tests/fixtures/cifar-parity/', import.meta.url);
  const ready = () => expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await openModel(page, 'model=resnet18');
  await ready();
  const name = 'cifar-optionA.weights.safetensors';
  await page.getByLabel('Weights').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: readFileSync(new URL(name, dir)) });
  const problem = page.getByTestId('weights-problem');
  await expect(problem).toContainText(`${name} was not loaded`);
  await problem.getByRole('button', { name: /^Switch to .* and load it$/ }).click();
  await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${name}`);
  // No downsample keys: option A; a 3x3 stem: the CIFAR stem (stride 1, no max-pool, 32x32).
  const query = new URL(page.url()).searchParams;
  expect(Object.fromEntries(['shortcut', 'residual', 'stem', 'stages', 'input', 'classes'].map((k) => [k, query.get(k)]))).toEqual({
    shortcut: 'A', residual: '1', stem: '3-1-5-0', stages: '2-5-1,2-12-2,2-24-2', input: '3x32x32', classes: '10',
  });
  await expect(edges(page, 'zeropad')).toHaveCount(2);

  const io = parseSafetensors(new Uint8Array(readFileSync(new URL('cifar-optionA.io.safetensors', dir))));
  const get = (n: string) => ({ values: Array.from(readFloat32(io, io.entries.get(n)!)), shape: io.entries.get(n)!.shape });
  const input = get('input');
  const expected = get('expected.logits').values;
  for (const backend of ['wasm', 'webgl']) {
    if (backend !== 'wasm') {
      await page.getByLabel('Backend').selectOption(backend);
      await expect(page.getByTestId('backend')).toHaveText(backend);
    }
    await ready();
    await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${name}`);
    const logits = (await page.evaluate((x) => window.resnetExplorer.runner.forwardRaw(x.values, x.shape), input)).logits.flat();
    let diff = 0;
    expected.forEach((v, i) => (diff = Math.max(diff, Math.abs(logits[i] - v))));
    expect(diff / Math.max(...expected.map(Math.abs)), backend).toBeLessThan(1e-4);
  }
});
