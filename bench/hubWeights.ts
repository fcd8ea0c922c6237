/**
 * ImageNet weights loaded from the browser's store, ResNet-50: the time from pressing *Load ImageNet weights*
 * with the set already stored to the weights in the model (read from Cache Storage, checked whole, model built
 * with them and warmed up). The stored set is a real-shaped stand-in, the app's own *Save weights* of a ResNet-50,
 * stored under the Hub's real URL for IMAGENET1K_V2; any request to the Hub fails the benchmark.
 */
import type { Page } from '@playwright/test';
import type {} from '../src/consoleApi';
import { pretrainedFor, pretrainedLabel } from '../src/core/pretrained';
import { median, type Figure } from './stats';

const PRESS_AND_WAIT = () =>
  new Promise<number>((resolve, reject) => {
    const { runner } = window.resnetExplorer;
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Load ImageNet weights' && b.offsetParent !== null);
    if (!button) return reject(new Error('no Load ImageNet weights button'));
    const t0 = performance.now();
    const done = () => {
      const s = runner.getState();
      if (s.status !== 'ready' || s.weights.kind !== 'file') return;
      off();
      resolve(performance.now() - t0);
    };
    const off = runner.subscribe(done);
    button.click();
  });

export async function cachedWeightsFigures(page: Page, url: string, runs: number): Promise<Figure[]> {
  const v2 = pretrainedFor('resnet50').find((w) => w.weights === 'IMAGENET1K_V2')!;
  let requests = 0;
  await page.route('https://huggingface.co/**', (route) => {
    requests++;
    return route.abort();
  });
  const ready = () => page.waitForFunction(() => window.resnetExplorer?.runner.getState().status === 'ready', undefined, { timeout: 600_000, polling: 50 });
  await page.goto(`${url}/?model=resnet50`);
  await ready();
  await page.evaluate(
    async ({ url, name }) => {
      const { runner, remote } = window.resnetExplorer;
      for (const w of remote.getState().stored) await remote.delete(w.url);
      await remote.store.put(url, name, await runner.saveWeights());
      await remote.refresh();
    },
    { url: v2.url, name: pretrainedLabel(v2) },
  );
  const times: number[] = [];
  const n = Math.min(runs, 5);
  for (let i = 0; i < n; i++) {
    // A new visit: the page knows nothing but what the browser stored.
    await page.goto(`${url}/?model=resnet50`);
    await ready();
    await page.waitForFunction(() => window.resnetExplorer.remote.getState().stored.length === 1);
    times.push(await page.evaluate(PRESS_AND_WAIT));
  }
  const backend = await page.evaluate(() => window.resnetExplorer.runner.getState().backend);
  await page.evaluate(async () => {
    const remote = window.resnetExplorer.remote;
    for (const w of remote.getState().stored) await remote.delete(w.url);
  });
  await page.unroute('https://huggingface.co/**');
  if (requests) throw new Error(`loading stored weights made ${requests} requests to the Hub`);
  return [
    {
      name: `ImageNet weights load from the browser's store, ResNet-50 (${backend})`,
      value: median(times),
      unit: 'ms',
      runs: n,
      note: 'press Load ImageNet weights with the set stored → weights checked and in the built model',
    },
  ];
}
