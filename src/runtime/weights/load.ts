/**
 * torchvision state_dicts into and out of a model. A file — safetensors, or a torch.save checkpoint (.pth,
 * .pt, .bin), told apart by its bytes — is read into named tensors and checked whole (keys, shapes, dtypes,
 * values) before a single weight changes, so a bad file leaves the model as it was.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inferSpec, normalizeKey, sameSpec, type ModelAnalysis, type ParamSpec, type ResNetSpec } from '../../core';
import { PhraseError, phrase, type Phrase } from '../../core/phrase';
import { someProblems } from './problems';
import { PthError, readTorchFile } from './pth';
import { ResNetModel, type WeightSource } from '../model/resnet';
import { SafetensorsError, parseSafetensors, readFloat32, writeSafetensors } from './safetensors';
import { sniffWeights, type WeightsFormat } from './sniff';


/**
 * Weights the model cannot take, with every problem found (phrases). Code `mismatch`: a readable state_dict
 * that does not fit the model (keys, shapes, dtypes); `values`: NaN or infinite values; `unreadable`: see
 * UnreadableWeightsError.
 */
export class WeightsError extends PhraseError {
  constructor(
    readonly problems: Phrase[],
    /** The architecture the file describes, when the core can express it and it is not the current one. */
    readonly suggestedSpec?: ResNetSpec,
    code: 'mismatch' | 'values' | 'unreadable' = 'mismatch',
  ) {
    super(problems.length === 1 ? problems[0] : phrase('{n} problems: {list}', { n: problems.length, list: someProblems(problems) }), code);
    this.name = 'WeightsError';
  }
}

/**
 * The file could not be read at all (malformed, hostile, or not a state_dict), as opposed to not fitting the
 * model. `format` is the format its bytes are in, whose reader refused it (null: no format this app reads).
 */
export class UnreadableWeightsError extends WeightsError {
  constructor(
    problem: Phrase,
    readonly format: WeightsFormat | null,
  ) {
    super([problem], undefined, 'unreadable');
    this.name = 'UnreadableWeightsError';
  }
}

/** What the refusal of each format's reader is prefixed with: the format that was tried. */
const REFUSED: Record<WeightsFormat, (reason: Phrase) => Phrase> = {
  safetensors: (reason) => phrase('Not a readable safetensors file: {reason}', { reason }),
  'pth-zip': (reason) => phrase('Not a loadable PyTorch file (a torch.save zip archive): {reason}', { reason }),
  'pth-pickle': (reason) => phrase('Not a loadable PyTorch file (a legacy torch.save pickle): {reason}', { reason }),
};

/** A tensor of a weights file, whatever its format: what the checks read. */
export interface NamedTensor {
  name: string;
  /** safetensors' dtype names, shared by both readers: F32, F16, BF16, F64, I64, I32, … */
  dtype: string;
  shape: number[];
  /** The values as float32 (floating-point dtypes only). */
  float32(): Float32Array;
  /** The values as int64 (I64 only). */
  int64(): BigInt64Array;
}

/**
 * The named tensors of a weights file in either format, told apart by its first bytes; throws
 * UnreadableWeightsError, naming the format tried (or that the bytes are in none), when it cannot be read.
 */
export function readWeightsFile(bytes: Uint8Array): NamedTensor[] {
  const sniffed = sniffWeights(bytes);
  if (sniffed.format === null) throw new UnreadableWeightsError(sniffed.why, null);
  const format = sniffed.format;
  if (format !== 'safetensors') {
    try {
      return readTorchFile(bytes);
    } catch (e) {
      if (e instanceof PthError) throw new UnreadableWeightsError(REFUSED[format](e.phrase), format);
      throw e;
    }
  }
  try {
    const file = parseSafetensors(bytes);
    return [...file.entries.values()].map((entry) => ({
      name: entry.name,
      dtype: entry.dtype,
      shape: entry.shape,
      float32: () => readFloat32(file, entry),
      int64: () => {
        if (entry.dtype !== 'I64') throw new SafetensorsError(phrase('tensor {name} is {dtype}, not int64', { name: JSON.stringify(entry.name), dtype: entry.dtype }));
        return new BigInt64Array(bytes.slice(entry.byteOffset, entry.byteOffset + entry.byteLength).buffer);
      },
    }));
  } catch (e) {
    if (e instanceof SafetensorsError) throw new UnreadableWeightsError(REFUSED.safetensors(e.phrase), 'safetensors');
    throw e;
  }
}

const FLOATS = new Set(['F32', 'F16', 'BF16', 'F64']);
const INTS = new Set(['I64', 'I32', 'U8', 'I8', 'I16', 'U16', 'U32', 'U64']);
const MAX_LISTED = 12;

export interface CheckedWeights {
  /** Per module, its values in PyTorch layout. */
  modules: Map<string, Partial<Record<ParamSpec['role'], Float32Array | bigint>>>;
}

