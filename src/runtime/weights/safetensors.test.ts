import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARITY_DIR } from '../../../tests/parity';
import { SafetensorsError, parseSafetensors, readFloat32, writeSafetensors } from './safetensors';

function withHeader(header: unknown, data = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('reads the torchvision parity fixtures written by PyTorch', () => {
    const file = parseSafetensors(new Uint8Array(readFileSync(new URL('tiny-basic.weights.safetensors', PARITY_DIR))));
    const conv = file.entries.get('conv1.weight')!;
    expect(conv).toMatchObject({ dtype: 'F32', shape: [8, 3, 7, 7] });
    expect(file.entries.get('bn1.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [] });
    const values = readFloat32(file, conv);
    expect(values).toHaveLength(8 * 3 * 49);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('round-trips what it writes, with metadata', () => {
    const a = Float32Array.from([1, -2.5, 3e-8, 1e30]);
    const bytes = writeSafetensors(
      [
        { name: 'a', dtype: 'F32', shape: [2, 2], data: a },
        { name: 'n', dtype: 'I64', shape: [], data: BigInt64Array.from([7n]) },
      ],
      { format: 'pt' },
    );
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(readFloat32(file, file.entries.get('a')!)).toEqual(a);
    expect(() => readFloat32(file, file.entries.get('n')!)).toThrow(/I64, not a floating-point type/);
  });

  it('converts F16, BF16 and F64 to float32', () => {
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7c00]).buffer);
    const bf = new Uint8Array(new Uint16Array([0x3f80, 0xc020]).buffer);
    const f64 = new Uint8Array(new Float64Array([0.1, -3]).buffer);
    const data = new Uint8Array([...half, ...bf, ...f64]);
    const file = parseSafetensors(
      withHeader(
        {
          h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
          b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
          d: { dtype: 'F64', shape: [2], data_offsets: [12, 28] },
        },
        data,
      ),
    );
    expect([...readFloat32(file, file.entries.get('h')!)]).toEqual([1, -2, 2 ** -24, Infinity]);
    expect([...readFloat32(file, file.entries.get('b')!)]).toEqual([1, -2.5]);
    expect(readFloat32(file, file.entries.get('d')!)[0]).toBeCloseTo(0.1, 7);
  });

  const f32 = new Uint8Array(16);
  it.each([
    ['too short', new Uint8Array(5), /too short/],
    ['header longer than the file', (() => { const b = withHeader({}); new DataView(b.buffer).setBigUint64(0, 1n << 40n, true); return b; })(), /truncated or not safetensors/],
    ['header not JSON', (() => { const b = withHeader({ a: 1 }); b[9] = 0x7b; b[10] = 0x7b; return b; })(), /not valid JSON/],
    ['header not UTF-8', (() => { const b = withHeader({ aa: 1 }); b[10] = 0xff; return b; })(), /not valid UTF-8/],
    ['header a list', withHeader([1, 2]), /not a JSON object/],
    ['unknown dtype', withHeader({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, f32), /unknown dtype "F128"/],
    ['negative shape', withHeader({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32), /invalid shape/],
    ['offsets out of range', withHeader({ w: { dtype: 'F32', shape: [8], data_offsets: [0, 32] } }, f32), /outside the 16 bytes/],
    ['offsets that do not match the shape', withHeader({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, f32), /should take 12 bytes/],
    ['overlapping tensors', withHeader({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, f32), /overlap/],
    ['a huge shape', withHeader({ w: { dtype: 'F32', shape: [1e9, 1e9, 1e9], data_offsets: [0, 16] } }, f32), /impossibly large/],
  ])('refuses %s with a SafetensorsError', (_, bytes, message) => {
    expect(() => parseSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => parseSafetensors(bytes)).toThrow(message);
  });
});
