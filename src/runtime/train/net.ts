/**
 * A ResNet that can learn: every trainable parameter lives in one flat float32 tensor (state_dict order,
 * each in TensorFlow.js layout: HWIO convs, [in, out] linear weight), so the gradient comes back as one flat
 * tensor and the optimiser is a handful of whole-vector operations. The BatchNorm running statistics are flat
 * too (all means, then all variances). The graph is the core's: layer names are torchvision's state_dict keys.
 */
import * as tf from '@tensorflow/tfjs-core';
import { stateDictSchema, type Layer, type ModelAnalysis, type ParamSpec } from '../../core';
import { batchNormBackward, batchNormEval, batchNormTrain, BN_MOMENTUM, type BatchStats, type BnSaved } from './batchNorm';
import { convBackward, convForward, inputGradFilterIndex, inputGradPlan } from './conv';
import { zeroPadBackward, zeroPadForward } from './shortcut';

/** A state_dict entry as PyTorch saves it (OIHW convs, [out, in] linear weight, int64 batch counts). */
export interface StateDictEntry {
  key: string;
  shape: number[];
  dtype: 'F32' | 'I64';
  data: Float32Array | BigInt64Array;
}

/** One trainable tensor's place in the flat vector. */
export interface FlatSlot {
  spec: ParamSpec;
  /** Shape in TensorFlow.js layout. */
  tfShape: number[];
  offset: number;
  size: number;
}

const TRAINABLE = new Set<ParamSpec['role']>(['conv', 'bn.weight', 'bn.bias', 'fc.weight', 'fc.bias']);

function tfShapeOf(p: ParamSpec): number[] {
  if (p.role === 'conv') return [p.shape[2], p.shape[3], p.shape[1], p.shape[0]];
  if (p.role === 'fc.weight') return [p.shape[1], p.shape[0]];
  return p.shape;
}

const product = (s: number[]) => s.reduce((a, b) => a * b, 1);

const maxPoolBackward = (dy: tf.Tensor4D, input: tf.Tensor4D, output: tf.Tensor4D, l: Layer): tf.Tensor4D =>
  tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: l.kernel!, strides: l.stride!, pad: l.padding! }) as tf.Tensor4D;

/** Backends whose tensors live in CPU memory, where reading one back is a copy and no stall. */
const CPU_MEMORY_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * A flat vector cut into consecutive pieces. On WebAssembly every slice first copies its whole input out of
 * the heap, so `split` into n pieces copies the vector n times; there the vector is read once and each piece
 * written back (`values` returns what was read). Elsewhere (GPU memory) `split` stays on the device.
 */
function splitFlat(flat: tf.Tensor1D, sizes: number[]): { parts: tf.Tensor1D[]; values?: Float32Array } {
  if (!CPU_MEMORY_BACKENDS.has(tf.getBackend())) return { parts: tf.split(flat, sizes) as tf.Tensor1D[] };
  const all = flat.dataSync() as Float32Array;
  let offset = 0;
  const parts = sizes.map((size) => {
    const part = tf.tensor1d(all.subarray(offset, offset + size));
    offset += size;
    return part;
  });
  return { parts, values: all };
}

/**
 * A convolution's input-gradient filter (`convInputGradPolyphase`): which entries of the flat vector it is
 * made of (the vector's length for a zero), and its shape.
 */
interface GradFilterSlot {
  layer: string;
  index: Int32Array;
  shape: [number, number, number, number];
}

/** One training step's arithmetic, before the optimiser: the loss, right answers, flat gradient and batch statistics. */
export interface LossAndGradient {
  loss: tf.Scalar;
  correct: tf.Scalar;
  grad: tf.Tensor1D;
  stats: Map<string, BatchStats>;
}

