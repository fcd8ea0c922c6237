/**
 * Training on WebGPU in the training worker (`?trainbackend=webgpu`): the Train tab says where and why, and
 * one SGD step in the worker equals PyTorch's (the option A fixture of tests/fixtures/train-step) within
 * 1e-4. Chromium offers WebGPU here only with --enable-unsafe-webgpu, and then on SwiftShader; without an
 * adapter the test is skipped, saying why.
 */
import { expect, test } from '@playwright/test';
import type {} from '../src/consoleApi';
import { CHROMIUM_ARGS, systemChromium } from './chromium';
import { openModel } from './helpers';
import { fixtureStepsMatchPyTorch, trainingWorker, twoSmallRuns } from './trainGpu';

test.use({ launchOptions: { executablePath: systemChromium, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

test('trainbackend=webgpu: the worker trains on WebGPU, says so, and equals PyTorch within 1e-4', async ({ page }) => {
  test.setTimeout(480_000);
  await openModel(page, 'model=resnet20');
  const adapter = await page.evaluate(async () => Boolean(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
  if (!adapter) {
    const why = 'this Chromium offers no WebGPU adapter: the WebGPU training test did not run';
    test.info().annotations.push({ type: 'no-webgpu', description: why });
    console.log(why);
    test.skip(true, why);
    return;
  }
  // One long run, paused at once: WebGPU on SwiftShader is very slow, and a run's end evaluates the test set.
  await twoSmallRuns(page, '&trainbackend=webgpu', 300, { one: true });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('train-where')).toHaveText(/^Training runs in a background worker \(WebGPU\), so the page stays responsive\. The link asks for WebGPU \(trainbackend=webgpu\); it runs on .+\.$/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click({ timeout: 240_000 });
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'paused', { timeout: 120_000 });
  // The option A net (the richest: both convolution gradients, batch norm, the zero-pad shortcut): each fixture
  // costs about a minute of shader compiling on SwiftShader's WebGPU.
  await fixtureStepsMatchPyTorch(trainingWorker(page), 'webgpu', ['cifar-resnet8-A']);
});
