/**
 * The model as an ONNX file (opset 13), written from the layer graph and a state_dict: one node per layer
 * (Conv with its groups, BatchNormalization in inference mode, Relu, MaxPool, Add, GlobalAveragePool, then
 * Flatten and Gemm for the head), initializers named by torchvision's state_dict keys, input `input`
 * (float32 NCHW, any batch size) and output `logits`. Batch norm stays a node of its own, so the file holds
 * exactly the state_dict (less `num_batches_tracked`) and runtimes fold it themselves.
 *
 * The protobuf is written by hand: the file needs a dozen message types, and a writer of ~60 lines keeps a
 * protobuf library (and its generated ONNX schema) out of the app. Field numbers are onnx.proto's (v1.13).
 */
import type { LayerGraph } from '../graph';
import { stateDictSchema } from '../stateDict';

export const ONNX_OPSET = 13;
/** IR version 7 is the one that introduced opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;
/** torchvision's BatchNorm2d epsilon (its default), in every runtime and export. */
export const BN_EPSILON = 1e-5;

export interface StateDictTensor {
  shape: number[];
  data: Float32Array | BigInt64Array;
}

/** A protobuf message as a list of byte chunks; nesting adds a header instead of copying the payload. */
class Message {
  readonly parts: Uint8Array[] = [];
  length = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }

  private varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`cannot encode ${v} as a varint`);
    const out: number[] = [];
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    this.push(Uint8Array.from(out));
  }

  private key(field: number, wire: 0 | 2 | 5): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }

  float(field: number, v: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    this.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: Message): this {
    this.key(field, 2);
    this.varint(m.length);
    for (const p of m.parts) this.push(p);
    return this;
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

// onnx.proto's enums.
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

type Attr = { name: string } & ({ f: number } | { i: number } | { ints: number[] });

function attribute(a: Attr): Message {
  const m = new Message().string(1, a.name);
  if ('f' in a) return m.float(2, a.f).int(20, ATTR_FLOAT);
  if ('i' in a) return m.int(3, a.i).int(20, ATTR_INT);
  for (const v of a.ints) m.int(8, v);
  return m.int(20, ATTR_INTS);
}

function node(opType: string, name: string, inputs: string[], output: string, attrs: Attr[] = []): Message {
  const m = new Message();
  for (const i of inputs) m.string(1, i);
  m.string(2, output).string(3, name).string(4, opType);
  for (const a of attrs) m.message(5, attribute(a));
  return m;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function floatBytes(data: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function initializer(name: string, t: StateDictTensor): Message {
  const m = new Message();
  for (const d of t.shape) m.int(1, d);
  return m.int(2, FLOAT).string(8, name).bytes(9, floatBytes(t.data as Float32Array));
}

/** A float32 tensor's name and shape; a string dimension is symbolic (the batch). */
function valueInfo(name: string, dims: (number | string)[]): Message {
  const shape = new Message();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Message().int(1, d) : new Message().string(2, d));
  const tensor = new Message().int(1, FLOAT).message(2, shape);
  return new Message().string(1, name).message(2, new Message().message(1, tensor));
}

/**
 * The ONNX file of `graph` with the weights in `stateDict` (torchvision's keys and PyTorch's layouts: OIHW
 * convolutions, [out, in] linear weight). Throws, naming the key, when a weight is missing or mis-shaped.
 */
export function onnxModel(graph: LayerGraph, stateDict: ReadonlyMap<string, StateDictTensor>, producerVersion = '0.1.0'): Uint8Array {
  const g = new Message();
  const layers = graph.layers;
  const last = layers[layers.length - 1];
  const value = (id: string) => (id === last.id ? 'logits' : id);
  for (const l of layers) {
    const x = value(l.inputs[0].from);
    const out = value(l.id);
    const w = (suffix: string) => `${l.name}.${suffix}`;
    switch (l.type) {
      case 'Conv2d': {
        const k = l.kernel ?? 1;
        const p = l.padding ?? 0;
        const s = l.stride ?? 1;
        g.message(1, node('Conv', l.id, [x, w('weight')], out, [
          { name: 'dilations', ints: [1, 1] },
          { name: 'group', i: l.groups ?? 1 },
          { name: 'kernel_shape', ints: [k, k] },
          { name: 'pads', ints: [p, p, p, p] },
          { name: 'strides', ints: [s, s] },
        ]));
        break;
      }
      case 'BatchNorm2d':
        g.message(1, node('BatchNormalization', l.id, [x, w('weight'), w('bias'), w('running_mean'), w('running_var')], out, [
          { name: 'epsilon', f: BN_EPSILON },
          { name: 'momentum', f: 0.9 },
        ]));
        break;
      case 'ReLU':
        g.message(1, node('Relu', l.id, [x], out));
        break;
      case 'MaxPool2d': {
        const p = l.padding ?? 0;
        g.message(1, node('MaxPool', l.id, [x], out, [
          { name: 'kernel_shape', ints: [l.kernel!, l.kernel!] },
          { name: 'pads', ints: [p, p, p, p] },
          { name: 'strides', ints: [l.stride!, l.stride!] },
        ]));
        break;
      }
      case 'Add':
        g.message(1, node('Add', l.id, [x, value(l.inputs[1].from)], out));
        break;
      case 'AdaptiveAvgPool2d':
        g.message(1, node('GlobalAveragePool', l.id, [x], out));
        break;
      case 'Linear':
        // torchvision's forward: torch.flatten(x, 1), then the linear layer.
        g.message(1, node('Flatten', 'flatten', [x], 'flatten', [{ name: 'axis', i: 1 }]));
        g.message(1, node('Gemm', l.id, ['flatten', w('weight'), w('bias')], out, [
          { name: 'alpha', f: 1 },
          { name: 'beta', f: 1 },
          { name: 'transB', i: 1 },
        ]));
        break;
    }
  }
  g.string(2, 'resnet');
  for (const p of stateDictSchema(graph)) {
    if (p.dtype !== 'F32') continue;
    const t = stateDict.get(p.key);
    if (!t) throw new Error(`${p.key} is missing from the weights`);
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (!(t.data instanceof Float32Array) || t.data.length !== size || t.shape.join() !== p.shape.join()) {
      throw new Error(`${p.key} should be float32 [${p.shape.join(', ')}], got ${t.data instanceof Float32Array ? 'float32' : 'int64'} [${t.shape.join(', ')}]`);
    }
    g.message(5, initializer(p.key, t));
  }
  const { channels, height, width } = graph.spec.input;
  g.string(10, 'A torchvision-style ResNet exported by ResNet Explorer; batch norm in inference mode.');
  g.message(11, valueInfo('input', ['batch', channels, height, width]));
  g.message(12, valueInfo('logits', ['batch', last.outChannels]));

  return new Message()
    .int(1, ONNX_IR_VERSION)
    .string(2, 'ResNet Explorer')
    .string(3, producerVersion)
    .message(7, g)
    .message(8, new Message().string(1, '').int(2, ONNX_OPSET))
    .concat();
}