export class TrainableNet {
  readonly schema: ParamSpec[];
  readonly slots: FlatSlot[];
  readonly slotByKey: Map<string, FlatSlot>;
  /** BatchNorm layers in state_dict order, and each one's channel offset in the flat running statistics. */
  readonly bnLayers: { layer: string; offset: number; channels: number }[];
  readonly paramCount: number;
  /** The input-gradient filters of the convolutions whose input needs a gradient (all but the stem's). */
  private readonly gradFilterSlots: GradFilterSlot[] = [];
  private readonly layerByName = new Map<string, Layer>();
  private readonly lastUse = new Map<string, number>();
  /**
   * Batch norms whose only reader is a ReLU (by the BN's id, the ReLU's): the two run as one kernel, and the
   * BN's own output is never made (the ReLU's stands for it; nothing else reads it).
   */
  private readonly reluAfter = new Map<string, string>();
  private readonly fusedRelus: Set<string>;

  constructor(readonly analysis: ModelAnalysis) {
    this.schema = stateDictSchema(analysis.graph);
    let offset = 0;
    this.slots = this.schema
      .filter((p) => TRAINABLE.has(p.role))
      .map((spec) => {
        const size = product(spec.shape);
        const slot = { spec, tfShape: tfShapeOf(spec), offset, size };
        offset += size;
        return slot;
      });
    this.paramCount = offset;
    this.slotByKey = new Map(this.slots.map((s) => [s.spec.key, s]));
    let channels = 0;
    this.bnLayers = this.schema
      .filter((p) => p.role === 'bn.running_mean')
      .map((p) => {
        const entry = { layer: p.layer, offset: channels, channels: p.shape[0] };
        channels += p.shape[0];
        return entry;
      });
    for (const l of analysis.graph.layers) this.layerByName.set(l.name, l);
    for (const { layer: l } of analysis.layers) {
      if (l.type !== 'Conv2d' || (l.groups ?? 1) !== 1 || l.inputs[0].from === 'input') continue;
      const slot = this.slotByKey.get(`${l.name}.weight`)!;
      const [k, , cin, cout] = slot.tfShape;
      const stride = l.stride ?? 1;
      const padding = l.padding ?? 0;
      const { taps } = inputGradPlan(k, stride, padding);
      const local = inputGradFilterIndex(k, cin, cout, stride, padding);
      const index = local.map((i) => (i === slot.size ? this.paramCount : slot.offset + i));
      this.gradFilterSlots.push({ layer: l.name, index, shape: [taps, taps, cout, stride * stride * cin] });
    }
    analysis.layers.forEach((l, i) => l.layer.inputs.forEach((inp) => this.lastUse.set(inp.from, i)));
    const readers = new Map<string, Layer[]>();
    for (const { layer: l } of analysis.layers) for (const inp of l.inputs) readers.set(inp.from, [...(readers.get(inp.from) ?? []), l]);
    for (const { layer: l } of analysis.layers) {
      const r = readers.get(l.id);
      if (l.type === 'BatchNorm2d' && r?.length === 1 && r[0].type === 'ReLU' && r[0].inputs.length === 1) this.reluAfter.set(l.id, r[0].id);
    }
    this.fusedRelus = new Set(this.reluAfter.values());
  }

  get bnChannels(): number {
    return this.bnLayers.reduce((a, b) => a + b.channels, 0);
  }

  /** The flat vector cut back into named tensors (TensorFlow.js layout); the caller owns them. */
  unflatten(flat: tf.Tensor1D): Map<string, tf.Tensor> {
    return this.unflattenWithValues(flat).params;
  }

  private unflattenWithValues(flat: tf.Tensor1D): { params: Map<string, tf.Tensor>; values?: Float32Array } {
    const { parts, values } = splitFlat(flat, this.slots.map((s) => s.size));
    const params = new Map(
      this.slots.map((s, i) => {
        const t = tf.reshape(parts[i], s.tfShape);
        if (t !== parts[i]) parts[i].dispose();
        return [s.spec.key, t];
      }),
    );
    return { params, values };
  }

