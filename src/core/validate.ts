/**
 * Turns untrusted input (a JSON file, a URL, a form) into a valid spec, or a list of errors that each name
 * the field or layer at fault. Nothing here throws on bad input.
 */
import { analyzeGraph, type ModelAnalysis } from './analysis';
import { BLOCK_TYPES } from './blocks';
import { expandSpec } from './graph';
import { english, phrase, type Phrase, type PhraseVars } from './phrase';
import { DEFAULT_INPUT, DEFAULT_STEM, type ResNetSpec } from './spec';

export interface SpecError {
  /** The field (`stages[2].blocks`, `input.height`) or layer (`layer4.0.conv2`) at fault. */
  field: string;
  /** In English. */
  message: string;
  /** The same as a template and its values, for the UI to translate. */
  phrase: Phrase;
}

/** An error naming its field, in English and as a phrase. */
export function specError(field: string, template: string, vars?: PhraseVars): SpecError {
  const p = phrase(template, vars);
  return { field, message: english(p), phrase: p };
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: SpecError[] };

/** Bounds that keep a model buildable and drawable in a browser tab. */
export const LIMITS = {
  stages: { min: 1, max: 6 },
  blocks: { min: 1, max: 128 },
  stageWidth: { min: 1, max: 4096 },
  stageStride: { min: 1, max: 4 },
  groups: { min: 1, max: 1024 },
  widthPerGroup: { min: 1, max: 1024 },
  inputChannels: { min: 1, max: 64 },
  inputSize: { min: 1, max: 4096 },
  stemKernel: { min: 1, max: 15 },
  stemStride: { min: 1, max: 4 },
  stemWidth: { min: 1, max: 1024 },
  numClasses: { min: 1, max: 100_000 },
  /** 250M parameters is 1 GB of fp32 weights: about what a browser tab can still hold twice (weights + upload). */
  params: 250_000_000,
  /** Elements of the largest single activation at batch 1 (a 1 GB fp32 tensor). */
  activation: 256 * 1024 * 1024,
} as const;

type Bound = { min: number; max: number };

class SpecReader {
  readonly errors: SpecError[] = [];

  fail(field: string, template: string, vars?: PhraseVars): void {
    this.errors.push(specError(field, template, vars));
  }

  int(obj: Record<string, unknown>, key: string, field: string, bound: Bound, fallback?: number): number {
    const v = obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(field, '{field} must be a number, got {got}', { field: fieldPhrase(field), got: describe(v) });
      return fallback ?? bound.min;
    }
    if (!Number.isInteger(v)) {
      this.fail(field, '{field} must be a whole number, got {got}', { field: fieldPhrase(field), got: v });
      return Math.round(v);
    }
    if (v < bound.min || v > bound.max) {
      this.fail(field, '{field} must be between {min} and {max}, got {got}', { field: fieldPhrase(field), min: bound.min, max: bound.max, got: v });
    }
    return v;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, key: string, field: string, options: readonly T[], fallback?: T): T {
    const v = obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    this.fail(field, '{field} must be one of {options}, got {got}', { field: fieldPhrase(field), options: options.map((o) => `"${o}"`).join(', '), got: describe(v) });
    return options[0];
  }

  bool(obj: Record<string, unknown>, key: string, field: string, fallback: boolean): boolean {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    this.fail(field, '{field} must be true or false, got {got}', { field: fieldPhrase(field), got: describe(v) });
    return fallback;
  }

  object(v: unknown, field: string): Record<string, unknown> | undefined {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.fail(field, '{field} must be an object, got {got}', { field: fieldPhrase(field), got: describe(v) });
    return undefined;
  }
}

/** How each part of a field path reads (parts not listed read as they are: `block`, `groups`, `input`). */
const FIELD_NAMES: Record<string, string> = {
  widthPerGroup: 'width per group',
  numClasses: 'number of classes',
  stridePlacement: 'stride placement',
  shortcut: 'shortcut option',
  residual: 'residual',
  maxPool: 'max-pool',
};

