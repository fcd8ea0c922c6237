/**
 * The model in the URL: a typed schema with pure parse and serialise (no `window` here).
 *
 *   ?model=resnet50                                   a torchvision preset, unchanged
 *   ?model=resnet50&input=3x320x320                   a preset with fields overridden
 *   ?model=custom&block=basic&stages=2-64-1,2-128-2&groups=1&wpg=64&stride=v1.5&shortcut=B&residual=1&stem=7-2-64-1&input=3x224x224&classes=10
 *
 * Stage tokens are `blocks-width-stride`; the stem is `kernel-stride-width-maxpool(0|1)`; `shortcut` is the
 * option (A|B) and `residual` 1, or 0 for the plain twin.
 */
import {
  isPresetName,
  matchPreset,
  parseSpec,
  presetSpec,
  specError,
  type ResNetSpec,
  type Result,
} from '../core';
import { VIEWS, type View } from './panes';

export const DEFAULT_PRESET = 'resnet50';

const num = (t: string | undefined) => (t === undefined || t.trim() === '' ? NaN : Number(t));
/** `1` / `0` as a boolean; anything else is passed on for the core to refuse, naming the field. */
const flag = (t: string | undefined): unknown => (t === '1' ? true : t === '0' ? false : t);

type RawSpec = Record<string, unknown>;

/** One parameter of a custom model: how a spec writes it, and how a token is read back into the raw spec. */
interface SpecParam {
  key: string;
  write(spec: ResNetSpec): string;
  read(token: string, raw: RawSpec): void;
}

/** The custom model's parameters, in the order they are written. */
const SPEC_PARAMS: readonly SpecParam[] = [
  { key: 'block', write: (s) => s.block, read: (t, raw) => (raw.block = t) },
  {
    key: 'stages',
    write: (s) => s.stages.map((st) => `${st.blocks}-${st.width}-${st.stride}`).join(','),
    read: (t, raw) =>
      (raw.stages = t.split(',').map((token) => {
        const [blocks, width, stride] = token.split('-');
        return { blocks: num(blocks), width: num(width), stride: num(stride) };
      })),
  },
  { key: 'groups', write: (s) => String(s.groups), read: (t, raw) => (raw.groups = num(t)) },
  { key: 'wpg', write: (s) => String(s.widthPerGroup), read: (t, raw) => (raw.widthPerGroup = num(t)) },
  { key: 'stride', write: (s) => s.stridePlacement, read: (t, raw) => (raw.stridePlacement = t) },
  { key: 'shortcut', write: (s) => s.shortcut, read: (t, raw) => (raw.shortcut = t) },
  { key: 'residual', write: (s) => (s.residual ? '1' : '0'), read: (t, raw) => (raw.residual = flag(t)) },
  {
    key: 'stem',
    write: ({ stem }) => `${stem.kernel}-${stem.stride}-${stem.width}-${stem.maxPool ? 1 : 0}`,
    read: (t, raw) => {
      const [kernel, stride, width, pool] = t.split('-');
      raw.stem = { kernel: num(kernel), stride: num(stride), width: num(width), maxPool: flag(pool) };
    },
  },
  {
    key: 'input',
    write: ({ input }) => `${input.channels}x${input.height}x${input.width}`,
    // Always CxHxW: a shorter value is a truncated link, not a different model.
    read: (t, raw) => {
      const [channels, height, width] = t.split('x');
      raw.input = { channels: num(channels), height: num(height), width: num(width) };
    },
  },
  { key: 'classes', write: (s) => String(s.numClasses), read: (t, raw) => (raw.numClasses = num(t)) },
];

/**
 * Every parameter the app keeps in its URL, and which part of the app writes it. A store writes only its own
 * parameters and keeps everyone else's (`withParams`).
 *
 * - `model`: the model being built (`model` and the custom model's fields above) and what belongs to that model
 *   alone, cleared when it changes: `hub`, the Hugging Face Hub model whose weights it holds (`writeHub`);
 *   `weights`, the network set its live model holds (`src/state/weightsLink.ts`);
 * - `view`: the top-level view (`view=compare|train|lab`), written only by `writeView`;
 * - `compare`: the comparison's variants (`v`, repeated) and size (`cmpsize`), `src/state/compareState.ts`;
 * - `lab`: the Lab's switched-off blocks (`off=layer1.0,layer2.1`), `src/state/labStore.ts`; they stay when the
 *   model changes (the Lab drops those a new model cannot take, and says so);
 * - `flags`: read, never written by the app (`worker=off`, `src/runtime/workers/workerMode.ts`).
 */
export const URL_PARAMS = {
  model: ['model', ...SPEC_PARAMS.map((p) => p.key), 'hub', 'weights'],
  view: ['view'],
  compare: ['v', 'cmpsize'],
  lab: ['off'],
  flags: ['worker'],
} as const satisfies Record<string, readonly string[]>;

/** `current` with the `owned` parameters replaced by those in `next`; every other parameter kept as it was. */
export function withParams(current: string | URLSearchParams, owned: readonly string[], next: URLSearchParams): string {
  const q = new URLSearchParams(current);
  for (const key of owned) q.delete(key);
  for (const [k, v] of next) q.append(k, v);
  return q.toString();
}

export function serializeSpec(spec: ResNetSpec): URLSearchParams {
  const preset = matchPreset(spec);
  if (preset) return new URLSearchParams({ model: preset });
  return new URLSearchParams([['model', 'custom'], ...SPEC_PARAMS.map((p): [string, string] => [p.key, p.write(spec)])]);
}

/** The query with `spec` written in place of the model there before (and whatever belonged to that model). */
export function writeSpecQuery(current: string, spec: ResNetSpec): string {
  return withParams(current, URL_PARAMS.model, serializeSpec(spec));
}

/**
 * Reads a spec from a query string. An empty query is the default model; anything tampered with gives the
 * core's errors (naming the field), so the caller can say what was wrong and keep what the user had.
 */
export function parseSpecQuery(query: string | URLSearchParams): Result<ResNetSpec> {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const model = q.get('model') ?? DEFAULT_PRESET;
  let raw: RawSpec;
  if (isPresetName(model)) raw = presetSpec(model) as unknown as RawSpec;
  else if (model === 'custom') raw = {};
  else return { ok: false, errors: [specError('model', 'unknown model "{model}" in the link', { model: model.slice(0, 40) })] };
  for (const p of SPEC_PARAMS) {
    const token = q.get(p.key);
    if (token !== null) p.read(token, raw);
  }
  return parseSpec(raw);
}

/** The Hub model the link opens (`?hub=owner/name`), as written: `src/core/hub/repoId.ts` checks it before any request. */
export function readHub(query: string | URLSearchParams): string | null {
  const id = new URLSearchParams(query).get('hub');
  return id && id.trim() ? id : null;
}

/** The one writer of `?hub=`: the Hub model whose weights the built model now holds (null: none). */
export function writeHub(current: string, id: string | null): string {
  return withParams(current, ['hub'], new URLSearchParams(id ? { hub: id } : {}));
}

/** The top-level view the link opens: Build unless it names another (an unknown name opens Build). */
export function readView(query: string | URLSearchParams): View {
  const v = new URLSearchParams(query).get('view');
  return VIEWS.find((x) => x.id === v)?.id ?? 'build';
}

/** The one writer of `?view=`: `view` opened (`true`), or closed (`false`: back to Build if it was open). */
export function writeView(current: string, view: Exclude<View, 'build'>, open: boolean): string {
  const q = new URLSearchParams(current);
  if (open) q.set('view', view);
  else if (readView(q) === view) q.delete('view');
  return q.toString();
}
