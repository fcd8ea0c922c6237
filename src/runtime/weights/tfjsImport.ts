/**
 * The TensorFlow.js artifacts this app exports (`model.json` + its weights file), read back: the weights
 * manifest is checked against the files given (names, shapes, dtypes, byte lengths, each with a message that
 * says what is wrong) and the tensors become a safetensors state_dict under torchvision's names — the bytes
 * the runner's `loadWeights` already reads. Pure: no TensorFlow.js, no DOM.
 */
import { phrase, type Phrase } from '../../core/phrase';
import { writeSafetensors, type TensorToWrite } from './safetensors';

export interface GivenFile {
  name: string;
  bytes: Uint8Array;
}

export type TfjsImport =
  | {
      ok: true;
      /** The architecture model.json carries (`modelTopology.spec`), when it has one. */
      spec: unknown;
      /** The weights file's name, to show as the loaded file. */
      weightsName: string;
      safetensors: Uint8Array;
    }
  | { ok: false; message: Phrase };

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4 };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether a parsed JSON file is a TensorFlow.js model (it has a weights manifest), not a spec. */
export function isTfjsModelJson(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.weightsManifest);
}

/** A path's file name: the manifest's paths are relative to model.json, and a picked file has no folder. */
const baseName = (path: string) => path.split('/').pop() ?? path;

/** Reads `model.json` (its parsed JSON; `jsonName` is what to call it) and the files given with it. */
export function tfjsToSafetensors(json: unknown, files: GivenFile[], jsonName = 'model.json'): TfjsImport {
  const fail = (problem: Phrase): TfjsImport => ({ ok: false, message: phrase('{file}: {problem}', { file: jsonName, problem }) });
  if (!isTfjsModelJson(json)) return fail(phrase('no weightsManifest, so it is not a TensorFlow.js model.'));
  const groups = (json as { weightsManifest: unknown[] }).weightsManifest;
  const byName = new Map(files.map((f) => [f.name, f]));
  const tensors: TensorToWrite[] = [];
  const seen = new Set<string>();
  const used: string[] = [];
  for (const [g, group] of groups.entries()) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) return fail(phrase('weightsManifest[{g}] needs "paths" and "weights" lists.', { g }));
    const paths = group.paths.map(String);
    const missing = paths.filter((p) => !byName.has(baseName(p)));
    if (missing.length) {
      const names = missing.map(baseName).join(', ');
      return fail(phrase('its weights file {names} is missing. Open {file} and {names} together (select both, or drop both at once).', { names, file: jsonName }));
    }
    const parts = paths.map((p) => byName.get(baseName(p))!);
    used.push(...parts.map((p) => p.name));
    const data = concat(parts.map((p) => p.bytes));
    const entries: ManifestEntry[] = [];
    for (const [i, w] of group.weights.entries()) {
      const e = entry(w);
      if ('template' in e) return fail(phrase('weight {i} of weightsManifest[{g}]: {problem}', { i: i + 1, g, problem: e }));
      if (seen.has(e.name)) return fail(phrase('weight "{name}" is listed twice.', { name: e.name }));
      seen.add(e.name);
      entries.push(e);
    }
    const expected = entries.reduce((n, e) => n + count(e.shape) * BYTES[e.dtype], 0);
    if (expected !== data.byteLength) {
      const vars = { files: parts.map((p) => p.name).join(' + '), n: data.byteLength.toLocaleString('en-US'), weights: entries.length, expected: expected.toLocaleString('en-US') };
      return fail(
        parts.length === 1
          ? phrase("{files} has {n} bytes, but the manifest's {weights} weights need {expected}: the files do not belong together.", vars)
          : phrase("{files} have {n} bytes, but the manifest's {weights} weights need {expected}: the files do not belong together.", vars),
      );
    }
    let at = 0;
    for (const e of entries) {
      const size = count(e.shape) * BYTES[e.dtype];
      const bytes = data.slice(at, at + size);
      at += size;
      // torch stores num_batches_tracked as int64; the export wrote int32 because TensorFlow.js has no int64.
      const values =
        e.dtype === 'int32' ? BigInt64Array.from(new Int32Array(bytes.buffer), (v) => BigInt(v)) : new Float32Array(bytes.buffer);
      tensors.push({ name: e.name, dtype: e.dtype === 'int32' ? 'I64' : 'F32', shape: e.shape, data: values });
    }
  }
  if (tensors.length === 0) return fail(phrase('its weights manifest lists no weights.'));
  const topology = isRecord(json) && isRecord(json.modelTopology) ? json.modelTopology : null;
  return {
    ok: true,
    spec: topology?.spec ?? null,
    weightsName: used[0],
    safetensors: writeSafetensors(tensors, { format: 'pt', source: jsonName }),
  };
}

/** One manifest entry, or why it cannot be read. */
function entry(w: unknown): ManifestEntry | Phrase {
  if (!isRecord(w) || typeof w.name !== 'string' || !w.name) return phrase('it has no name.');
  const { name, shape, dtype } = w;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) return phrase('"{name}" has no valid shape (a list of sizes).', { name });
  if (isRecord(w.quantization)) return phrase('"{name}" is quantized; only unquantized float32 and int32 weights, as this app exports them, can be read.', { name });
  if (typeof dtype !== 'string' || !(dtype in BYTES)) return phrase('"{name}" is {dtype}; only float32 and int32 weights, as this app exports them, can be read.', { name, dtype: String(dtype) });
  return { name, shape: shape as number[], dtype };
}

const count = (shape: number[]) => shape.reduce((n, d) => n * d, 1);

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
