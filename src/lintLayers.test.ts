// The layer rules of eslint.config.js, run through ESLint's Node API on code placed (by path) in each layer.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: 'eslint.config.js' });
});

/** The rule ids (and messages) ESLint reports for `code` saved as `file`. */
async function lint(file: string, code: string): Promise<{ rules: (string | null)[]; messages: string[] }> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return { rules: result.messages.map((m) => m.ruleId), messages: result.messages.map((m) => m.message) };
}

const use = (source: string) => `import * as m from '${source}';\nexport const x = m;\n`;

describe('src/core', () => {
  it.each([
    ['src/core/a.ts', '../runtime/resnet'],
    ['src/core/export/a.ts', '../../runtime/resnet'],
    ['src/core/a.ts', '../core/../runtime/resnet'],
    ['src/core/a.ts', '/src/runtime/resnet'],
    ['src/core/a.ts', '../layout/layout'],
    ['src/core/a.ts', '../state/modelStore'],
    ['src/core/a.ts', '../ui/App'],
    ['src/core/a.ts', '@tensorflow/tfjs-core'],
    ['src/core/a.ts', 'react'],
    ['src/core/a.ts', 'react-dom/client'],
    ['src/core/a.ts', 'd3-shape'],
    ['src/core/a.ts', 'node:fs'],
  ])('%s may not import %s', async (file, source) => {
    const { rules, messages } = await lint(file, use(source));
    expect(rules).toEqual(['local/layer-imports']);
    expect(messages[0]).toContain(`may not import "${source}"`);
  });

  it('catches re-exports and dynamic imports too', async () => {
    const code = "export { x } from '../runtime/resnet';\nexport const y = () => import('@tensorflow/tfjs-core');\n";
    expect((await lint('src/core/a.ts', code)).rules).toEqual(['local/layer-imports', 'local/layer-imports']);
  });

  it('allows its own modules and the data folder', async () => {
    const code = `${use('./spec')}import * as d from '../data/torchvision-imagenet-accuracy.json';\nimport * as e from './export/pytorch';\nexport const z = [d, e];\n`;
    expect((await lint('src/core/a.ts', code)).rules).toEqual([]);
    expect((await lint('src/core/export/a.ts', use('../index'))).rules).toEqual([]);
  });

  it.each(['document', 'window', 'self', 'navigator', 'localStorage', 'HTMLCanvasElement', 'requestAnimationFrame', 'process', 'Buffer'])(
    'may not use the global %s',
    async (name) => {
      const { rules } = await lint('src/core/a.ts', `export const x = ${name};\n`);
      expect(rules).toEqual(['no-restricted-globals']);
    },
  );

  it('may use ES and universal globals (fetch, URL, TextDecoder, console, timers)', async () => {
    const code =
      'export const x = [Math.max(1, 2), new Map(), fetch, new URL("https://a.b"), new TextDecoder(), console, setTimeout, structuredClone];\n';
    expect((await lint('src/core/a.ts', code)).rules).toEqual([]);
  });

  it('may name its own variable like a DOM global', async () => {
    expect((await lint('src/core/a.ts', 'const self = 1;\nexport const x = self;\n')).rules).toEqual([]);
  });

  it('exempts test files, which read fixtures with node:fs and the runtime reader', async () => {
    const code = `${use('../runtime/safetensors')}import { readFileSync } from 'node:fs';\nexport const y = [readFileSync, process];\n`;
    expect((await lint('src/core/a.test.ts', code)).rules).toEqual([]);
  });
});

describe('src/layout', () => {
  it.each(['../runtime/resnet', '../state/modelStore', '../ui/App', '@tensorflow/tfjs-core', 'react'])(
    'may not import %s',
    async (source) => {
      expect((await lint('src/layout/a.ts', use(source))).rules).toEqual(['local/layer-imports']);
    },
  );

  it('may import the core', async () => {
    expect((await lint('src/layout/a.ts', use('../core'))).rules).toEqual([]);
  });
});

describe('src/runtime', () => {
  it.each([
    ['src/runtime/a.ts', 'react'],
    ['src/runtime/a.ts', '../ui/App'],
    ['src/runtime/train/a.ts', '../../ui/App'],
  ])('%s may not import %s', async (file, source) => {
    expect((await lint(file, use(source))).rules).toEqual(['local/layer-imports']);
  });

  it('may import tfjs, the core and Node modules', async () => {
    const code = `${use('@tensorflow/tfjs-core')}import * as c from '../core';\nimport * as f from 'node:fs';\nexport const y = [c, f, document];\n`;
    expect((await lint('src/runtime/a.ts', code)).rules).toEqual([]);
  });
});

