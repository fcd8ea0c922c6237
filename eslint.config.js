import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * The layers the README draws: what each folder of src/ may not import. `folders` are src/'s top-level
 * folders, reached by any relative path; `packages` match a bare import's package name.
 */
const LAYERS = {
  core: {
    why: 'the core is pure: no runtime, layout, state, UI, i18n, tfjs, React, d3 or Node',
    folders: ['runtime', 'layout', 'state', 'ui', 'i18n'],
    packages: [/^@tensorflow\//, /^react(-dom)?$/, /^d3(-|$)/, /^node:/, /^(fs|path|os|url|child_process|http|https|net|module|util|crypto|stream|buffer|worker_threads)$/],
  },
  layout: {
    why: 'the layout is pure data: no runtime, state, UI, i18n, tfjs or React',
    folders: ['runtime', 'state', 'ui', 'i18n'],
    packages: [/^@tensorflow\//, /^react(-dom)?$/],
  },
  runtime: {
    why: 'the runtime reads the core only: no layout, state, UI, i18n or React',
    folders: ['ui', 'state', 'layout', 'i18n'],
    packages: [/^react(-dom)?$/],
  },
  state: {
    why: 'the stores sit below the views: no UI, i18n or React',
    folders: ['ui', 'i18n'],
    packages: [/^react(-dom)?$/],
  },
  i18n: {
    why: 'the dictionary words phrases: it reads the core only, no runtime, layout, state or UI',
    folders: ['runtime', 'layout', 'state', 'ui'],
    packages: [/^@tensorflow\//],
  },
};

/** `@scope/name/x?url` → `@scope/name`; `react-dom/client` → `react-dom`. */
const packageName = (specifier) => {
  const parts = specifier.split('?')[0].split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** Relative imports are resolved against the importing file, so `../runtime/x`, `../../runtime/x` and `../core/../runtime` all count. */
const layerImports = {
  meta: { type: 'problem', schema: [], messages: { layer: 'src/{{layer}} may not import "{{source}}" ({{target}}): {{why}}.' } },
  create(context) {
    const file = path.resolve(context.filename);
    const layer = path.relative(SRC, file).split(path.sep)[0];
    const rules = Object.hasOwn(LAYERS, layer) ? LAYERS[layer] : undefined;
    if (!rules) return {};
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      let target;
      if (source.startsWith('.') || source.startsWith('/')) {
        const resolved = source.startsWith('/') ? path.join(path.dirname(SRC), source) : path.resolve(path.dirname(file), source);
        const folder = path.relative(SRC, resolved).split(path.sep)[0];
        if (rules.folders.includes(folder)) target = `src/${folder}`;
      } else if (rules.packages.some((p) => p.test(packageName(source)))) target = packageName(source);
      if (target) context.report({ node, messageId: 'layer', data: { layer, source, target, why: rules.why } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
    };
  },
};

/**
 * The rooms of src/ui (its sub-folders) and which other rooms each may import: the arrows drawn on purpose, each
 * for a reason; any other is an error. Files at src/ui's top level are shared by every room and may import any;
 * the shell (the app's frame, hosting the panels) is composed by App.tsx alone.
 */
const UI_ROOMS = {
  shell: { may: ['graph', 'learn', 'run', 'weights', 'export'], why: 'the shell lays out the panels it hosts' },
  compare: { may: ['graph'], why: "Compare's cells show the graph's activation thumbnails" },
  export: { may: ['graph'], why: 'the exports draw the graph and save files with its download()' },
  train: { may: ['graph'], why: "the Train tab saves files with the graph's download()" },
  run: { may: ['train'], why: "the Run tab offers Fashion-MNIST's test pictures, as the Train tab shows them" },
  graph: { may: [], why: 'the graph draws the model and its activations, and knows no panel' },
  learn: { may: [], why: 'the explanations and the tour know no panel' },
  weights: { may: [], why: 'the weights panels know no other panel' },
  lab: { may: [], why: 'the Lab draws its own charts and overlay, and knows no other panel' },
};
const UI = path.join(SRC, 'ui');
/** Top-level files of src/ui that may compose the shell. */
const SHELL_COMPOSERS = new Set(['App.tsx']);

const uiRooms = {
  meta: { type: 'problem', schema: [], messages: { room: 'src/ui/{{room}} may not import "{{source}}" (src/ui/{{target}}): {{why}}.' } },
  create(context) {
    const file = path.resolve(context.filename);
    const parts = path.relative(UI, file).split(path.sep);
    if (parts[0] === '..' || parts.length === 0) return {};
    const room = parts.length > 1 ? parts[0] : null;
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string' || !node.value.startsWith('.')) return;
      const target = path.relative(UI, path.resolve(path.dirname(file), node.value)).split(path.sep);
      if (target[0] === '..' || target.length < 2) return;
      const other = target[0];
      if (room === null) {
        if (other === 'shell' && !SHELL_COMPOSERS.has(parts[0]))
          context.report({ node, messageId: 'room', data: { room: parts[0], source: node.value, target: other, why: 'the shell is the app’s frame: only App.tsx composes it' } });
        return;
      }
      if (other === room) return;
      const rules = UI_ROOMS[room];
      if (rules && rules.may.includes(other)) return;
      context.report({ node, messageId: 'room', data: { room, source: node.value, target: other, why: rules ? rules.why : 'a new room imports no other room until UI_ROOMS says why' } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
    };
  },
};

/**
 * Globals only a browser (DOM) or only Node has: the core may use neither. ES built-ins and what both share
 * (`fetch`, `URL`, `TextDecoder`, `console`, timers) stay allowed. Node now has `navigator` and Web Storage
 * too, but in the core they would still mean the browser.
 */
const only = (a, b) => Object.keys(a).filter((k) => !(k in b) && !(k in globals.builtin));
const PLATFORM_GLOBALS = [
  ...new Set([...only(globals.browser, globals.node), ...only(globals.node, globals.browser), 'navigator', 'localStorage', 'sessionStorage']),
];

// Test files may reach across layers (a core test reads fixtures with node:fs and parses them with the
// runtime's safetensors reader), so the layer rules skip them.
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export default tseslint.config(
  // .shots: local screenshot and probe scripts, git-ignored.
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public', '.shots'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022 },
    plugins: { 'react-hooks': reactHooks, local: { rules: { 'layer-imports': layerImports, 'ui-rooms': uiRooms } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Everything but the core may use the browser's and Node's globals.
    files: ['**/*.{ts,tsx,js}'],
    ignores: ['src/core/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['src/{core,layout,runtime,state,i18n}/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { 'local/layer-imports': 'error' },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { 'local/ui-rooms': 'error' },
  },
  {
    files: ['src/core/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-globals': [
        'error',
        ...PLATFORM_GLOBALS.map((name) => ({ name, message: 'the core is pure: no DOM, browser or Node globals.' })),
      ],
    },
  },
  {
    // Core tests run in Node.
    files: TESTS.map((t) => `src/core/${t}`),
    languageOptions: { globals: globals.node },
  },
);
