/**
 * Thousands of mutated torch.save files (zip and legacy, from PyTorch): the reader may accept one or refuse
 * it with a PthError, but never throw anything else, hang, or allocate beyond what the file's bytes allow.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PthError, readTorchFile } from '.';
import { readZip } from './zip';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PTH = new URL('../../../../tests/fixtures/pth/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, PTH)));

/** Each base file and where its pickle lies (mutations aim there more than at the raw tensor data). */
const BASES = ['shared-storage.pth', 'tiny-grouped.pth', 'tiny-basic.legacy.pth', 'extra/dtypes.protocol4.pth', 'tiny-bottleneck.checkpoint.pth'].map((name) => {
  const bytes = read(name);
  if (bytes[0] !== 0x50) return { name, bytes, pickle: [0, 9000] as const };
  const pkl = [...readZip(bytes)].find(([n]) => n.endsWith('/data.pkl'))![1];
  return { name, bytes, pickle: [pkl.byteOffset, pkl.byteOffset + pkl.length] as const };
});
const EVIL = [0x00, 0xff, 0x7f, 0x80, 0x28, 0x2e, 0x4a, 0x51, 0x52, 0x62, 0x63, 0x68, 0x8a, 0x8b, 0x93];

function mutate(r: () => number, base: (typeof BASES)[number]): Uint8Array {
  const at = (limit: number) => Math.floor(r() * limit);
  const inPickle = () => base.pickle[0] + at(base.pickle[1] - base.pickle[0]);
  const b = Uint8Array.from(base.bytes);
  switch (at(6)) {
    case 0: // flipped bits in the pickle
      for (let i = 0; i < 1 + at(4); i++) b[inPickle()] ^= 1 << at(8);
      return b;
    case 1: // truncated
      return b.slice(0, at(b.length));
    case 2: // opcodes and lengths from a hostile palette, in the pickle
      for (let i = 0; i < 1 + at(3); i++) b[inPickle()] = EVIL[at(EVIL.length)];
      return b;
    case 3: {
      // bytes cut out of or duplicated into the pickle (everything after shifts)
      const from = inPickle();
      const n = 1 + at(6);
      const cut = r() < 0.5;
      const out = new Uint8Array(b.length + (cut ? -n : n));
      out.set(b.subarray(0, cut ? from : from + n));
      out.set(b.subarray(cut ? from + n : from), from + (cut ? 0 : n));
      return out;
    }
    case 4: // the zip directory, or the legacy storages' counts and data
      for (let i = 0; i < 1 + at(8); i++) b[b.length - 1 - at(Math.min(b.length, 400))] = at(256);
      return b;
    default: // anywhere
      for (let i = 0; i < 32; i++) b[at(b.length)] = at(256);
      return b;
  }
}

describe('torch.save reader under fuzzing', () => {
  it('3000 mutated files: accepted, or refused with a PthError, within the file size (a hang fails on the test timeout)', () => {
    const r = rng(20261129);
    const outcomes = { accepted: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const base = BASES[i % BASES.length];
      const bytes = mutate(r, base);
      try {
        for (const t of readTorchFile(bytes)) {
          let values: Float32Array | BigInt64Array | null = null;
          try {
            values = t.dtype === 'I64' ? t.int64() : t.float32();
          } catch (err) {
            if (!(err instanceof PthError)) throw err;
          }
          // float16 doubles in float32: never more, whatever the shapes and strides claim.
          if (values) expect(values.byteLength, `iteration ${i} (${base.name}): ${t.name}`).toBeLessThanOrEqual(2 * bytes.length);
        }
        outcomes.accepted++;
      } catch (err) {
        if (!(err instanceof PthError)) throw new Error(`iteration ${i} (${base.name}): ${String(err)}`, { cause: err });
        outcomes.refused++;
      }
    }
    expect(outcomes.refused).toBeGreaterThan(800);
    expect(outcomes.accepted).toBeGreaterThan(100);
  });
});
