/**
 * The Korean walk: switches to Korean, visits every view and state a user reaches — refusals and failures
 * included: a bogus .pth, a truncated safetensors file, a training set-up the trainer refuses, the model's worker
 * dying, the training worker dying — and at each stop collects every visible text (text nodes, SVG <text> and
 * <title> tooltips, title / aria-label / placeholder / alt, the options of visible selects) and fails listing
 * every English word that is not in the short glossary of names below.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KO } from '../src/i18n/ko';
import { clickNode, openModel } from './helpers';
import { tinyLibrary } from './tinyRuns';
import { poll } from './poll';

/** A Korean text the app shows, looked up in the app's own dictionary (so a missing entry fails here). */
function ko(en: string): string {
  const k = KO[en];
  if (!k) throw new Error(`no Korean for "${en}"`);
  return k;
}

/**
 * What may stay in Latin letters: names, and only names (the app's own messages, the runtime's included, are all
 * Korean), each for a reason:
 * - what torchvision / PyTorch / the paper call things, spelt as they do: module and op types (Conv2d, BatchNorm,
 *   BN, ReLU, MaxPool, Linear, Add, Sequential), block types, the model families (ResNet, ResNeXt, Wide ResNet,
 *   Plain-20), datasets (ImageNet, CIFAR, Fashion-MNIST), the weight sets (IMAGENET1K_V1), the optimizer (SGD),
 *   the authors cited (He, of "He 외 2016"; Xiao, Rasul and Vollgraf of Fashion-MNIST) and Zalando Research with
 *   its MIT licence, torchvision itself;
 * - units and metric names as papers print them: MACs, GMACs, fp32, MB, px, ms, top-1/top-5;
 * - formats, products and programs: ONNX, PyTorch, TensorFlow.js, safetensors, state_dict, JSON, CSV, SVG, PNG,
 *   Markdown, the Hugging Face Hub and its "resolve" links, the schemes https / http; the libraries whose models
 *   and preprocessing the app reads: timm, transformers (and its class ResNetForImageClassification), PIL;
 *   torchvision's weights' dataset tag IMAGENET1K; backends and hardware:
 *   WebGPU, WebGL, WebAssembly, wasm, CPU, GPU, SIMD, the renderer a GPU reports (SwiftShader), JavaScript;
 * - people and things the sample photos credit (Stefan van der Walt, Rachel Michetti, NASA, SpaceX; CC0), the
 *   app's name (ResNet Explorer), key names as printed on keys (Ctrl, Shift, Tab, Enter, Esc);
 * - the language picker's "English" (a language is named in its own language) and its label's "(Language)", so
 *   someone who cannot read Korean finds the way back.
 * Single letters never match (the formulas' F(x), x[:, :, ::2, ::2]); layer names (conv1, layer2.0.downsample.0,
 * fc, …) are removed before matching: they are the state_dict keys; so are addresses and file names (below).
 */
const GLOSSARY = new Set(
  (
    'Conv Conv2d BatchNorm BatchNorm2d BN ReLU MaxPool MaxPool2d AvgPool AdaptiveAvgPool2d Linear Add BasicBlock Bottleneck Sequential ' +
    'ResNet ResNeXt Wide Plain ImageNet CIFAR Fashion MNIST IMAGENET1K_V1 IMAGENET1K_V2 SGD He Zalando Research MIT Xiao Rasul Vollgraf torchvision ' +
    'MACs MAC GMACs fp32 MB px ms top ' +
    'ONNX PyTorch TensorFlow js safetensors state_dict JSON CSV SVG PNG Markdown Hugging Face Hub resolve https http ' +
    'timm transformers ResNetForImageClassification PIL IMAGENET1K ' +
    'WebGPU WebGL WebAssembly wasm CPU GPU SIMD SwiftShader JavaScript ' +
    'Stefan van der Walt Rachel Michetti NASA SpaceX CC0 Explorer Ctrl Shift Tab Enter Esc English Language ' +
    // Names of libraries, organisations and code: PIL (whose filter resized the picture), timm and transformers
    // (whose weights), microsoft (a Hub example), transformers' class name; IMAGENET1K as a table cell breaks it.
    'PIL timm transformers microsoft ResNetForImageClassification IMAGENET1K'
  ).split(' '),
);
/**
 * Addresses and host names (huggingface.co), Hub repository ids (microsoft/resnet-50) and timm's weight tags
 * (a1_in1k), file names and extensions, code names (torch.save), state_dict keys (conv1.weight) and preset ids
 * (resnet18, the file names' base) are not words.
 */
