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

export const DEFAULT_PRESET = 'resnet50';

const num = (t: string | undefined) => (t === undefined || t.trim() === '' ? NaN : Number(t));

export function serializeSpec(spec: ResNetSpec): URLSearchParams {
  const preset = matchPreset(spec);
  if (preset) return new URLSearchParams({ model: preset });
  const { input, stem } = spec;
  return new URLSearchParams({
    model: 'custom',
    block: spec.block,
    stages: spec.stages.map((s) => `${s.blocks}-${s.width}-${s.stride}`).join(','),
    groups: String(spec.groups),
    wpg: String(spec.widthPerGroup),
    stride: spec.stridePlacement,
    shortcut: spec.shortcut,
    residual: spec.residual ? '1' : '0',
    stem: `${stem.kernel}-${stem.stride}-${stem.width}-${stem.maxPool ? 1 : 0}`,
    input: `${input.channels}x${input.height}x${input.width}`,
    classes: String(spec.numClasses),
  });
}

/**
 * Reads a spec from a query string. An empty query is the default model; anything tampered with gives the
 * core's errors (naming the field), so the caller can say what was wrong and keep what the user had.
 */
export function parseSpecQuery(query: string | URLSearchParams): Result<ResNetSpec> {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const model = q.get('model') ?? DEFAULT_PRESET;
  let raw: Record<string, unknown>;
  if (isPresetName(model)) raw = presetSpec(model) as unknown as Record<string, unknown>;
  else if (model === 'custom') raw = {};
  else return { ok: false, errors: [specError('model', 'unknown model "{model}" in the link', { model: model.slice(0, 40) })] };

  const stages = q.get('stages');
  if (stages !== null) {
    raw.stages = stages.split(',').map((token) => {
      const [blocks, width, stride] = token.split('-');
      return { blocks: num(blocks), width: num(width), stride: num(stride) };
    });
  }
  const block = q.get('block');
  if (block !== null) raw.block = block;
  const groups = q.get('groups');
  if (groups !== null) raw.groups = num(groups);
  const wpg = q.get('wpg');
  if (wpg !== null) raw.widthPerGroup = num(wpg);
  const stride = q.get('stride');
  if (stride !== null) raw.stridePlacement = stride;
  const shortcut = q.get('shortcut');
  if (shortcut !== null) raw.shortcut = shortcut;
  const residual = q.get('residual');
  if (residual !== null) raw.residual = residual === '1' ? true : residual === '0' ? false : residual;
  const classes = q.get('classes');
  if (classes !== null) raw.numClasses = num(classes);
  const stem = q.get('stem');
  if (stem !== null) {
    const [kernel, s, width, pool] = stem.split('-');
    raw.stem = { kernel: num(kernel), stride: num(s), width: num(width), maxPool: pool === '1' ? true : pool === '0' ? false : pool };
  }
  const input = q.get('input');
  if (input !== null) {
    // Always CxHxW: a shorter value is a truncated link, not a different model.
    const [channels, height, width] = input.split('x');
    raw.input = { channels: num(channels), height: num(height), width: num(width) };
  }
  return parseSpec(raw);
}