  /**
   * Each convolution's input-gradient filter, by layer name, made from the flat vector: in JavaScript from
   * its values where they were read anyway (a gather is a slow generic loop on WebAssembly), else one gather.
   */
  private inputGradFilters(flat: tf.Tensor1D, values: Float32Array | undefined): Map<string, tf.Tensor4D> {
    const slots = this.gradFilterSlots;
    if (slots.length === 0) return new Map();
    if (values) {
      return new Map(
        slots.map((g) => {
          const out = new Float32Array(g.index.length);
          for (let i = 0; i < out.length; i++) {
            const j = g.index[i];
            out[i] = j < values.length ? values[j] : 0;
          }
          return [g.layer, tf.tensor4d(out, g.shape)];
        }),
      );
    }
    const all = new Int32Array(slots.reduce((a, g) => a + g.index.length, 0));
    let offset = 0;
    for (const g of slots) {
      all.set(g.index, offset);
      offset += g.index.length;
    }
    const gathered = tf.gather(tf.concat([flat, tf.zeros([1])]), tf.tensor1d(all, 'int32'));
    const parts = tf.split(gathered, slots.map((g) => g.index.length));
    return new Map(slots.map((g, i) => [g.layer, tf.reshape(parts[i], g.shape) as tf.Tensor4D]));
  }

