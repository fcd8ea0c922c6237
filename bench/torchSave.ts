/**
 * A state_dict laid out exactly as torch.save (PyTorch >= 1.6) writes it, built in memory for the benchmark:
 * a protocol-2 `data.pkl` (an OrderedDict of `_rebuild_tensor_v2` calls on persistent storages) and one
 * stored, 64-byte-aligned `data/<key>` entry per tensor, with CRC-32s, as PyTorch's zip writer makes them.
 */

export interface TensorToSave {
  name: string;
  dtype: 'F32' | 'I64';
  shape: number[];
  data: Float32Array | BigInt64Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class Bytes {
  private parts: number[] = [];
  op(...codes: number[]): this {
    this.parts.push(...codes);
    return this;
  }
  int(n: number): this {
    if (n < 256) return this.op(0x4b, n); // BININT1
    if (n < 65536) return this.op(0x4d, n & 0xff, n >> 8); // BININT2
    return this.op(0x4a, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24); // BININT
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    this.op(0x58, b.length & 0xff, (b.length >> 8) & 0xff, 0, 0); // BINUNICODE
    return this.op(...b);
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  tuple(xs: number[]): this {
    this.op(0x28);
    for (const x of xs) this.int(x);
    return this.op(0x74);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function dataPkl(tensors: TensorToSave[]): Uint8Array {
  const p = new Bytes().op(0x80, 2).global('collections', 'OrderedDict').op(0x29, 0x52, 0x28);
  tensors.forEach((t, key) => {
    const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    p.str(t.name).global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    p.op(0x28).str('storage').global('torch', t.dtype === 'F32' ? 'FloatStorage' : 'LongStorage').str(String(key)).str('cpu').int(t.data.length).op(0x74, 0x51);
    p.int(0).tuple(t.shape).tuple(strides).op(0x89).global('collections', 'OrderedDict').op(0x29, 0x52, 0x74, 0x52);
  });
  return p.op(0x75, 0x2e).done();
}

export function torchSave(tensors: TensorToSave[], archive = 'archive'): Uint8Array {
  const entries: [string, Uint8Array][] = [
    [`${archive}/data.pkl`, dataPkl(tensors)],
    ...tensors.map((t, key): [string, Uint8Array] => [`${archive}/data/${key}`, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)]),
    [`${archive}/version`, new TextEncoder().encode('3\n')],
  ];
  const enc = new TextEncoder();
  const locals: { name: Uint8Array; offset: number; crc: number; size: number }[] = [];
  let size = 0;
  for (const [name, data] of entries) {
    const n = enc.encode(name).length;
    const pad = (64 - ((size + 30 + n + 4) % 64)) % 64;
    size += 30 + n + 4 + pad + data.length;
  }
  const central = entries.reduce((s, [name]) => s + 46 + enc.encode(name).length, 0);
  const out = new Uint8Array(size + central + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [nameText, data] of entries) {
    const name = enc.encode(nameText);
    // The 'FB' extra field pads each entry's data to a 64-byte boundary, as PyTorch's writer does.
    const pad = (64 - ((at + 30 + name.length + 4) % 64)) % 64;
    const crc = crc32(data);
    locals.push({ name, offset: at, crc, size: data.length });
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint32(at + 14, crc, true);
    view.setUint32(at + 18, data.length, true);
    view.setUint32(at + 22, data.length, true);
    view.setUint16(at + 26, name.length, true);
    view.setUint16(at + 28, 4 + pad, true);
    out.set(name, at + 30);
    view.setUint16(at + 30 + name.length, 0x4246, true); // 'FB'
    view.setUint16(at + 32 + name.length, pad, true);
    out.fill(0x5a, at + 34 + name.length, at + 34 + name.length + pad);
    out.set(data, at + 34 + name.length + pad);
    at += 34 + name.length + pad + data.length;
  }
  const dirStart = at;
  for (const e of locals) {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint32(at + 16, e.crc, true);
    view.setUint32(at + 20, e.size, true);
    view.setUint32(at + 24, e.size, true);
    view.setUint16(at + 28, e.name.length, true);
    view.setUint32(at + 42, e.offset, true);
    out.set(e.name, at + 46);
    at += 46 + e.name.length;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, locals.length, true);
  view.setUint16(at + 10, locals.length, true);
  view.setUint32(at + 12, at - dirStart, true);
  view.setUint32(at + 16, dirStart, true);
  return out;
}