describe('src/runtime reads no layer above the core', () => {
  it.each(['../state/trainStore', '../layout/layout', '../i18n/ko'])('may not import %s', async (source) => {
    expect((await lint('src/runtime/model/a.ts', use(`../${source}`))).rules).toEqual(['local/layer-imports']);
  });
});

describe('src/state', () => {
  it.each([
    ['src/state/a.ts', '../ui/App'],
    ['src/state/a.ts', '../ui/shell/panes'],
    ['src/state/a.ts', '../i18n/ko'],
    ['src/state/a.ts', 'react'],
  ])('%s may not import %s', async (file, source) => {
    expect((await lint(file, use(source))).rules).toEqual(['local/layer-imports']);
  });

  it('may import the core, the layout and the runtime', async () => {
    const code = `${use('../core')}import * as l from '../layout/layout';\nimport * as r from '../runtime/train';\nexport const y = [l, r];\n`;
    expect((await lint('src/state/a.ts', code)).rules).toEqual([]);
  });
});

describe('src/i18n', () => {
  it.each(['../runtime/weights/load', '../state/viewStore', '../layout/layout', '../ui/App', '@tensorflow/tfjs-core'])('may not import %s', async (source) => {
    expect((await lint('src/i18n/a.ts', use(source))).rules).toEqual(['local/layer-imports']);
  });

  it('may import the core and React', async () => {
    expect((await lint('src/i18n/a.tsx', `${use('../core/phrase')}import * as r from 'react';\nexport const y = r;\n`)).rules).toEqual([]);
  });
});

describe('the UI', () => {
  it('may import every layer', async () => {
    const code = `${use('react')}import * as r from '../runtime/resnet';\nimport * as l from '../layout/layout';\nexport const y = [r, l, window];\n`;
    expect((await lint('src/ui/a.tsx', code)).rules).toEqual([]);
  });
});

describe('the UI’s rooms (its sub-folders)', () => {
  /** By importing file: what it may not import. */
  const refused: Record<string, string[]> = {
    // A panel the shell hosts does not reach back into the shell, nor do the top-level views.
    'src/ui/run/RunTab.tsx': ['../shell/useLive', '../compare/CompareView'],
    'src/ui/graph/GraphView.tsx': ['../shell/icons'],
    'src/ui/RunPanel.tsx': ['./shell/fileKind'],
    // The arrows not drawn: the graph knows no panel; a new room imports no other until UI_ROOMS says why.
    'src/ui/graph/activations.ts': ['../run/heatmap'],
    'src/ui/weights/a.tsx': ['../train/TrainView'],
    'src/ui/lab/LabView.tsx': ['../train/TrainView', '../graph/GraphView'],
    'src/ui/newroom/a.tsx': ['../graph/GraphView'],
    'src/ui/compare/deep/a.tsx': ['../../export/exportActions'],
  };
  it.each(Object.entries(refused).flatMap(([file, sources]) => sources.map((source) => [file, source])))('%s may not import %s', async (file, source) => {
    const { rules, messages } = await lint(file, use(source));
    expect(rules).toEqual(['local/ui-rooms']);
    expect(messages[0]).toContain(`may not import "${source}"`);
  });

  it('may import its own room, the shared top level, and the rooms drawn on purpose', async () => {
    const ok: [string, string][] = [
      ['src/ui/run/RunTab.tsx', './FeatureMaps'],
      ['src/ui/run/RunTab.tsx', '../heatmap'],
      ['src/ui/run/RunTab.tsx', '../train/FashionMnistTests'],
      ['src/ui/shell/InspectorPane.tsx', '../run/RunTab'],
      ['src/ui/compare/CompareView.tsx', '../graph/activations'],
      ['src/ui/App.tsx', './shell/BuildView'],
      ['src/ui/GraphToolbar.tsx', './export/exportActions'],
    ];
    for (const [file, source] of ok) expect((await lint(file, use(source))).rules, `${file} → ${source}`).toEqual([]);
  });
});
