import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseSpec } from '../src/core';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { serializeSpec } from '../src/state/urlState';
import { PARITY, PARITY_DIR, paritySpec } from '../tests/parity';
import type {} from '../src/consoleApi';
import { CHROMIUM_ARGS, systemChromium } from './chromium';
import { openModel } from './helpers';
import { relativeError } from '../tests/parity';


// Chromium offers WebGPU here only with this flag, and then on SwiftShader (a software adapter).
test.use({ launchOptions: { executablePath: systemChromium, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

test("never picks a software adapter by itself; on WebGPU both paths reproduce PyTorch's outputs within 1e-4", async ({ page }) => {
  const key = 'tiny-bottleneck';
  const parsed = parseSpec(paritySpec(PARITY[key]));
  if (!parsed.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(parsed.value).toString());
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean } } | null> } }).gpu;
    const a = await gpu?.requestAdapter();
    return a ? { name: `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''}`.trim(), fallback: Boolean(a.isFallbackAdapter || a.info?.isFallbackAdapter) } : null;
  });
  if (!adapter) {
    const why = 'this Chromium offers no WebGPU adapter: the WebGPU parity test did not run';
    test.info().annotations.push({ type: 'no-webgpu', description: why });
    console.log(why);
    test.skip(true, why);
    return;
  }
  console.log(`WebGPU adapter: ${adapter.name}${adapter.fallback ? ' (fallback/software)' : ''}`);
  if (adapter.fallback || /swiftshader|llvmpipe/i.test(adapter.name)) await expect(page.getByTestId('backend')).not.toHaveText('webgpu');

  await page.getByLabel('Backend').selectOption('webgpu');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await page.getByLabel('Weights').setInputFiles({
    name: `${key}.weights.safetensors`,
    mimeType: 'application/octet-stream',
    buffer: readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR)),
  });
  await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${key}.weights.safetensors`);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  expect(await page.evaluate(() => window.resnetExplorer.runner.backendInUse())).toBe('webgpu');

  const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, PARITY_DIR))));
  const get = (n: string) => ({ values: Array.from(readFloat32(io, io.entries.get(n)!)), shape: io.entries.get(n)!.shape });
  const input = get('input');
  const stages = parsed.value.stages.map((s, i) => [`layer${i + 1}`, `layer${i + 1}.${s.blocks - 1}.relu#3`]);
  const probes: Record<string, string> = Object.fromEntries([['stem', 'maxpool'], ...stages, ['pooled', 'avgpool']]);
  for (const path of ['layers', 'fast'] as const) {
    const out = await page.evaluate(({ input, ids, path }) => window.resnetExplorer.runner.forwardRaw(input.values, input.shape, ids, path), { input, ids: Object.values(probes), path });
    for (const [name, id] of Object.entries(probes)) expect(relativeError(out.activations[id].values, get(`expected.${name}`).values), `${path} ${name}`).toBeLessThan(1e-4);
    expect(relativeError(out.logits.flat(), get('expected.logits').values), `${path} logits`).toBeLessThan(1e-4);
  }
});
