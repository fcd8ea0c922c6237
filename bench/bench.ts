/**
 * `npm run bench [-- --out FILE] [--runs N] [--gpu] [--only GROUPS] [--against DIR]`: drives the built app in Chromium and prints medians
 * over repeated runs (`--only layout,pth,preprocess,graph,drop,thumbnails,build,runtime,race,compare,training,lesson,weights,lab` picks sections; all by default;
 * `--only training-profile` prints the kernels of one ResNet-20 training step instead, `--only kernels` the fast
 * path's convolutions against ONNX Runtime Web's; `--lesson-hold S` watches the lesson's verdict for S seconds after
 * it first holds, 60 by default).
 * Build first (`npm run bench` does). `--gpu` keeps Chromium's GPU on, for a machine with
 * a real one; by default the GPU is off and WebGL is software-rendered (SwiftShader). `--against DIR` also
 * measures another build of the app (`vite build --outDir DIR` of an older commit), each section on it just
 * before this one, its figures marked "before:" — side by side on a shared machine.
 */
import { writeFileSync } from 'node:fs';
import { parseFlags, runCli } from '../cli/args';
import { launchBrowser, startPreview } from './browser';
import { graphFigures } from './graph';
import { cachedWeightsFigures } from './hubWeights';
import { compareFigures } from './compare';
import { dropFigures } from './inference';
import { labFigures } from './lab';
import { layoutFigures } from './layout';
import { preprocessFigures } from './preprocess';
import { kernelProfile } from './kernels';
import { pthFigures } from './pth';
import { raceFigures } from './race';
import { buildFigures, runtimeFigures } from './runtime';
import { thumbnailFigures } from './thumbnails';
import { lessonFigures } from './lesson';
import { trainingFigures, trainingProfile } from './training';
import { goalText, type Figure } from './stats';

void runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), ['out', 'runs', 'port', 'only', 'against', 'lesson-hold'], ['gpu']);
  const runs = Number(flags.get('runs') ?? 7);
  const only = flags.get('only');
  const wanted = (group: string) => typeof only !== 'string' || only.split(',').includes(group);
  const port = Number(flags.get('port') ?? 4188);
  const preview = await startPreview(port);
  const against = flags.get('against');
  const before = typeof against === 'string' ? await startPreview(port + 1, against) : null;
  /** A section on the other build (if any), then on this one. */
  const both = async (section: (url: string) => Promise<Figure[]>): Promise<Figure[]> => [
    ...(before ? (await section(before.url)).map((f) => ({ ...f, name: `before: ${f.name}` })) : []),
    ...(await section(preview.url)),
  ];
  const browser = await launchBrowser(flags.has('gpu'));
  const figures: Figure[] = [...(wanted('layout') ? layoutFigures() : []), ...(wanted('pth') ? pthFigures() : []), ...(wanted('preprocess') ? preprocessFigures() : [])];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx compiles with esbuild's keep-names, whose helper the functions sent to the page refer to.
    await page.addInitScript('window.__name = (f) => f');
    // Peak JS heap and tensor memory, sampled through every page the benchmark opens.
    await page.addInitScript(`
      window.__peak = { heap: 0, tensors: 0 };
      setInterval(() => {
        const m = performance.memory;
        if (m) window.__peak.heap = Math.max(window.__peak.heap, m.usedJSHeapSize);
        const tf = window.resnetExplorer && window.resnetExplorer.tf;
        // This page's tensors, plus the live model's worker's (as it last reported them).
        const live = window.resnetExplorer && window.resnetExplorer.runner.getState();
        const worker = live && live.thread === 'worker' ? live.memory.numBytes : 0;
        if (tf) window.__peak.tensors = Math.max(window.__peak.tensors, tf.memory().numBytes + worker);
        const all = JSON.parse(sessionStorage.getItem('peak') || '{"heap":0,"tensors":0}');
        sessionStorage.setItem('peak', JSON.stringify({ heap: Math.max(all.heap, window.__peak.heap), tensors: Math.max(all.tensors, window.__peak.tensors) }));
      }, 50);
    `);
    if (wanted('graph')) figures.push(...(await both((url) => graphFigures(page, url, runs))));
    if (wanted('drop')) figures.push(...(await both((url) => dropFigures(page, url, runs))));
    if (wanted('thumbnails')) figures.push(...(await both((url) => thumbnailFigures(page, url, runs))));
    if (wanted('build')) figures.push(...(await both((url) => buildFigures(page, url, runs))));
    if (wanted('runtime')) figures.push(...(await both((url) => runtimeFigures(page, url, runs))));
    if (wanted('race')) figures.push(...(await both((url) => raceFigures(browser, url, runs))));
    if (wanted('compare')) figures.push(...(await both((url) => compareFigures(page, url, runs))));
    if (wanted('training')) figures.push(...(await trainingFigures(page, preview.url, runs)));
    if (wanted('lesson')) figures.push(...(await lessonFigures(page, preview.url, Number(flags.get('lesson-hold') ?? 60))));
    // Only when asked for by name: the kernels of one training step, as Markdown (bench/TRAINING-PROFILE.md).
    if (typeof only === 'string' && only.split(',').includes('training-profile')) console.log(await trainingProfile(page, preview.url));
    // Only when asked for by name: the fast path's convolutions against ONNX Runtime's, as Markdown (bench/KERNELS-PROFILE.md).
    if (typeof only === 'string' && only.split(',').includes('kernels')) console.log(await kernelProfile(browser, preview.url, runs));
    if (wanted('weights')) figures.push(...(await cachedWeightsFigures(page, preview.url, runs)));
    if (wanted('lab')) figures.push(...(await labFigures(page, preview.url, runs)));
    // The peaks are sampled on the main page; with only the race (own pages) it has opened nothing.
    if (page.url().startsWith('http')) {
      await page.waitForTimeout(200);
      const peak = await page.evaluate(() => JSON.parse(sessionStorage.getItem('peak') ?? '{"heap":0,"tensors":0}') as { heap: number; tensors: number });
      figures.push({ name: 'peak JS heap', value: peak.heap / 1e6, unit: 'MB', note: 'performance.memory, sampled every 50 ms' });
      figures.push({ name: 'peak tensor memory', value: peak.tensors / 1e6, unit: 'MB', note: 'tf.memory().numBytes, sampled every 50 ms' });
    }
  } finally {
    await browser.close();
    preview.stop();
    before?.stop();
  }
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) {
    // A figure that could not be measured (a backend this browser lacks) says why instead of "NaN".
    if (Number.isNaN(f.value)) {
      console.log(`${f.name.padEnd(width)}  ${'—'.padStart(9)} ${f.note ?? 'not measured'}`);
      continue;
    }
    const v = f.unit === 'ratio' ? f.value.toFixed(2) : f.unit === 'max rel. diff' ? f.value.toExponential(1) : f.value.toFixed(1);
    const goal = goalText(f);
    console.log(`${f.name.padEnd(width)}  ${v.padStart(9)} ${f.unit}${f.runs ? `  (median of ${f.runs})` : ''}${goal ? `  ${goal}` : ''}`);
  }
  const out = flags.get('out');
  if (typeof out === 'string') writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), figures }, null, 2)}\n`);
});
