/**
 * A ResNet in TensorFlow.js, built from the core's layer graph so that the graph, the weights and the
 * activations share torchvision's names. Arithmetic is PyTorch's: symmetric explicit padding, batch norm in
 * inference mode (epsilon 1e-5), grouped convolutions done exactly, option A shortcuts (strided slice and
 * zero channels), plain nets (no adds), global average pooling, a linear head.
 * Tensors are NHWC inside; the model owns its weights until `dispose()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalValues } from './gaussian';
import { BN_EPSILON, stateDictSchema, type Layer, type ModelAnalysis, type ParamSpec } from '../../core';
import { FastPath, type StepObserver } from './fastPath';
import { zeroPad } from './zeroPad';
import { runStepped } from './stepped';

/**
 * What a pass of a disposed model throws: the page expects it and drops the run (it met a model replaced under
 * it; `inference.ts` matches /disposed/, as it does tfjs's own "Tensor is disposed"). Never shown.
 */
const disposed = () => new Error('This model has been disposed'); // never shown

export { zeroPad };

/** Where the weights came from: fresh (torchvision's initialisation) or a file. */
export type WeightSource = { kind: 'random' } | { kind: 'file'; name: string };

interface ConvWeights {
  /** HWIO, or for grouped convs a depthwise filter [k, k, Cin, Cout / groups]. */
  filter: tf.Tensor4D;
}

interface BnWeights {
  weight: tf.Tensor1D;
  bias: tf.Tensor1D;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  count: bigint;
  /** weight / sqrt(var + eps) and bias - mean * scale: batch norm as one multiply-add. */
  scale: tf.Tensor1D;
  shift: tf.Tensor1D;
}

/** A grouped conv's filter, as a depthwise filter whose outputs are then summed within each group. */
export function torchToTfFilter(oihw: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [o, i, kh, kw] = oihw.shape;
    if (groups === 1) return tf.transpose(oihw, [2, 3, 1, 0]);
    const cgOut = o / groups;
    // [G, cgOut, cgIn, k, k] → [k, k, G, cgIn, cgOut] → [k, k, G * cgIn, cgOut]
    return tf.reshape(tf.transpose(tf.reshape(oihw, [groups, cgOut, i, kh, kw]), [3, 4, 0, 2, 1]), [kh, kw, groups * i, cgOut]) as tf.Tensor4D;
  });
}

export function tfToTorchFilter(filter: tf.Tensor4D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, a, b] = filter.shape;
    if (groups === 1) return tf.transpose(filter, [3, 2, 0, 1]);
    const cgIn = a / groups;
    return tf.reshape(tf.transpose(tf.reshape(filter, [kh, kw, groups, cgIn, b]), [2, 4, 3, 0, 1]), [groups * b, cgIn, kh, kw]) as tf.Tensor4D;
  });
}

const same = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

function conv(x: tf.Tensor4D, l: Layer, w: ConvWeights): tf.Tensor4D {
  const s = l.stride ?? 1;
  const pad = same(l.padding ?? 0);
  const groups = l.groups ?? 1;
  if (groups === 1) return tf.conv2d(x, w.filter, s, pad);
  // tfjs has no groups: a depthwise conv with multiplier Cout/G makes every (input channel, output channel)
  // product of a group, and a sum over each group's inputs finishes the grouped conv. Same MACs, exact.
  const y = tf.depthwiseConv2d(x, w.filter, s, pad);
  const [n, h, wd] = y.shape;
  const cgIn = l.inChannels / groups;
  const cgOut = l.outChannels / groups;
  return tf.reshape(tf.sum(tf.reshape(y, [n * h * wd * groups, cgIn, cgOut]), 1), [n, h, wd, l.outChannels]);
}


/**
 * Called after each layer with its output and the live values by layer id (inputs included). Whatever it
 * makes from them it owns; it must not dispose what it is given.
 */
export type LayerObserver = (layer: Layer, output: tf.Tensor, values: ReadonlyMap<string, tf.Tensor>) => void;

export interface ForwardResult {
  logits: tf.Tensor2D;
  /** Outputs of the layers asked for, by layer id; the caller owns (and disposes) them. */
  activations: Map<string, tf.Tensor>;
}