const ADDRESS =
  /https?:\/\/\S+|\b[\w-]+\/[\w-]*[\d.-][\w.-]*|\b\w+_in(?:1k|12k|21k|22k)(?:_\w+)?\b|\b[\w-]+(?:\.[\w-]+)*\.(?:co|com|org|io)\b|\S*\.(?:safetensors|pth|pt|bin|json|png|jpg|onnx|py|csv|md|svg)\b|\btorch\.\w+|\b[\w.]+\.(?:weight|bias|running_mean|running_var)\b|\b(?:resnet|resnext|wide_resnet|plain)\w*/g;
const LAYER_NAME = /\b(?:layer\d+(?:\.\d+)?(?:\.(?:conv\d|bn\d|relu|downsample(?:\.\d)?|add))?|conv1|bn1|relu|maxpool|avgpool|fc|input)\b/g;

/** Every text a user can see or hear at this moment. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const seen = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    // The PyTorch code listing is code (its keywords are Python's); ImageNet's class names are the dataset's own
    // English names, marked lang="en" (Fashion-MNIST's ten are translated).
    const skip = (el: Element) => el.closest('script, style, [data-testid="code"], [lang="en"]') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !n.textContent?.trim()) continue;
      // SVG <title>s are the graph's tooltips: shown on hover over a visible shape.
      const title = el.closest('title');
      if (title ? title.parentElement && seen(title.parentElement) : seen(el)) out.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (skip(el) || !seen(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    for (const sel of document.querySelectorAll('select')) if (seen(sel)) for (const o of sel.options) out.push(o.label);
    for (const g of document.querySelectorAll('optgroup')) if (g.parentElement && seen(g.parentElement)) out.push(g.label);
    return out;
  });
}

/** The English words at this stop, each with the text it came from. */
async function englishAt(page: Page, stop: string): Promise<string[]> {
  const found: string[] = [];
  for (const text of await visibleTexts(page)) {
    const words = text.replace(ADDRESS, ' ').replace(LAYER_NAME, ' ').match(/[A-Za-z][A-Za-z0-9_]*[A-Za-z0-9]|[A-Za-z]{2,}/g) ?? [];
    for (const w of words) {
      if (!/[A-Za-z]{2}/.test(w)) continue;
      if (GLOSSARY.has(w) || GLOSSARY.has(w.replace(/\d+$/, ''))) continue;
      found.push(`${stop}: "${w}" in "${text.trim().slice(0, 120)}"`);
    }
  }
  return [...new Set(found)];
}

/** Two tiny saved models (8 and 16 channels, one block per stage), so a training run ends in seconds; a Korean user names them in Korean. */
const LIBRARY = tinyLibrary('작은 플레인', '작은 ResNet');

const IMAGE = readFileSync(new URL('../public/samples/chelsea.png', import.meta.url));
/** A safetensors file cut short: its last tensor's bytes run past the end. */
const WHOLE = readFileSync(new URL('../tests/fixtures/torchvision-parity/tiny-basic.weights.safetensors', import.meta.url));
const TRUNCATED = WHOLE.subarray(0, WHOLE.length - 100);

test.use({ actionTimeout: 20_000 });

