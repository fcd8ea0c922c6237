import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseSpec } from '../src/core';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { serializeSpec } from '../src/state/urlState';
import { PARITY, PARITY_DIR, paritySpec } from '../tests/parity';
import { openOrtPage, runOrt, serveOrt } from '../bench/ortPage';
import type {} from '../src/consoleApi';
import { openModel } from './helpers';
import { relativeError } from '../tests/parity';

test("Export → ONNX model writes a file that ONNX Runtime Web runs to the app's logits", async ({ page, context }) => {
  // A batch of two: the file's batch dimension is free.
  const key = 'tiny-bottleneck';
  const parsed = parseSpec(paritySpec(PARITY[key]));
  if (!parsed.ok) throw new Error('fixture');
  await openModel(page, serializeSpec(parsed.value).toString());
  await page.getByLabel('Weights').setInputFiles({
    name: `${key}.weights.safetensors`,
    mimeType: 'application/octet-stream',
    buffer: readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR)),
  });
  await expect(page.getByTestId('weights-status')).toContainText(`Trained weights from ${key}.weights.safetensors`);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'ONNX model' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.onnx$/);
  const file = new Uint8Array(readFileSync((await download.path())!));

  const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, PARITY_DIR))));
  const get = (n: string) => ({ values: Array.from(readFloat32(io, io.entries.get(n)!)), shape: io.entries.get(n)!.shape });
  const input = get('input');
  expect(input.shape[0]).toBe(2);
  const app = await page.evaluate((input) => window.resnetExplorer.runner.forwardRaw(input.values, input.shape), input);

  const server = await serveOrt();
  server.addModel(key, file);
  const ortPage = await context.newPage();
  const ort = await openOrtPage(ortPage, server)
    .then(() => runOrt(ortPage, key, input, 0, 1))
    .finally(() => server.stop());
  const appLogits = app.logits.flat();
  expect(ort.logits.length).toBe(appLogits.length);
  expect(relativeError(ort.logits, appLogits)).toBeLessThan(1e-4);
  expect(relativeError(ort.logits, get('expected.logits').values)).toBeLessThan(1e-4);
});