export class ResNetModel {
  private readonly convs = new Map<string, ConvWeights>();
  private readonly bns = new Map<string, BnWeights>();
  private fc: { weight: tf.Tensor2D; bias: tf.Tensor1D } | null = null;
  /** Once set, every pass throws `disposed()`: the page drops such a run (never shown). */
  private disposed = false;
  /** The fast path's folded weights, made on the first prediction after the weights last changed. */
  private fast: FastPath | null = null;
  /** Index of the last layer that reads each layer's output, to free activations early. */
  private readonly lastUse = new Map<string, number>();
  readonly schema: ParamSpec[];

  constructor(
    readonly analysis: ModelAnalysis,
    public source: WeightSource = { kind: 'random' },
  ) {
    this.schema = stateDictSchema(analysis.graph);
    analysis.layers.forEach((l, i) => l.layer.inputs.forEach((inp) => this.lastUse.set(inp.from, i)));
  }

  private layerByName(name: string): Layer {
    return this.analysis.layers.find((l) => l.layer.name === name)!.layer;
  }

  /** Sets one module's parameters from PyTorch-layout values (the state_dict's), replacing what was there. */
  setFromTorch(layer: string, values: Partial<Record<ParamSpec['role'], Float32Array | bigint>>): void {
    this.weightsChanged();
    const l = this.layerByName(layer);
    const schema = this.schema.filter((p) => p.layer === layer);
    const shapeOf = (role: ParamSpec['role']) => schema.find((p) => p.role === role)!.shape;
    if (l.type === 'Conv2d') {
      const filter = tf.tidy(() => torchToTfFilter(tf.tensor4d(values.conv as Float32Array, shapeOf('conv') as [number, number, number, number]), l.groups ?? 1));
      this.convs.get(layer)?.filter.dispose();
      this.convs.set(layer, { filter });
    } else if (l.type === 'BatchNorm2d') {
      const v = (role: ParamSpec['role']) => tf.tensor1d(values[role] as Float32Array);
      const bn = { weight: v('bn.weight'), bias: v('bn.bias'), mean: v('bn.running_mean'), variance: v('bn.running_var') };
      const [scale, shift] = tf.tidy(() => {
        const scale = tf.div(bn.weight, tf.sqrt(tf.add(bn.variance, BN_EPSILON))) as tf.Tensor1D;
        return [scale, tf.sub(bn.bias, tf.mul(bn.mean, scale)) as tf.Tensor1D];
      });
      this.disposeBn(layer);
      this.bns.set(layer, { ...bn, scale, shift, count: (values['bn.num_batches_tracked'] as bigint | undefined) ?? 0n });
    } else if (l.type === 'Linear') {
      const [out, inp] = shapeOf('fc.weight');
      const weight = tf.tidy(() => tf.transpose(tf.tensor2d(values['fc.weight'] as Float32Array, [out, inp])) as tf.Tensor2D);
      this.fc?.weight.dispose();
      this.fc?.bias.dispose();
      this.fc = { weight, bias: tf.tensor1d(values['fc.bias'] as Float32Array) };
    }
  }

  /**
   * torchvision's initialisation for one module: Kaiming normal (fan out, ReLU gain) for convs, weight 1 and
   * bias 0 for batch norms (running mean 0, variance 1), PyTorch's default uniform(±1/√in) for the linear layer.
   */
  initLayer(layer: string, seed?: number): void {
    this.weightsChanged();
    const l = this.layerByName(layer);
    if (l.type === 'Conv2d') {
      const k = l.kernel ?? 1;
      const std = Math.sqrt(2 / (l.outChannels * k * k));
      const groups = l.groups ?? 1;
      const shape: [number, number, number, number] =
        groups === 1 ? [k, k, l.inChannels, l.outChannels] : [k, k, l.inChannels, l.outChannels / groups];
      this.convs.get(layer)?.filter.dispose();
      // Seeded normals made in one tight loop (gaussian.ts): tfjs's randomNormal was most of a random build.
      this.convs.set(layer, { filter: tf.tensor4d(normalValues(shape[0] * shape[1] * shape[2] * shape[3], std, seed ?? Math.random() * 2 ** 31), shape) });
    } else if (l.type === 'BatchNorm2d') {
      const c = l.outChannels;
      this.disposeBn(layer);
      this.bns.set(layer, {
        weight: tf.ones([c]),
        bias: tf.zeros([c]),
        mean: tf.zeros([c]),
        variance: tf.ones([c]),
        count: 0n,
        scale: tf.fill([c], 1 / Math.sqrt(1 + BN_EPSILON)),
        shift: tf.zeros([c]),
      });
    } else if (l.type === 'Linear') {
      const bound = 1 / Math.sqrt(l.inChannels);
      this.fc?.weight.dispose();
      this.fc?.bias.dispose();
      this.fc = {
        weight: tf.randomUniform([l.inChannels, l.outChannels], -bound, bound, 'float32', seed),
        bias: tf.randomUniform([l.outChannels], -bound, bound, 'float32', seed === undefined ? undefined : seed + 0.5),
      };
    }
  }