test('every view, in Korean, shows no English beyond the glossary', async ({ page }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  const reported = new Set<string>();
  const check = async (stop: string) => {
    // Each word is reported once, at the first stop that shows it.
    for (const f of await englishAt(page, stop)) {
      const word = /"([^"]+)"/.exec(f)![1];
      if (reported.has(word)) continue;
      reported.add(word);
      problems.push(f);
    }
  };

  try {
    await walk();
  } finally {
    // Whatever stop the walk reached, say what it found so far.
    if (problems.length) console.log(problems.join('\n'));
  }
  expect(problems, problems.join('\n')).toEqual([]);

  async function walk() {
  await page.addInitScript((lib) => localStorage.setItem('resnet-explorer.library', lib), JSON.stringify(LIBRARY));
  await openModel(page, 'model=resnet18');
  await page.getByLabel('Language').selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await check('build');

  // An invalid field shows its message beside it, in Korean, the field named.
  const blocks2 = page.getByLabel(ko('Stage {n} blocks').replace('{n}', '2'), { exact: true });
  await blocks2.fill('');
  await blocks2.blur();
  await expect(page.locator('.field-error').first()).toHaveText(`${ko('stage {n} blocks').replace('{n}', '2')}: 숫자여야 합니다 (받은 값: "")`);
  await check('invalid field');
  await blocks2.fill('2');
  await blocks2.blur();
  await expect(page.locator('.field-error')).toHaveCount(0);

  // A selected layer, a selected block, and the graph expanded.
  await page.getByRole('button', { name: ko('Expand all') }).click();
  await clickNode(page, 'layer2.0.downsample.0');
  await check('selected layer');
  await clickNode(page, 'layer2.0.add');
  await check('selected add');
  await page.getByRole('button', { name: ko('Collapse all') }).click();
  await clickNode(page, 'layer3');
  await check('selected stage');
  await clickNode(page, 'input');
  await check('selected input');

  // Run: a sample picture, its predictions.
  await page.getByRole('tab', { name: ko('Run') }).click();
  await page.getByLabel(ko('Image'), { exact: true }).setInputFiles({ name: 'chelsea.png', mimeType: 'image/png', buffer: IMAGE });
  await expect(page.getByTestId('predictions').locator('li')).toHaveCount(5, { timeout: 60_000 });
  await expect(page.getByTestId('residual-contribution')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: ko('Profile layers on {backend}').replace('{backend}', '') }).click();
  await expect(page.getByTestId('layer-timing')).toBeVisible({ timeout: 60_000 });
  await check('run');
  // The ImageNet weights offer: what it would download (nothing is fetched).
  await page.route('https://huggingface.co/**', (route) => route.abort());
  await page.getByRole('button', { name: ko('Load ImageNet weights') }).first().click();
  await expect(page.getByTestId('download-summary').filter({ visible: true })).toBeVisible();
  await check('weights download dialog');
  await page.getByRole('button', { name: ko('Cancel'), exact: true }).filter({ visible: true }).first().click();
  await page.getByRole('tab', { name: ko('Model') }).click();
  await page.getByLabel(ko('Link to a .safetensors or .pth file')).fill('http://example.com/w.pth');
  await page.getByRole('button', { name: ko('Load'), exact: true }).click();
  await expect(page.getByTestId('remote-message').filter({ visible: true })).toBeVisible();
  await check('weights link refused');

  // Refused weights files, each for what its bytes are: a bogus .pth, a truncated safetensors file.
  const weightsFile = page.getByLabel(ko('Weights'), { exact: true });
  const problem = page.getByTestId('weights-problem');
  await weightsFile.setInputFiles({ name: 'bogus.pth', mimeType: 'application/octet-stream', buffer: Buffer.from('these are my notes, not weights\n') });
  await expect(problem).toContainText(ko('Not a weights file: this is {what}. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).').replace('{what}', ko('text')));
  await check('bogus .pth');
  await weightsFile.setInputFiles({ name: 'cut.safetensors', mimeType: 'application/octet-stream', buffer: TRUNCATED });
  await expect(problem).toContainText(ko('Not a readable safetensors file: {reason}').replace(': {reason}', ''));
  await check('truncated safetensors');
  await problem.getByRole('button', { name: ko('Dismiss') }).click();

  // The model's worker dies: the notice, and where the model now runs.
  await page.evaluate(() => window.resnetExplorer.runner.worker!.terminate());
  await expect(page.getByTestId('runner-notice').filter({ visible: true })).toContainText(ko("The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt.").slice(0, 12));
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await check('model worker died');

  // Export menu, code and layer-table dialogs.
  await page.getByText(ko('Export'), { exact: true }).click();
  await check('export menu');
  await page.locator('.menu-items').getByRole('button', { name: ko('PyTorch code') }).click();
  await expect(page.getByTestId('code')).toBeVisible();
  await check('code dialog');
  await page.locator('dialog[open]').getByRole('button', { name: ko('Close') }).click();
  await page.getByRole('button', { name: ko('Table') }).click();
  await expect(page.getByTestId('layer-table')).toBeVisible();
  await check('layer table');
  await page.locator('dialog[open]').getByRole('button', { name: ko('Close') }).click();

  // Compare: two variants, a stage row opened.
  await page.getByRole('tab', { name: ko('Compare') }).click();
  await page.getByLabel(ko('Variant {n}').replace('{n}', '2'), { exact: true }).selectOption('preset:resnet50');
  await expect(page.getByTestId('compare-table')).toContainText(ko('Latency (measured)'), { timeout: 60_000 });
  await page.locator('[data-testid="compare-graph"] [data-row="layer2"][data-column="1"]').click();
  await expect(page.locator('[data-testid="compare-graph"] .cmp-block').first()).toBeVisible();
  await check('compare');

  // Train: before starting, then a tiny run paused.
  await page.getByRole('tab', { name: ko('Train') }).click();
  await expect(page.getByTestId('train-view')).toBeVisible();
  await check('train');
  // Two tiny runs (the library's small plain net and its residual twin) to their end: figures, curves, messages.
  await page.getByRole('button', { name: ko('Remove run {n}').replace('{n}', '4') }).click();
  await page.getByRole('button', { name: ko('Remove run {n}').replace('{n}', '3') }).click();
  await page.getByLabel(ko('Run {n} model').replace('{n}', '1')).selectOption({ label: '작은 플레인' });
  await page.getByLabel(ko('Run {n} model').replace('{n}', '2')).selectOption({ label: '작은 ResNet' });
  await page.getByLabel(ko('Steps'), { exact: true }).fill('3');
  await page.getByLabel(ko('Batch size'), { exact: true }).fill('8');
  await page.getByRole('button', { name: ko('Start'), exact: true }).click();
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
  await check('train done');
  // A set-up error the trainer itself refuses: a batch too large for the memory a run may take.
  await page.getByRole('button', { name: ko('Reset'), exact: true }).click();
  await page.getByLabel(ko('Batch size'), { exact: true }).fill('10000');
  await page.getByRole('button', { name: ko('Start'), exact: true }).click();
  await expect(page.getByTestId('train-run-0').getByTestId('run-message')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await check('training set-up error');
  await page.getByRole('button', { name: ko('Reset'), exact: true }).click();
  await page.getByLabel(ko('Batch size'), { exact: true }).fill('8');
  // The training worker ends without a word mid-run (as a crash in its WebAssembly would end it): the runs stop
  // and say why, in Korean, their curves kept.
  await page.getByLabel(ko('Steps'), { exact: true }).fill('300');
  await page.getByRole('button', { name: ko('Start'), exact: true }).click();
  const stepOf = async (i: number) => Number(await page.getByTestId(`train-run-${i}`).getByTestId('run-step').getAttribute('data-step'));
  await poll(() => stepOf(1), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  const trainer = page.workers().find((w) => /trainWorker/.test(w.url()))!;
  await trainer.evaluate(() => setTimeout(() => self.close()));
  await expect(page.getByTestId('train-view')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('train-run-0').getByTestId('run-message')).toHaveText(
    ko('The training worker stopped ({reason}); the curves so far are kept. Reset and Start to train again.').replace('{reason}', ko('it ended without an error')),
  );
  await check('training worker died');
  await page.getByRole('button', { name: ko('Reset'), exact: true }).click();
  await page.getByLabel(ko('Steps'), { exact: true }).fill('3');

  // The guided tour, every step.
  await page.getByRole('tab', { name: ko('Build') }).click();
  await page.getByRole('button', { name: ko('Guided tour') }).click();
  const tour = page.getByTestId('tour');
  for (let i = 0; i < 4; i++) {
    await check(`tour step ${i + 1}`);
    if (i < 3) await tour.getByRole('button', { name: ko('Next') }).click();
  }
  await tour.getByRole('button', { name: ko('Skip tour') }).click();

  // Phone: bottom tabs, each pane.
  await page.setViewportSize({ width: 390, height: 844 });
  await check('phone');
  for (const tab of ['Build', 'Graph', 'Model', 'Run', 'Compare', 'Train']) {
    await page.locator('.bottom-tabs').getByRole('tab', { name: ko(tab), exact: true }).click();
    await check(`phone ${tab}`);
  }

  }
});