/**
 * A field path as a person reads it, as a phrase: `stages[1].width` → `stage {n} width` (n = 2), `input.height`
 * → `input height`; a layer name (`layer4.0.conv2`) stays a name.
 */
export function fieldPhrase(field: string): Phrase {
  const stage = /^stages\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (stage) return phrase(stage[2] ? `stage {n} ${FIELD_NAMES[stage[2]] ?? stage[2]}` : 'stage {n}', { n: Number(stage[1]) + 1 });
  const parts = field.split('.');
  if (/^layer\d|^(conv1|bn1|relu|maxpool|avgpool|fc)$/.test(field)) return phrase('{name}', { name: field });
  return phrase(parts.map((part) => FIELD_NAMES[part] ?? part).join(' '));
}

function describe(v: unknown): string | Phrase {
  if (v === undefined) return phrase('nothing');
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (Array.isArray(v)) return phrase('a list');
  if (v === null) return 'null';
  if (typeof v === 'object') return phrase('an object');
  return String(v);
}

/**
 * Reads a spec from untrusted JSON. `block` and `stages` are required; every other field defaults to
 * torchvision's (224x224 RGB input, 7x7 stride-2 stem of 64 with max-pool, groups 1, width per group 64,
 * v1.5 strides, option B shortcuts, residual, 1000 classes). The result's keys are in a fixed order, so equal specs serialise equally.
 */