  /** Call after changing weights by other means than setFromTorch/initLayer (training): the fast path refolds. */
  weightsChanged(): void {
    this.fast?.dispose();
    this.fast = null;
  }

  /**
   * Logits the fast way (batch norm folded, fused conv + bias + ReLU): what `forward` computes, for when
   * no activation is wanted. `keep` asks for the outputs of some layers too (see FastPath.predict).
   */
  predict(input: tf.Tensor4D, keep?: ReadonlySet<string>): { logits: tf.Tensor2D; kept: Map<string, tf.Tensor> } {
    return this.fastPath().predict(input, keep);
  }

  /** The fast path in slices: `pause` between steps (it may throw to abandon the pass). */
  predictAsync(input: tf.Tensor4D, keep: ReadonlySet<string>, pause: () => Promise<void>, observe?: StepObserver): Promise<{ logits: tf.Tensor2D; kept: Map<string, tf.Tensor> }> {
    return this.fastPath().predictAsync(input, keep, async () => {
      await pause();
      if (this.disposed) throw disposed();
    }, observe);
  }

  /** The fast path for the current weights (folded on first use after they changed). */
  fastPath(): FastPath {
    if (this.disposed) throw disposed();
    this.fast ??= new FastPath(this.analysis, {
      convFilter: (name) => this.convs.get(name)!.filter,
      bnAffine: (name) => this.bns.get(name)!,
      linear: () => this.fc!,
    });
    return this.fast;
  }

  /** Modules with parameters, in state_dict order. */
  get parameterLayers(): string[] {
    return [...new Set(this.schema.map((p) => p.layer))];
  }

  private disposeBn(layer: string) {
    const bn = this.bns.get(layer);
    if (bn) for (const t of [bn.weight, bn.bias, bn.mean, bn.variance, bn.scale, bn.shift]) t.dispose();
  }

  /** One layer's output from its inputs; temporaries are freed by the tidy. */
  private layerOutput(l: Layer, values: Map<string, tf.Tensor>): tf.Tensor {
    return tf.tidy(() => {
      const x = values.get(l.inputs[0].from)!;
      switch (l.type) {
        case 'Conv2d':
          return conv(x as tf.Tensor4D, l, this.convs.get(l.name)!);
        case 'BatchNorm2d': {
          const bn = this.bns.get(l.name)!;
          return tf.add(tf.mul(x, bn.scale), bn.shift);
        }
        case 'ReLU':
          return tf.relu(x);
        case 'MaxPool2d':
          // After a ReLU every value is >= 0, and tfjs skips padded positions: padding never wins.
          return tf.maxPool(x as tf.Tensor4D, l.kernel!, l.stride!, l.padding!);
        case 'Add': {
          const shortcut = l.inputs[1];
          const skip = values.get(shortcut.from)! as tf.Tensor4D;
          return tf.add(x, shortcut.pad ? zeroPad(skip, shortcut.pad) : skip);
        }
        case 'AdaptiveAvgPool2d':
          return tf.mean(x, [1, 2], true);
        case 'Linear': {
          const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
          return tf.add(tf.matMul(flat, this.fc!.weight), this.fc!.bias);
        }
      }
    });
  }

