/**
 * The ONNX writer: the file's structure decoded field by field, and the tiny parity models run in ONNX
 * Runtime Web (its WebAssembly backend, in Node) against PyTorch's logits.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { PARITY, PARITY_DIR, paritySpec } from '../../../tests/parity';
import { parseSafetensors, readFloat32 } from '../../runtime/weights/safetensors';
import { checkModel, parseSpec, presetSpec, analyzeSpec, stateDictSchema } from '..';
import { ONNX_IR_VERSION, ONNX_OPSET, onnxModel, type StateDictTensor } from './onnx';

/** A minimal protobuf reader: every field of a message as [number, value] (varints as numbers, bytes as slices). */
function fields(b: Uint8Array): [number, number | Uint8Array][] {
  const out: [number, number | Uint8Array][] = [];
  let at = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const byte = b[at++];
      v += (byte & 0x7f) * mul;
      mul *= 128;
      if (byte < 0x80) return v;
    }
  };
  while (at < b.length) {
    const key = varint();
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) out.push([field, varint()]);
    else if (wire === 2) {
      const n = varint();
      out.push([field, b.subarray(at, at + n)]);
      at += n;
    } else if (wire === 5) {
      out.push([field, new DataView(b.buffer, b.byteOffset + at, 4).getFloat32(0, true)]);
      at += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}
const all = (b: Uint8Array, f: number) => fields(b).filter(([n]) => n === f).map(([, v]) => v);
const one = (b: Uint8Array, f: number) => all(b, f)[0];
const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);

