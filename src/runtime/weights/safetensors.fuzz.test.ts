/**
 * Thousands of mutated safetensors files: the reader may accept one or refuse it with its own error, but
 * never throw anything else, hang, or allocate beyond the file's size.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARITY_DIR } from '../../../tests/parity';
import { SafetensorsError, parseSafetensors, readFloat32 } from './safetensors';

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

const base = new Uint8Array(readFileSync(new URL('tiny-grouped.weights.safetensors', PARITY_DIR)));
const headerLength = Number(new DataView(base.buffer).getBigUint64(0, true));

function mutate(r: () => number): Uint8Array {
  const b = Uint8Array.from(base);
  const kind = Math.floor(r() * 6);
  const at = (limit: number) => Math.floor(r() * limit);
  if (kind === 0) for (let i = 0; i < 1 + at(8); i++) b[at(8 + headerLength)] ^= 1 << at(8);
  if (kind === 1) return b.slice(0, at(b.length));
  if (kind === 2) new DataView(b.buffer).setBigUint64(0, BigInt(Math.floor(r() * 2 ** 53)), true);
  if (kind === 3) {
    // Rewrite numbers in the header: offsets and shapes out of range, negative, huge.
    const text = new TextDecoder().decode(b.subarray(8, 8 + headerLength));
    const evil = ['-1', '1e308', '9007199254740993', '0', '4294967296', '1.5', 'null', '"x"', '[]'];
    const out = text.replace(/\d+/g, (m) => (r() < 0.08 ? evil[at(evil.length)] : m));
    const enc = new TextEncoder().encode(out);
    const c = new Uint8Array(8 + enc.length + (b.length - 8 - headerLength));
    new DataView(c.buffer).setBigUint64(0, BigInt(enc.length), true);
    c.set(enc, 8);
    c.set(b.subarray(8 + headerLength), 8 + enc.length);
    return c;
  }
  if (kind === 4) for (let i = 0; i < 64; i++) b[at(b.length)] = at(256);
  if (kind === 5) {
    const text = new TextDecoder().decode(b.subarray(8, 8 + headerLength)).replace(/"F32"/g, () => (r() < 0.3 ? '"F17"' : r() < 0.5 ? '"I64"' : '"F32"'));
    b.set(new TextEncoder().encode(text).subarray(0, headerLength), 8);
  }
  return b;
}

describe('safetensors reader under fuzzing', () => {
  it('5000 mutated files: accepted, or refused with a SafetensorsError, within the file size (a hang fails on the test timeout)', () => {
    const r = rng(20261128);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = mutate(r);
      try {
        const file = parseSafetensors(bytes);
        let allocated = 0;
        for (const e of file.entries.values()) {
          try {
            allocated += readFloat32(file, e).byteLength;
          } catch (err) {
            if (!(err instanceof SafetensorsError)) throw err;
          }
        }
        // float32 copies of F16 data are twice their bytes: never more.
        expect(allocated).toBeLessThanOrEqual(2 * bytes.length);
        accepted++;
      } catch (err) {
        if (!(err instanceof SafetensorsError)) throw new Error(`iteration ${i}: ${String(err)}`, { cause: err });
        refused++;
      }
    }
    expect(accepted + refused).toBe(5000);
    expect(refused).toBeGreaterThan(1000);
  });
});