  /**
   * The forward pass as steps, one layer each. `capture` names the layer ids whose outputs to keep; every
   * other output is freed as soon as no later layer needs it. Abandoning the generator (`return()`) frees
   * what it made.
   */
  private *steps(input: tf.Tensor4D, capture: ReadonlySet<string>, observe?: LayerObserver): Generator<void, ForwardResult> {
    if (this.disposed) throw disposed();
    const values = new Map<string, tf.Tensor>([['input', input]]);
    const activations = new Map<string, tf.Tensor>();
    const layers = this.analysis.layers;
    let done = false;
    try {
      for (let i = 0; i < layers.length; i++) {
        if (this.disposed) throw disposed();
        const l = layers[i].layer;
        const y = this.layerOutput(l, values);
        values.set(l.id, y);
        // The last layer's output is the returned logits; its capture is a copy the caller owns separately.
        if (capture.has(l.id)) activations.set(l.id, i === layers.length - 1 ? tf.clone(y) : y);
        observe?.(l, y, values);
        for (const inp of l.inputs) {
          if (this.lastUse.get(inp.from) === i && inp.from !== 'input' && !capture.has(inp.from)) {
            values.get(inp.from)!.dispose();
            values.delete(inp.from);
          }
        }
        if (i < layers.length - 1) yield;
      }
      done = true;
      return { logits: values.get(layers[layers.length - 1].layer.id) as tf.Tensor2D, activations };
    } finally {
      if (!done) {
        for (const [id, t] of values) if (id !== 'input' && !capture.has(id)) t.dispose();
        for (const t of activations.values()) t.dispose();
      }
    }
  }

  /** Runs a batch (NHWC, float32, already normalised) all at once. */
  forward(input: tf.Tensor4D, capture: ReadonlySet<string> = new Set()): ForwardResult {
    const steps = this.steps(input, capture);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same pass, awaiting `pause` between layers so that a long pass does not freeze the page; `pause` may
   * throw to abandon the pass, which then frees what it made.
   */
  async forwardAsync(input: tf.Tensor4D, capture: ReadonlySet<string>, pause: () => Promise<void>, observe?: LayerObserver): Promise<ForwardResult> {
    return runStepped(this.steps(input, capture, observe), pause);
  }

  /** The linear layer's weights for one class (a column of the [in, out] matrix), for class activation maps. */
  classWeights(index: number): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(tf.slice(this.fc!.weight, [0, index], [-1, 1]), [-1]) as tf.Tensor1D);
  }

  /** The state_dict as PyTorch saves it: OIHW convs, [out, in] linear weight, int64 batch counts. */
  async toStateDict(): Promise<{ key: string; shape: number[]; dtype: 'F32' | 'I64'; data: Float32Array | BigInt64Array }[]> {
    const out = [];
    for (const p of this.schema) {
      let data: Float32Array | BigInt64Array;
      if (p.role === 'conv') {
        const l = this.layerByName(p.layer);
        const t = tfToTorchFilter(this.convs.get(p.layer)!.filter, l.groups ?? 1);
        data = (await t.data()) as Float32Array;
        t.dispose();
      } else if (p.role === 'fc.weight') {
        const t = tf.transpose(this.fc!.weight);
        data = (await t.data()) as Float32Array;
        t.dispose();
      } else if (p.role === 'fc.bias') {
        data = (await this.fc!.bias.data()) as Float32Array;
      } else {
        const bn = this.bns.get(p.layer)!;
        if (p.role === 'bn.num_batches_tracked') data = BigInt64Array.from([bn.count]);
        else {
          const t = { 'bn.weight': bn.weight, 'bn.bias': bn.bias, 'bn.running_mean': bn.mean, 'bn.running_var': bn.variance }[p.role];
          data = (await t.data()) as Float32Array;
        }
      }
      out.push({ key: p.key, shape: p.shape, dtype: p.dtype, data });
    }
    return out;
  }

  /** Every tensor the model holds. */
  tensors(): tf.Tensor[] {
    const all: tf.Tensor[] = [...[...this.convs.values()].map((c) => c.filter)];
    for (const bn of this.bns.values()) all.push(bn.weight, bn.bias, bn.mean, bn.variance, bn.scale, bn.shift);
    if (this.fc) all.push(this.fc.weight, this.fc.bias);
    return all;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.tensors()) t.dispose();
    this.weightsChanged();
    this.convs.clear();
    this.bns.clear();
    this.fc = null;
  }
}