function fixture(key: string) {
  const spec = parseSpec(paritySpec(PARITY[key]));
  if (!spec.ok) throw new Error('bad fixture spec');
  const checked = checkModel(spec.value);
  if (!checked.ok) throw new Error('bad fixture model');
  const weights = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.weights.safetensors`, PARITY_DIR))));
  const dict = new Map<string, StateDictTensor>();
  for (const [k, e] of weights.entries) if (e.dtype === 'F32') dict.set(k, { shape: e.shape, data: readFloat32(weights, e) });
  const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, PARITY_DIR))));
  const tensor = (name: string) => ({ values: readFloat32(io, io.entries.get(name)!), shape: io.entries.get(name)!.shape });
  return { analysis: checked.value, dict, tensor };
}

/** Weights for any graph: every float of key k is a value derived from its position, so nothing is uniform. */
function syntheticDict(graph: ReturnType<typeof analyzeSpec>['graph']): Map<string, StateDictTensor> {
  const dict = new Map<string, StateDictTensor>();
  for (const p of stateDictSchema(graph)) {
    if (p.dtype !== 'F32') continue;
    const n = p.shape.reduce((a, b) => a * b, 1);
    dict.set(p.key, { shape: p.shape, data: Float32Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 10) });
  }
  return dict;
}

describe('ONNX export', () => {
  it('writes opset 13 with torchvision-named initializers, input "input" with a free batch, output "logits"', () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const bytes = onnxModel(a.graph, syntheticDict(a.graph));
    expect(one(bytes, 1)).toBe(ONNX_IR_VERSION);
    expect(text(one(bytes, 2))).toBe('ResNet Explorer');
    const opset = one(bytes, 8) as Uint8Array;
    expect(text(one(opset, 1) ?? new Uint8Array())).toBe('');
    expect(one(opset, 2)).toBe(ONNX_OPSET);
    const graph = one(bytes, 7) as Uint8Array;
    const nodes = all(graph, 1).map((n) => ({ op: text(one(n as Uint8Array, 4)), name: text(one(n as Uint8Array, 3)), inputs: all(n as Uint8Array, 1).map(text), attrs: all(n as Uint8Array, 5) }));
    const count = (op: string) => nodes.filter((n) => n.op === op).length;
    expect(count('Conv')).toBe(20);
    expect(count('BatchNormalization')).toBe(20);
    expect(count('Relu')).toBe(17);
    expect(count('Add')).toBe(8);
    expect([count('MaxPool'), count('GlobalAveragePool'), count('Flatten'), count('Gemm')]).toEqual([1, 1, 1, 1]);
    expect(nodes.find((n) => n.name === 'layer2.0.downsample.0')!.inputs).toEqual(['layer1.1.relu#2', 'layer2.0.downsample.0.weight']);
    // Conv attributes: dilations, group, kernel_shape, pads, strides.
    const conv1 = nodes.find((n) => n.name === 'conv1')!;
    const attr = Object.fromEntries(conv1.attrs.map((a) => [text(one(a as Uint8Array, 1)), all(a as Uint8Array, 8).length ? all(a as Uint8Array, 8) : one(a as Uint8Array, 3)]));
    expect(attr).toEqual({ dilations: [1, 1], group: 1, kernel_shape: [7, 7], pads: [3, 3, 3, 3], strides: [2, 2] });
    const inits = all(graph, 5).map((t) => ({ name: text(one(t as Uint8Array, 8)), dims: all(t as Uint8Array, 1), bytes: (one(t as Uint8Array, 9) as Uint8Array).length }));
    expect(inits.map((i) => i.name)).toEqual(stateDictSchema(a.graph).filter((p) => p.dtype === 'F32').map((p) => p.key));
    expect(inits.find((i) => i.name === 'conv1.weight')).toEqual({ name: 'conv1.weight', dims: [64, 3, 7, 7], bytes: 64 * 3 * 49 * 4 });
    // The parameters plus batch norm's running mean and variance (buffers, not parameters).
    const buffers = a.graph.layers.filter((l) => l.type === 'BatchNorm2d').reduce((n, l) => n + 2 * l.outChannels, 0);
    expect(inits.reduce((n, i) => n + i.bytes / 4, 0)).toBe(11_689_512 + buffers);
    expect(a.params).toBe(11_689_512);
    const io = (f: number) => {
      const v = one(graph, f) as Uint8Array;
      const tensor = one(one(v, 2) as Uint8Array, 1) as Uint8Array;
      const dims = all(one(tensor, 2) as Uint8Array, 1).map((d) => fields(d as Uint8Array)[0]);
      return { name: text(one(v, 1)), elem: one(tensor, 1), dims: dims.map(([k, x]) => (k === 2 ? text(x) : x)) };
    };
    expect(io(11)).toEqual({ name: 'input', elem: 1, dims: ['batch', 3, 224, 224] });
    expect(io(12)).toEqual({ name: 'logits', elem: 1, dims: ['batch', 1000] });
  });

  it('names the weight that is missing or has the wrong shape', () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const dict = syntheticDict(a.graph);
    dict.delete('layer3.1.bn2.running_var');
    expect(() => onnxModel(a.graph, dict)).toThrow('layer3.1.bn2.running_var is missing from the weights');
    const wrong = syntheticDict(a.graph);
    wrong.set('fc.weight', { shape: [10, 512], data: new Float32Array(5120) });
    expect(() => onnxModel(a.graph, wrong)).toThrow('fc.weight should be float32 [1000, 512], got float32 [10, 512]');
  });

  it.each(Object.keys(PARITY))("%s runs in ONNX Runtime Web with PyTorch's logits within 1e-4", async (key) => {
    const { analysis, dict, tensor } = fixture(key);
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(onnxModel(analysis.graph, dict));
    const input = tensor('input');
    const out = await session.run({ input: new ort.Tensor('float32', input.values, input.shape) });
    const expected = tensor('expected.logits');
    expect(out.logits.dims).toEqual(expected.shape);
    const got = out.logits.data as Float32Array;
    let diff = 0;
    let scale = 0;
    expected.values.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(got[i] - v));
      scale = Math.max(scale, Math.abs(v));
    });
    expect(diff / scale).toBeLessThan(1e-4);
    await session.release();
  });
});