/**
 * Reads a weights file (either format) and checks it against a model's state_dict schema; throws WeightsError
 * with every problem found.
 */
export function checkWeights(bytes: Uint8Array, analysis: ModelAnalysis, schema: ParamSpec[]): CheckedWeights {
  const byKey = new Map<string, NamedTensor>();
  for (const tensor of readWeightsFile(bytes)) byKey.set(normalizeKey(tensor.name), tensor);

  const problems: Phrase[] = [];
  const missing = schema.filter((p) => !byKey.has(p.key) && p.role !== 'bn.num_batches_tracked').map((p) => p.key);
  const expected = new Set(schema.map((p) => p.key));
  const unexpected = [...byKey.keys()].filter((k) => !expected.has(k));
  const list = (keys: string[]): string | Phrase => {
    const shown = keys.slice(0, MAX_LISTED).join(', ');
    return keys.length > MAX_LISTED ? phrase('{keys} and {n} more', { keys: shown, n: keys.length - MAX_LISTED }) : shown;
  };
  if (missing.length) {
    const vars = { n: missing.length, keys: list(missing) };
    problems.push(missing.length > 1 ? phrase('Missing {n} weights: {keys}', vars) : phrase('Missing {n} weight: {keys}', vars));
  }
  if (unexpected.length) {
    const vars = { n: unexpected.length, keys: list(unexpected) };
    problems.push(unexpected.length > 1 ? phrase('Unexpected {n} keys: {keys}', vars) : phrase('Unexpected {n} key: {keys}', vars));
  }
  const mismatches: Phrase[] = [];
  for (const p of schema) {
    const e = byKey.get(p.key);
    if (!e) continue;
    if (p.dtype === 'I64' ? !INTS.has(e.dtype) : !FLOATS.has(e.dtype)) {
      const vars = { key: p.key, dtype: e.dtype };
      mismatches.push(p.dtype === 'I64' ? phrase('{key} is {dtype}; expected an integer tensor', vars) : phrase('{key} is {dtype}; expected a floating-point tensor', vars));
    } else if (JSON.stringify(e.shape) !== JSON.stringify(p.shape)) {
      mismatches.push(phrase('{key} has shape [{shape}]; this model needs [{expected}]', { key: p.key, shape: e.shape.join(', '), expected: p.shape.join(', ') }));
    }
  }
  problems.push(...mismatches.slice(0, MAX_LISTED));
  if (mismatches.length > MAX_LISTED) problems.push(phrase('and {n} more tensors of the wrong shape or type', { n: mismatches.length - MAX_LISTED }));
  if (problems.length) {
    const shapes = new Map([...byKey].map(([k, e]) => [k, e.shape]));
    const inferred = inferSpec(shapes, analysis.graph.spec);
    const suggested = inferred.ok && !sameSpec(inferred.value, analysis.graph.spec) ? inferred.value : undefined;
    throw new WeightsError(problems, suggested);
  }

  const modules = new Map<string, Partial<Record<ParamSpec['role'], Float32Array | bigint>>>();
  for (const p of schema) {
    const e = byKey.get(p.key);
    const m = modules.get(p.layer) ?? {};
    modules.set(p.layer, m);
    if (p.role === 'bn.num_batches_tracked') {
      m[p.role] = e && e.dtype === 'I64' && e.shape.every((d) => d === 1) ? e.int64()[0] : 0n;
      continue;
    }
    const values = e!.float32();
    let bad = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
    if (bad) problems.push(bad > 1 ? phrase('{key} has {n} NaN or infinite values', { key: p.key, n: bad }) : phrase('{key} has {n} NaN or infinite value', { key: p.key, n: bad }));
    m[p.role] = values;
  }
  if (problems.length) throw new WeightsError(problems, undefined, 'values');
  return { modules };
}

/** A new model holding the checked weights; the caller swaps it in and disposes the old one. */
export function modelFromWeights(analysis: ModelAnalysis, checked: CheckedWeights, source: WeightSource): ResNetModel {
  const model = new ResNetModel(analysis, source);
  try {
    for (const [layer, values] of checked.modules) model.setFromTorch(layer, values);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** The model's weights as a torchvision-compatible safetensors file. */
export async function saveWeights(model: ResNetModel): Promise<Uint8Array> {
  const dict = await model.toStateDict();
  return writeSafetensors(
    dict.map((d) => ({ name: d.key, dtype: d.dtype, shape: d.shape, data: d.data })),
    { format: 'pt', producer: 'ResNet Explorer' },
  );
}

/** A fresh model with torchvision's initialisation. */
export function randomModel(analysis: ModelAnalysis): ResNetModel {
  const model = new ResNetModel(analysis);
  try {
    for (const layer of model.parameterLayers) model.initLayer(layer);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** NCHW values (PyTorch's layout) as an NHWC tensor. */
export function nchwToNhwc(values: Float32Array, shape: number[]): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(values, shape as [number, number, number, number]), [0, 2, 3, 1]));
}