  /** The logits for an NHWC batch in evaluation mode (running statistics); activations freed as it goes. */
  forwardEval(x: tf.Tensor4D, params: Map<string, tf.Tensor>, running: { mean: Map<string, tf.Tensor1D>; variance: Map<string, tf.Tensor1D> }): tf.Tensor2D {
    const values = new Map<string, tf.Tensor>([['input', x]]);
    const layers = this.analysis.layers;
    const p = (key: string) => params.get(key)!;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i].layer;
      const inp = values.get(l.inputs[0].from)! as tf.Tensor4D;
      let y: tf.Tensor;
      if (l.type === 'BatchNorm2d') {
        y = batchNormEval(inp, p(`${l.name}.weight`) as tf.Tensor1D, p(`${l.name}.bias`) as tf.Tensor1D, running.mean.get(l.name)!, running.variance.get(l.name)!, this.reluAfter.has(l.id));
      } else if (this.fusedRelus.has(l.id)) {
        y = inp.clone();
      } else y = this.layerForward(l, inp, values, p);
      values.set(l.id, y);
      for (const input of l.inputs) {
        if (this.lastUse.get(input.from) === i && input.from !== 'input') {
          values.get(input.from)?.dispose();
          values.delete(input.from);
        }
      }
    }
    return values.get(layers[layers.length - 1].layer.id) as tf.Tensor2D;
  }

  /** Every layer but batch norm, which differs between training and evaluation. */
  private layerForward(l: Layer, inp: tf.Tensor4D, values: Map<string, tf.Tensor>, p: (key: string) => tf.Tensor): tf.Tensor {
    switch (l.type) {
      case 'Conv2d':
        return convForward(inp, p(`${l.name}.weight`) as tf.Tensor4D, { stride: l.stride ?? 1, padding: l.padding ?? 0 }, l.groups ?? 1);
      case 'ReLU':
        return tf.relu(inp);
      case 'MaxPool2d':
        return tf.maxPool(inp, l.kernel!, l.stride!, l.padding!);
      case 'Add': {
        const shortcut = l.inputs[1];
        const skip = values.get(shortcut.from)! as tf.Tensor4D;
        return tf.add(inp, shortcut.pad ? zeroPadForward(skip, shortcut.pad) : skip);
      }
      case 'AdaptiveAvgPool2d':
        return tf.mean(inp, [1, 2]);
      case 'Linear':
        return tf.add(tf.matMul(tf.reshape(inp, [inp.shape[0], -1]) as tf.Tensor2D, p('fc.weight') as tf.Tensor2D), p('fc.bias'));
      default:
        // A programming error, never shown: every layer type the analysis makes has its case above.
        throw new Error(`no forward for ${l.type}`);
    }
  }

  /**
   * Forward in training mode and backward by hand, layer by layer in reverse, for an NHWC batch and class
   * indices: the mean cross-entropy, the count of right answers, the gradient of every parameter (one flat
   * vector in slot order) and each batch norm's batch statistics. The caller owns what is returned.
   */
  lossAndGradient(x: tf.Tensor4D, labels: tf.Tensor1D, flat: tf.Tensor1D): LossAndGradient {
    const stats = new Map<string, BatchStats>();
    const result = tf.tidy(() => {
      const { params, values: flatValues } = this.unflattenWithValues(flat);
      const gradFilters = this.inputGradFilters(flat, flatValues);
      const p = (key: string) => params.get(key)!;
      const values = new Map<string, tf.Tensor>([['input', x]]);
      const bnSaved = new Map<string, BnSaved>();
      const layers = this.analysis.layers;
      for (const { layer: l } of layers) {
        const inp = values.get(l.inputs[0].from)! as tf.Tensor4D;
        if (l.type === 'BatchNorm2d') {
          const r = batchNormTrain(inp, p(`${l.name}.weight`) as tf.Tensor1D, p(`${l.name}.bias`) as tf.Tensor1D, this.reluAfter.has(l.id));
          stats.set(l.name, { mean: tf.keep(r.stats.mean), variance: tf.keep(r.stats.variance), count: r.stats.count });
          bnSaved.set(l.id, r.saved);
          values.set(l.id, r.y);
        } else if (this.fusedRelus.has(l.id)) {
          // Already applied by the batch norm before it.
          values.set(l.id, inp);
        } else values.set(l.id, this.layerForward(l, inp, values, p));
      }
      const logits = values.get(layers[layers.length - 1].layer.id) as tf.Tensor2D;
      const n = logits.shape[0];
      const oneHot = tf.oneHot(labels, logits.shape[1]);
      const logProbs = tf.logSoftmax(logits);
      const loss = tf.div(tf.neg(tf.sum(tf.mul(oneHot, logProbs))), n) as tf.Scalar;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;

      // Backward: d(loss)/d(logits) = (softmax − one-hot) / N, then each layer in reverse.
      const grads = new Map<string, tf.Tensor>();
      const paramGrads = new Map<string, tf.Tensor>();
      const addGrad = (id: string, g: tf.Tensor) => {
        const prev = grads.get(id);
        grads.set(id, prev ? tf.add(prev, g) : g);
      };
      grads.set(layers[layers.length - 1].layer.id, tf.div(tf.sub(tf.exp(logProbs), oneHot), n));
      for (let i = layers.length - 1; i >= 0; i--) {
        const l = layers[i].layer;
        const dy = grads.get(l.id);
        if (!dy) continue;
        grads.delete(l.id);
        const from = l.inputs[0].from;
        const inp = values.get(from)! as tf.Tensor4D;
        switch (l.type) {
          case 'Conv2d': {
            const geometry = { stride: l.stride ?? 1, padding: l.padding ?? 0 };
            const r = convBackward(inp, p(`${l.name}.weight`) as tf.Tensor4D, dy as tf.Tensor4D, geometry, l.groups ?? 1, from !== 'input', gradFilters.get(l.name));
            paramGrads.set(`${l.name}.weight`, r.dw);
            if (r.dx) addGrad(from, r.dx);
            break;
          }
          case 'BatchNorm2d': {
            const r = batchNormBackward(dy as tf.Tensor4D, bnSaved.get(l.id)!);
            paramGrads.set(`${l.name}.weight`, r.dGamma);
            paramGrads.set(`${l.name}.bias`, r.dBeta);
            addGrad(from, r.dx);
            break;
          }
          case 'ReLU':
            addGrad(from, tf.mul(dy, tf.step(values.get(l.id)!)));
            break;
          case 'MaxPool2d':
            addGrad(from, maxPoolBackward(dy as tf.Tensor4D, inp, values.get(l.id)! as tf.Tensor4D, l));
            break;
          case 'Add': {
            addGrad(from, dy);
            const shortcut = l.inputs[1];
            addGrad(shortcut.from, shortcut.pad ? zeroPadBackward(dy as tf.Tensor4D, shortcut.pad, values.get(shortcut.from)!.shape) : dy);
            break;
          }
          case 'AdaptiveAvgPool2d': {
            const [b, h, w, c] = inp.shape;
            // Broadcast by a multiply with ones: WebAssembly's Tile is a slow generic loop.
            addGrad(from, tf.mul(tf.reshape(tf.div(dy, h * w), [b, 1, 1, c]), tf.ones([1, h, w, 1])));
            break;
          }
          case 'Linear': {
            const flatIn = tf.reshape(inp, [inp.shape[0], -1]) as tf.Tensor2D;
            paramGrads.set('fc.weight', tf.matMul(flatIn, dy as tf.Tensor2D, true, false));
            paramGrads.set('fc.bias', tf.sum(dy, 0));
            addGrad(from, tf.reshape(tf.matMul(dy as tf.Tensor2D, p('fc.weight') as tf.Tensor2D, false, true), inp.shape));
            break;
          }
        }
      }
      const grad = tf.concat(this.slots.map((s) => tf.reshape(paramGrads.get(s.spec.key)!, [-1]))) as tf.Tensor1D;
      return { loss, correct, grad };
    });
    return { ...result, stats };
  }

  /**
   * torchvision's initialisation, seeded: Kaiming normal (fan out, ReLU gain) for convs, BatchNorm weight 1
   * and bias 0, PyTorch's default uniform(±1/√in) for the linear layer. Returns the flat vector.
   */
  initialParameters(seed: number): tf.Tensor1D {
    return tf.tidy(() => {
      const parts = this.slots.map((s, i) => {
        const sd = seed * 1009 + i * 7919;
        const l = this.layerByName.get(s.spec.layer)!;
        switch (s.spec.role) {
          case 'conv': {
            const k = l.kernel ?? 1;
            return tf.randomNormal([s.size], 0, Math.sqrt(2 / (l.outChannels * k * k)), 'float32', sd);
          }
          case 'bn.weight':
            return tf.ones([s.size]);
          case 'bn.bias':
            return tf.zeros([s.size]);
          default: {
            const bound = 1 / Math.sqrt(l.inChannels);
            return tf.randomUniform([s.size], -bound, bound, 'float32', sd);
          }
        }
      });
      return tf.concat(parts) as tf.Tensor1D;
    });
  }

  /** The flat running statistics' fresh values: means 0, variances 1. */
  initialRunning(): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
    return { mean: tf.zeros([this.bnChannels]), variance: tf.ones([this.bnChannels]) };
  }

  /** The flat running statistics cut into per-layer tensors (the caller owns them). */
  splitRunning(mean: tf.Tensor1D, variance: tf.Tensor1D): { mean: Map<string, tf.Tensor1D>; variance: Map<string, tf.Tensor1D> } {
    const sizes = this.bnLayers.map((b) => b.channels);
    if (sizes.length === 0) return { mean: new Map(), variance: new Map() };
    const ms = tf.split(mean, sizes) as tf.Tensor1D[];
    const vs = tf.split(variance, sizes) as tf.Tensor1D[];
    return {
      mean: new Map(this.bnLayers.map((b, i) => [b.layer, ms[i]])),
      variance: new Map(this.bnLayers.map((b, i) => [b.layer, vs[i]])),
    };
  }

  /**
   * The flat running statistics after one batch, from each layer's batch statistics: momentum 0.1, the
   * variance made unbiased (× M/(M − 1)) as PyTorch's.
   */
  updatedRunning(mean: tf.Tensor1D, variance: tf.Tensor1D, stats: Map<string, BatchStats>): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
    return tf.tidy(() => {
      if (this.bnLayers.length === 0) return { mean: mean.clone(), variance: variance.clone() };
      const means = this.bnLayers.map((b) => stats.get(b.layer)!.mean);
      const vars = this.bnLayers.map((b) => {
        const s = stats.get(b.layer)!;
        return tf.mul(s.variance, s.count / Math.max(1, s.count - 1));
      });
      return {
        mean: tf.add(tf.mul(mean, 1 - BN_MOMENTUM), tf.mul(tf.concat(means), BN_MOMENTUM)) as tf.Tensor1D,
        variance: tf.add(tf.mul(variance, 1 - BN_MOMENTUM), tf.mul(tf.concat(vars), BN_MOMENTUM)) as tf.Tensor1D,
      };
    });
  }

  /** PyTorch-layout values (a checked state_dict) into the flat vectors. */
  fromTorch(modules: Map<string, Partial<Record<ParamSpec['role'], Float32Array | bigint>>>): {
    params: tf.Tensor1D;
    mean: tf.Tensor1D;
    variance: tf.Tensor1D;
    counts: bigint[];
  } {
    const counts = this.bnLayers.map((b) => (modules.get(b.layer)!['bn.num_batches_tracked'] as bigint | undefined) ?? 0n);
    const tensors = tf.tidy(() => {
      const parts = this.slots.map((s) => {
        const values = modules.get(s.spec.layer)?.[s.spec.role];
        // A programming error, never shown: the weights were read against this very spec.
        if (!(values instanceof Float32Array)) throw new Error(`no values for ${s.spec.key}`);
        const t = tf.tensor(values, s.spec.shape);
        if (s.spec.role === 'conv') return tf.reshape(tf.transpose(t, [2, 3, 1, 0]), [-1]);
        if (s.spec.role === 'fc.weight') return tf.reshape(tf.transpose(t), [-1]);
        return tf.reshape(t, [-1]);
      });
      const running = (role: 'bn.running_mean' | 'bn.running_var') =>
        this.bnLayers.length ? (tf.concat(this.bnLayers.map((b) => tf.tensor1d(modules.get(b.layer)![role] as Float32Array))) as tf.Tensor1D) : tf.zeros([0]);
      return {
        params: tf.concat(parts) as tf.Tensor1D,
        mean: running('bn.running_mean') as tf.Tensor1D,
        variance: running('bn.running_var') as tf.Tensor1D,
      };
    });
    return { ...tensors, counts };
  }

  /** A flat tfjs-layout vector (parameters or their gradients) as PyTorch-layout arrays by state_dict key. */
  async toTorch(flat: tf.Tensor1D): Promise<Map<string, Float32Array>> {
    const all = (await flat.data()) as Float32Array;
    const out = new Map<string, Float32Array>();
    for (const s of this.slots) {
      const v = all.subarray(s.offset, s.offset + s.size);
      if (s.spec.role === 'conv') {
        const [kh, kw, i, o] = s.tfShape;
        const t = new Float32Array(s.size);
        // HWIO → OIHW
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++)
            for (let c = 0; c < i; c++)
              for (let d = 0; d < o; d++) t[((d * i + c) * kh + a) * kw + b] = v[((a * kw + b) * i + c) * o + d];
        out.set(s.spec.key, t);
      } else if (s.spec.role === 'fc.weight') {
        const [i, o] = s.tfShape;
        const t = new Float32Array(s.size);
        for (let c = 0; c < i; c++) for (let d = 0; d < o; d++) t[d * i + c] = v[c * o + d];
        out.set(s.spec.key, t);
      } else out.set(s.spec.key, v.slice());
    }
    return out;
  }

  /** The whole state_dict in PyTorch's order and layout. */
  async stateDict(params: tf.Tensor1D, mean: tf.Tensor1D, variance: tf.Tensor1D, counts: bigint[]): Promise<StateDictEntry[]> {
    const torch = await this.toTorch(params);
    const m = (await mean.data()) as Float32Array;
    const v = (await variance.data()) as Float32Array;
    const bnIndex = new Map(this.bnLayers.map((b, i) => [b.layer, i]));
    return this.schema.map((p) => {
      let data: Float32Array | BigInt64Array;
      const b = this.bnLayers[bnIndex.get(p.layer) ?? -1];
      if (p.role === 'bn.num_batches_tracked') data = BigInt64Array.from([counts[bnIndex.get(p.layer)!]]);
      else if (p.role === 'bn.running_mean') data = m.slice(b.offset, b.offset + b.channels);
      else if (p.role === 'bn.running_var') data = v.slice(b.offset, b.offset + b.channels);
      else data = torch.get(p.key)!;
      return { key: p.key, shape: p.shape, dtype: p.dtype, data };
    });
  }
}