export function parseSpec(raw: unknown): Result<ResNetSpec> {
  const r = new SpecReader();
  const obj = r.object(raw, 'spec');
  if (!obj) return { ok: false, errors: r.errors };

  const inputObj = obj.input === undefined ? {} : r.object(obj.input, 'input') ?? {};
  const input = {
    channels: r.int(inputObj, 'channels', 'input.channels', LIMITS.inputChannels, DEFAULT_INPUT.channels),
    height: r.int(inputObj, 'height', 'input.height', LIMITS.inputSize, DEFAULT_INPUT.height),
    width: r.int(inputObj, 'width', 'input.width', LIMITS.inputSize, DEFAULT_INPUT.width),
  };
  const stemObj = obj.stem === undefined ? {} : r.object(obj.stem, 'stem') ?? {};
  const stem = {
    kernel: r.int(stemObj, 'kernel', 'stem.kernel', LIMITS.stemKernel, DEFAULT_STEM.kernel),
    stride: r.int(stemObj, 'stride', 'stem.stride', LIMITS.stemStride, DEFAULT_STEM.stride),
    width: r.int(stemObj, 'width', 'stem.width', LIMITS.stemWidth, DEFAULT_STEM.width),
    maxPool: r.bool(stemObj, 'maxPool', 'stem.maxPool', DEFAULT_STEM.maxPool),
  };
  const block = r.oneOf(obj, 'block', 'block', ['basic', 'bottleneck'] as const);

  const stages: ResNetSpec['stages'] = [];
  if (!Array.isArray(obj.stages)) {
    r.fail('stages', 'stages must be a list of {shape}, got {got}', { shape: '{blocks, width, stride}', got: describe(obj.stages) });
  } else if (obj.stages.length < LIMITS.stages.min || obj.stages.length > LIMITS.stages.max) {
    r.fail('stages', 'a ResNet has {min} to {max} stages, got {got}', { min: LIMITS.stages.min, max: LIMITS.stages.max, got: obj.stages.length });
  } else {
    obj.stages.forEach((s: unknown, i: number) => {
      const f = `stages[${i}]`;
      const so = r.object(s, f);
      if (!so) return;
      stages.push({
        blocks: r.int(so, 'blocks', `${f}.blocks`, LIMITS.blocks),
        width: r.int(so, 'width', `${f}.width`, LIMITS.stageWidth),
        stride: r.int(so, 'stride', `${f}.stride`, LIMITS.stageStride, i === 0 ? 1 : 2),
      });
    });
  }
  const groups = r.int(obj, 'groups', 'groups', LIMITS.groups, 1);
  const widthPerGroup = r.int(obj, 'widthPerGroup', 'widthPerGroup', LIMITS.widthPerGroup, 64);
  const stridePlacement = r.oneOf(obj, 'stridePlacement', 'stridePlacement', ['v1.5', 'v1'] as const, 'v1.5');
  const shortcut = r.oneOf(obj, 'shortcut', 'shortcut', ['A', 'B'] as const, 'B');
  const residual = r.bool(obj, 'residual', 'residual', true);
  const numClasses = r.int(obj, 'numClasses', 'numClasses', LIMITS.numClasses, 1000);

  const blockFacts = BLOCK_TYPES[block];
  if (!blockFacts.grouped && (groups !== 1 || widthPerGroup !== 64)) {
    // torchvision's BasicBlock raises the same: only bottlenecks have a grouped, widened 3x3 conv.
    if (groups !== 1) r.fail('groups', 'a basic block supports only groups = 1 (use bottleneck blocks for ResNeXt)');
    if (widthPerGroup !== 64)
      r.fail('widthPerGroup', 'a basic block supports only width per group = 64 (use bottleneck blocks for Wide ResNet)');
  }
  if (blockFacts.grouped) {
    stages.forEach((s, i) => {
      if (blockFacts.innerWidth(s.width, widthPerGroup, 1) < 1) {
        r.fail(`stages[${i}].width`, 'stage {n}: width {width} × width per group {perGroup} / 64 leaves the 3x3 conv no channels per group', {
          n: i + 1,
          width: s.width,
          perGroup: widthPerGroup,
        });
      }
    });
  }
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const value: ResNetSpec = { input, stem, block, stages, groups, widthPerGroup, stridePlacement, shortcut, residual, numClasses };
  // Option A only adds zero channels: no block may narrow. (With bottlenecks every usual net only widens, and A
  // is then well defined too, though the paper used B there: 3/4 of layer1.0's shortcut is zeros.)
  for (const b of expandSpec(value).stages.flatMap((s) => s.blocks)) {
    if (b.shortcut === 'zeropad' && b.outChannels < b.inChannels) {
      r.fail(
        `stages[${b.stage}].width`,
        'stage {n}: an option A shortcut cannot go from {from} to {to} channels (it only adds zero channels): widen the stage or use option B',
        { n: b.stage + 1, from: b.inChannels, to: b.outChannels },
      );
    }
  }
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, value };
}

/** Checks that a well-formed spec builds: every layer's output non-empty, weights and activations in bounds. */
export function checkModel(spec: ResNetSpec): Result<ModelAnalysis> {
  const analysis = analyzeGraph(expandSpec(spec));
  const errors: SpecError[] = analysis.problems.map((p) => ({ field: p.layer, message: english(p.phrase), phrase: p.phrase }));
  if (analysis.params > LIMITS.params) {
    errors.push(
      specError('params', '{params} parameters ({gb} GB of fp32 weights) is more than a browser can hold; the limit is {limit}', {
        params: analysis.params.toLocaleString('en-US'),
        gb: (analysis.weightBytes / 1e9).toFixed(1),
        limit: LIMITS.params.toLocaleString('en-US'),
      }),
    );
  }
  const largest = analysis.layers.reduce((a, l) => (l.activations > a.activations ? l : a));
  if (largest.activations > LIMITS.activation) {
    errors.push(
      specError(largest.layer.name, '{name} would output {values} values per image, more than a browser can hold: make the input smaller', {
        name: largest.layer.name,
        values: largest.activations.toLocaleString('en-US'),
      }),
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: analysis };
}

/** Parse and check in one step: untrusted input to a model analysis, or every error found. */
export function describeModel(raw: unknown): Result<ModelAnalysis> {
  const parsed = parseSpec(raw);
  return parsed.ok ? checkModel(parsed.value) : parsed;
}
