/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. The reader trusts nothing in the file: every length, offset and shape
 * is checked against the file before anything is read or allocated, and every failure is a SafetensorsError.
 */

import { PhraseError, phrase, type Phrase } from '../../core/phrase';

/** Why the bytes are not a safetensors file this app can read (code `safetensors`). */
export class SafetensorsError extends PhraseError {
  constructor(reason: Phrase) {
    super(reason, 'safetensors');
    this.name = 'SafetensorsError';
  }
}

export const DTYPE_SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Offset of the tensor's bytes within the whole file. */
  byteOffset: number;
  byteLength: number;
}

export interface SafetensorsFile {
  entries: Map<string, TensorEntry>;
  metadata: Record<string, string>;
  bytes: Uint8Array;
}

/** The format's own limit on the header (and far more than any state_dict needs). */
const MAX_HEADER = 100_000_000;

function fail(reason: Phrase): never {
  throw new SafetensorsError(reason);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) fail(phrase('the file is {n} bytes, too short to be a safetensors file', { n: bytes.byteLength }));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.byteLength - 8)) {
    fail(phrase('the header claims {claimed} bytes but the file has only {n} after its length: the file is truncated or not safetensors', { claimed: String(headerLength), n: bytes.byteLength - 8 }));
  }
  const n = Number(headerLength);
  if (n > MAX_HEADER) fail(phrase("the header is {n} bytes, over the format's limit of {max}", { n, max: MAX_HEADER }));
  if (n < 2) fail(phrase('the header is empty'));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail(phrase('the header is not valid UTF-8: this is not a safetensors file'));
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    fail(phrase('the header is not valid JSON: this is not a safetensors file, or it is corrupt'));
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(phrase('the header is not a JSON object'));

  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  const entries = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        metadata = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      }
      continue;
    }
    const label = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(phrase('tensor {name} has no description', { name: label }));
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_SIZES)) fail(phrase('tensor {name} has an unknown dtype {dtype}', { name: label, dtype: String(JSON.stringify(dtype)) }));
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every(isCount)) fail(phrase('tensor {name} has an invalid shape', { name: label }));
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) fail(phrase('tensor {name} has invalid data offsets', { name: label }));
    const [begin, end] = offsets as [number, number];
    let elements = 1;
    for (const d of shape as number[]) {
      elements *= d;
      if (!Number.isSafeInteger(elements * 8)) fail(phrase('tensor {name} is impossibly large', { name: label }));
    }
    if (begin > end || end > dataLength) {
      fail(phrase('tensor {name} lies at bytes {begin}–{end}, outside the {n} bytes of data: the file is truncated or corrupt', { name: label, begin, end, n: dataLength }));
    }
    if (end - begin !== elements * DTYPE_SIZES[dtype]) {
      fail(
        phrase('tensor {name} should take {expected} bytes ({dtype} {shape}) but its offsets span {n}', {
          name: label,
          expected: elements * DTYPE_SIZES[dtype],
          dtype,
          shape: JSON.stringify(shape),
          n: end - begin,
        }),
      );
    }
    entries.set(name, { name, dtype, shape: shape as number[], byteOffset: dataStart + begin, byteLength: end - begin });
  }
  // Tensors may not share bytes.
  const sorted = [...entries.values()].sort((a, b) => a.byteOffset - b.byteOffset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].byteOffset < prev.byteOffset + prev.byteLength && sorted[i].byteLength > 0 && prev.byteLength > 0) {
      fail(phrase('tensors {a} and {b} overlap: the file is corrupt', { a: JSON.stringify(prev.name), b: JSON.stringify(sorted[i].name) }));
    }
  }
  return { entries, metadata, bytes };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Every float16 bit pattern's value, built on first use: conversion is then one lookup per element. */
let halfTable: Float32Array | null = null;

/** `bytes` (little-endian, as both safetensors and torch.save write) viewed as `T`, copied only when unaligned. */
function view<T>(bytes: Uint8Array, size: number, make: (buffer: ArrayBufferLike, offset: number, length: number) => T): T {
  const n = bytes.byteLength / size;
  return bytes.byteOffset % size === 0 ? make(bytes.buffer, bytes.byteOffset, n) : make(bytes.slice().buffer, 0, n);
}

/**
 * Floating-point values (F32, F64, F16, BF16) as a new float32 array; null for other dtypes. Used by both
 * weights readers. Assumes a little-endian host, as every browser and Node platform is.
 */
export function decodeFloat32(bytes: Uint8Array, dtype: string): Float32Array | null {
  switch (dtype) {
    case 'F32':
      return new Float32Array(bytes.slice().buffer);
    case 'F64':
      return new Float32Array(view(bytes, 8, (b, o, n) => new Float64Array(b, o, n)));
    case 'F16': {
      if (!halfTable) {
        halfTable = new Float32Array(65536);
        for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
      }
      const table = halfTable;
      const half = view(bytes, 2, (b, o, n) => new Uint16Array(b, o, n));
      const out = new Float32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = table[half[i]];
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const half = view(bytes, 2, (b, o, n) => new Uint16Array(b, o, n));
      const out = new Uint32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = half[i] << 16;
      return new Float32Array(out.buffer);
    }
    default:
      return null;
  }
}

/** A floating-point tensor's values as float32 (F16, BF16 and F64 converted). Integers are refused. */
export function readFloat32(file: SafetensorsFile, entry: TensorEntry): Float32Array {
  const values = decodeFloat32(file.bytes.subarray(entry.byteOffset, entry.byteOffset + entry.byteLength), entry.dtype);
  if (!values) throw new SafetensorsError(phrase('tensor {name} is {dtype}, not a floating-point type', { name: JSON.stringify(entry.name), dtype: entry.dtype }));
  return values;
}

export interface TensorToWrite {
  name: string;
  dtype: 'F32' | 'I64';
  shape: number[];
  data: Float32Array | BigInt64Array;
}

/** Writes tensors in the given order, as `safetensors.torch.save_file` would (header padded to 8 bytes). */
export function writeSafetensors(tensors: TensorToWrite[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const size = t.data.byteLength;
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
