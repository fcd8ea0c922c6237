/**
 * Turns untrusted input (a JSON file, a URL, a form) into a valid spec, or a list of errors that each name
 * the field or layer at fault. Nothing here throws on bad input.
 */
import { analyzeGraph, type ModelAnalysis } from './analysis';
import { expandSpec } from './graph';
import { DEFAULT_INPUT, DEFAULT_STEM, type ResNetSpec } from './spec';

export interface SpecError {
  /** The field (`stages[2].blocks`, `input.height`) or layer (`layer4.0.conv2`) at fault. */
  field: string;
  message: string;
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

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  int(obj: Record<string, unknown>, key: string, field: string, bound: Bound, fallback?: number): number {
    const v = obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(field, `${fieldLabel(field)} must be a number, got ${describe(v)}`);
      return fallback ?? bound.min;
    }
    if (!Number.isInteger(v)) {
      this.fail(field, `${fieldLabel(field)} must be a whole number, got ${v}`);
      return Math.round(v);
    }
    if (v < bound.min || v > bound.max) {
      this.fail(field, `${fieldLabel(field)} must be between ${bound.min} and ${bound.max}, got ${v}`);
    }
    return v;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, key: string, field: string, options: readonly T[], fallback?: T): T {
    const v = obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    this.fail(field, `${fieldLabel(field)} must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describe(v)}`);
    return options[0];
  }

  bool(obj: Record<string, unknown>, key: string, field: string, fallback: boolean): boolean {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    this.fail(field, `${fieldLabel(field)} must be true or false, got ${describe(v)}`);
    return fallback;
  }

  object(v: unknown, field: string): Record<string, unknown> | undefined {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.fail(field, `${fieldLabel(field)} must be an object, got ${describe(v)}`);
    return undefined;
  }
}

/** A field path as a person reads it: `stages[1].width` → `stage 2 width`. */
export function fieldLabel(field: string): string {
  const names: Record<string, string> = {
    widthPerGroup: 'width per group',
    numClasses: 'number of classes',
    stridePlacement: 'stride placement',
    shortcut: 'shortcut option',
    residual: 'residual',
    maxPool: 'max-pool',
    'stem.width': 'stem width',
  };
  if (names[field]) return names[field];
  return field
    .replace(/stages\[(\d+)\]/, (_, i: string) => `stage ${Number(i) + 1}`)
    .split('.')
    .map((part) => names[part] ?? part)
    .join(' ');
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
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
    r.fail('stages', `stages must be a list of {blocks, width, stride}, got ${describe(obj.stages)}`);
  } else if (obj.stages.length < LIMITS.stages.min || obj.stages.length > LIMITS.stages.max) {
    r.fail('stages', `a ResNet has ${LIMITS.stages.min} to ${LIMITS.stages.max} stages, got ${obj.stages.length}`);
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

  if (block === 'basic' && (groups !== 1 || widthPerGroup !== 64)) {
    // torchvision's BasicBlock raises the same: only bottlenecks have a grouped, widened 3x3 conv.
    if (groups !== 1) r.fail('groups', 'a basic block supports only groups = 1 (use bottleneck blocks for ResNeXt)');
    if (widthPerGroup !== 64)
      r.fail('widthPerGroup', 'a basic block supports only width per group = 64 (use bottleneck blocks for Wide ResNet)');
  }
  if (block === 'bottleneck') {
    stages.forEach((s, i) => {
      if (Math.floor((s.width * widthPerGroup) / 64) < 1) {
        r.fail(
          `stages[${i}].width`,
          `stage ${i + 1}: width ${s.width} × width per group ${widthPerGroup} / 64 leaves the 3x3 conv no channels per group`,
        );
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
        `stage ${b.stage + 1}: an option A shortcut cannot go from ${b.inChannels} to ${b.outChannels} channels (it only adds zero channels): widen the stage or use option B`,
      );
    }
  }
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, value };
}

/** Checks that a well-formed spec builds: every layer's output non-empty, weights and activations in bounds. */
export function checkModel(spec: ResNetSpec): Result<ModelAnalysis> {
  const analysis = analyzeGraph(expandSpec(spec));
  const errors: SpecError[] = analysis.problems.map((p) => ({ field: p.layer, message: p.message }));
  if (analysis.params > LIMITS.params) {
    errors.push({
      field: 'params',
      message:
        `${analysis.params.toLocaleString('en-US')} parameters (${(analysis.weightBytes / 1e9).toFixed(1)} GB of fp32 ` +
        `weights) is more than a browser can hold; the limit is ${LIMITS.params.toLocaleString('en-US')}`,
    });
  }
  const largest = analysis.layers.reduce((a, l) => (l.activations > a.activations ? l : a));
  if (largest.activations > LIMITS.activation) {
    errors.push({
      field: largest.layer.name,
      message: `${largest.layer.name} would output ${largest.activations.toLocaleString('en-US')} values per image, more than a browser can hold: make the input smaller`,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: analysis };
}

/** Parse and check in one step: untrusted input to a model analysis, or every error found. */
export function describeModel(raw: unknown): Result<ModelAnalysis> {
  const parsed = parseSpec(raw);
  return parsed.ok ? checkModel(parsed.value) : parsed;
}
