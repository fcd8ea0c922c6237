/**
 * The network the lab studies: a ResNet on the fast path (each conv with its batch norm folded in, one fused
 * conv + bias (+ ReLU) kernel), run block by block so that any set of blocks can be switched off, and with
 * weights that can be moved along directions (the loss landscape) without refolding batch norm: with BN in
 * eval mode, (W + αD₁ + βD₂)·s = W·s + α·D₁·s + β·D₂·s, so the folded filter moves along the folded directions.
 *
 * Built from a checked state_dict (PyTorch layout); owns its tensors until `dispose()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BN_EPSILON, PhraseError, type BlockInfo, type Layer, type ModelAnalysis, type ParamSpec, type ZeroPadShortcut } from '../../core';
import { blockDeletion, type Deletion } from '../../core/lab';
import { foldScale } from '../model/fastPath';
import { torchToTfFilter } from '../model/resnet';
import { convInputGrad } from '../train/conv';
import { zeroPadBackward, zeroPadForward } from '../train/shortcut';

/** Per module, its values in PyTorch layout (what `checkWeights` returns). */
export type TorchModules = Map<string, Partial<Record<ParamSpec['role'], Float32Array | bigint>>>;

/** A conv and the batch norm after it, as one kernel. */
interface Unit {
  conv: Layer;
  /** The state_dict key of the conv's weight (`layer1.0.conv1.weight`). */
  key: string;
  relu: boolean;
}

type Shortcut = { kind: 'identity' } | { kind: 'zeropad'; pad: ZeroPadShortcut } | { kind: 'projection'; unit: Unit } | { kind: 'none' };

interface BlockPlan {
  info: BlockInfo;
  main: Unit[];
  shortcut: Shortcut;
  deletion: Deletion;
}

/** Folded weights: each conv's filter (HWIO, BN scale folded in) and bias, the linear layer's [in, out] and bias. */
export interface FoldedWeights {
  convs: Map<string, { filter: tf.Tensor4D; bias: tf.Tensor1D }>;
  fc: { weight: tf.Tensor2D; bias: tf.Tensor1D };
}

/** A direction in weight space, folded like the weights (conv filters × BN scale, HWIO; the linear weight [in, out]). */
export interface FoldedDirection {
  convs: Map<string, tf.Tensor4D>;
  fc: tf.Tensor2D | null;
}

const pads = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

export class LabNet {
  readonly blocks: BlockPlan[];
  private readonly stem: Unit;
  private readonly maxPool: Layer | null;
  private readonly units = new Map<string, Unit>();
  /** Each conv's BN scale γ/√(σ²+ε), kept to fold directions. */
  private readonly scales = new Map<string, tf.Tensor1D>();
  readonly base: FoldedWeights;
  private disposed = false;

  constructor(
    readonly analysis: ModelAnalysis,
    modules: TorchModules,
  ) {
    const layers = analysis.layers.map((l) => l.layer);
    const bnAfter = new Map<string, Layer>();
    for (const l of layers) if (l.type === 'BatchNorm2d') bnAfter.set(l.inputs[0].from, l);
    const unit = (conv: Layer, relu: boolean): Unit => {
      const u = { conv, key: `${conv.name}.weight`, relu };
      this.units.set(conv.name, u);
      return u;
    };
    const convs = (pred: (l: Layer) => boolean) => layers.filter((l) => l.type === 'Conv2d' && pred(l));
    this.stem = unit(convs((l) => l.part.kind === 'stem')[0], true);
    this.maxPool = layers.find((l) => l.type === 'MaxPool2d') ?? null;
    this.blocks = analysis.graph.stages.flatMap((s) =>
      s.blocks.map((info): BlockPlan => {
        const inBlock = convs((l) => l.part.kind === 'body' && l.part.stage === info.stage && l.part.block === info.index);
        const mainConvs = inBlock.filter((l) => !l.onShortcut);
        // A plain block's last conv takes the block's ReLU fused; a residual block's ReLU comes after the add.
        const main = mainConvs.map((c, i) => unit(c, i < mainConvs.length - 1 || info.shortcut === 'none'));
        const add = layers.find((l) => l.type === 'Add' && l.name === `${info.name}.add`);
        const skip = add?.inputs[1];
        let shortcut: Shortcut = { kind: 'none' };
        if (info.shortcut === 'identity') shortcut = { kind: 'identity' };
        else if (info.shortcut === 'zeropad') shortcut = { kind: 'zeropad', pad: skip!.pad! };
        else if (info.shortcut === 'projection') shortcut = { kind: 'projection', unit: unit(inBlock.find((l) => l.onShortcut)!, false) };
        return { info, main, shortcut, deletion: blockDeletion(analysis, info) };
      }),
    );
    const owned: tf.Tensor[] = [];
    try {
      const folded = new Map<string, { filter: tf.Tensor4D; bias: tf.Tensor1D }>();
      for (const u of this.units.values()) {
        const bn = modules.get(bnAfter.get(u.conv.id)!.name)!;
        const w = modules.get(u.conv.name)!.conv as Float32Array;
        const groups = u.conv.groups ?? 1;
        const [scale, shift, filter] = tf.tidy(() => {
          const gamma = tf.tensor1d(bn['bn.weight'] as Float32Array);
          const variance = tf.tensor1d(bn['bn.running_var'] as Float32Array);
          const scale = tf.div(gamma, tf.sqrt(tf.add(variance, BN_EPSILON))) as tf.Tensor1D;
          const shift = tf.sub(tf.tensor1d(bn['bn.bias'] as Float32Array), tf.mul(tf.tensor1d(bn['bn.running_mean'] as Float32Array), scale)) as tf.Tensor1D;
          const oihw = tf.tensor4d(w, [u.conv.outChannels, u.conv.inChannels / groups, u.conv.kernel!, u.conv.kernel!]);
          return [scale, shift, foldScale(torchToTfFilter(oihw, groups), scale, groups)];
        });
        owned.push(scale, shift, filter);
        this.scales.set(u.conv.name, scale);
        folded.set(u.conv.name, { filter, bias: shift });
      }
      const fcLayer = layers.find((l) => l.type === 'Linear')!;
      const fc = modules.get(fcLayer.name)!;
      const weight = tf.tidy(() => tf.transpose(tf.tensor2d(fc['fc.weight'] as Float32Array, [fcLayer.outChannels, fcLayer.inChannels])) as tf.Tensor2D);
      owned.push(weight);
      const bias = tf.tensor1d(fc['fc.bias'] as Float32Array);
      owned.push(bias);
      this.base = { convs: folded, fc: { weight, bias } };
    } catch (e) {
      tf.dispose(owned);
      throw e;
    }
  }

  /** The number of blocks. */
  get size(): number {
    return this.blocks.length;
  }

  private assertUsable(): void {
    // A programming error, never shown: the host disposes a network only once its jobs have ended.
    if (this.disposed) throw new Error('This network has been disposed');
  }

  private conv(x: tf.Tensor4D, u: Unit, w: FoldedWeights, relu = u.relu): tf.Tensor4D {
    const { filter, bias } = w.convs.get(u.conv.name)!;
    const l = u.conv;
    const groups = l.groups ?? 1;
    const stride = l.stride ?? 1;
    const pad = pads(l.padding ?? 0);
    if (groups === 1) return tf.fused.conv2d({ x, filter, strides: stride, pad, bias, activation: relu ? 'relu' : 'linear' });
    return tf.tidy(() => {
      // Grouped (ResNeXt): the depthwise form, then the sum over each group's inputs (as the fast path does).
      const y = tf.depthwiseConv2d(x, filter, stride, pad);
      const [n, h, wd] = y.shape;
      const summed = tf.reshape(tf.sum(tf.reshape(y, [n * h * wd * groups, l.inChannels / groups, l.outChannels / groups]), 1), [n, h, wd, l.outChannels]);
      const biased = tf.add(summed, bias) as tf.Tensor4D;
      return relu ? tf.relu(biased) : biased;
    });
  }

  /** The stem's output (conv, BN, ReLU, and the max-pool where there is one). */
  stemForward(x: tf.Tensor4D, w: FoldedWeights = this.base): tf.Tensor4D {
    this.assertUsable();
    return tf.tidy(() => {
      const y = this.conv(x, this.stem, w);
      const m = this.maxPool;
      return m ? tf.maxPool(y, m.kernel!, m.stride!, m.padding!) : y;
    });
  }

  /** A block's residual branch (its main path up to the last batch norm), F(x). */
  residualBranch(i: number, x: tf.Tensor4D, w: FoldedWeights = this.base): tf.Tensor4D {
    return tf.tidy(() => this.blocks[i].main.reduce((y, u) => this.conv(y, u, w), x));
  }

  /** A block's shortcut before the add: the input, option A's zero-pad, option B's projection. */
  shortcut(i: number, x: tf.Tensor4D, w: FoldedWeights = this.base): tf.Tensor4D {
    const s = this.blocks[i].shortcut;
    // Option A as a 1×1 convolution (the trainer's): a strided slice and a channel pad are slow on WebAssembly.
    if (s.kind === 'zeropad') return zeroPadForward(x, s.pad);
    if (s.kind === 'projection') return this.conv(x, s.unit, w, false);
    return x;
  }

  /** The input gradient of one conv unit (batch norm folded in: the same affine map) for `dy`. */
  private convDx(u: Unit, dy: tf.Tensor4D, xShape: [number, number, number, number]): tf.Tensor4D {
    const { filter } = this.base.convs.get(u.conv.name)!;
    const l = u.conv;
    const geometry = { stride: l.stride ?? 1, padding: l.padding ?? 0 };
    const groups = l.groups ?? 1;
    if (groups === 1) return convInputGrad(dy, filter, xShape, geometry);
    return tf.tidy(() => {
      // The depthwise form [k, k, G·cgIn, cgOut] holds group g's filter [k, k, cgIn, cgOut] at g.
      const [k, , gIn, cgOut] = filter.shape;
      const cgIn = gIn / groups;
      const fs = tf.split(tf.reshape(filter, [k, k, groups, cgIn, cgOut]), groups, 2).map((f) => tf.reshape(f, [k, k, cgIn, cgOut]) as tf.Tensor4D);
      const dys = tf.split(dy, groups, 3) as tf.Tensor4D[];
      return tf.concat(dys.map((d, g) => convInputGrad(d, fs[g], [xShape[0], xShape[1], xShape[2], cgIn], geometry)), 3) as tf.Tensor4D;
    });
  }

  /** The gradient at a block's input through its residual branch alone, for `dy` at the branch's output. */
  residualBranchGrad(i: number, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const main = this.blocks[i].main;
      const ins: tf.Tensor4D[] = [];
      const outs: tf.Tensor4D[] = [];
      let y = x;
      for (const u of main) {
        ins.push(y);
        y = this.conv(y, u, this.base);
        outs.push(y);
      }
      let g = dy;
      for (let j = main.length - 1; j >= 0; j--) {
        if (main[j].relu) g = tf.mul(g, tf.cast(tf.greater(outs[j], 0), 'float32')) as tf.Tensor4D;
        g = this.convDx(main[j], g, ins[j].shape);
      }
      return g;
    });
  }

  /** The gradient at a block's input along its shortcut alone, for `dy` at the shortcut's output. */
  shortcutGrad(i: number, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
    const s = this.blocks[i].shortcut;
    if (s.kind === 'zeropad') return zeroPadBackward(dy, s.pad, x.shape);
    if (s.kind === 'projection') return this.convDx(s.unit, dy, x.shape);
    // A programming error, never shown: the path gradients refuse a plain network (with a phrase) first.
    if (s.kind === 'none') throw new Error(`${this.blocks[i].info.name} has no shortcut`);
    return tf.clone(dy);
  }

  /** One block, or what passes on when it is switched off. The caller owns the result (never `x` itself). */
  block(i: number, x: tf.Tensor4D, off: boolean, w: FoldedWeights = this.base): tf.Tensor4D {
    const b = this.blocks[i];
    return tf.tidy((): tf.Tensor4D => {
      if (off) {
        // Why this block cannot go (a reshaping plain block), for a set that reaches the worker unchecked.
        if (!b.deletion.deletable) throw new PhraseError(b.deletion.why, 'not-deletable');
        if (b.deletion.becomes === 'identity') return tf.clone(x);
        return tf.relu(this.shortcut(i, x, w));
      }
      const f = this.residualBranch(i, x, w);
      if (b.shortcut.kind === 'none') return f;
      return tf.relu(tf.add(f, this.shortcut(i, x, w))) as tf.Tensor4D;
    });
  }

  /** Global average pooling and the linear layer. */
  head(x: tf.Tensor4D, w: FoldedWeights = this.base): tf.Tensor2D {
    return tf.tidy(() => {
      const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
      return tf.fused.matMul({ a: pooled, b: w.fc.weight, bias: w.fc.bias }) as tf.Tensor2D;
    });
  }

  /** Blocks `from` … last (skipping the switched-off ones' residual branches) and the head. */
  forwardFrom(from: number, x: tf.Tensor4D, off: ReadonlySet<string>, w: FoldedWeights = this.base): tf.Tensor2D {
    this.assertUsable();
    let y = x;
    for (let i = from; i < this.blocks.length; i++) {
      const next = this.block(i, y, off.has(this.blocks[i].info.name), w);
      if (y !== x) y.dispose();
      y = next;
    }
    const logits = this.head(y, w);
    if (y !== x) y.dispose();
    return logits;
  }

  /** Logits for a normalised NHWC batch with the named blocks switched off. */
  forward(x: tf.Tensor4D, off: ReadonlySet<string> = new Set(), w: FoldedWeights = this.base): tf.Tensor2D {
    const s = this.stemForward(x, w);
    try {
      return this.forwardFrom(0, s, off, w);
    } finally {
      s.dispose();
    }
  }

  /**
   * A direction given in PyTorch layout by state_dict key (conv and linear weights; others ignored, absent
   * ones zero), folded like the weights. The caller owns it (`disposeDirection`).
   */
  foldDirection(byKey: ReadonlyMap<string, Float32Array>): FoldedDirection {
    this.assertUsable();
    const convs = new Map<string, tf.Tensor4D>();
    let fc: tf.Tensor2D | null = null;
    try {
      for (const u of this.units.values()) {
        const d = byKey.get(u.key);
        if (!d) continue;
        const l = u.conv;
        const groups = l.groups ?? 1;
        convs.set(
          l.name,
          tf.tidy(() => foldScale(torchToTfFilter(tf.tensor4d(d, [l.outChannels, l.inChannels / groups, l.kernel!, l.kernel!]), groups), this.scales.get(l.name)!, groups)),
        );
      }
      const fcLayer = this.analysis.layers.find((l) => l.layer.type === 'Linear')!.layer;
      const d = byKey.get(`${fcLayer.name}.weight`);
      if (d) fc = tf.tidy(() => tf.transpose(tf.tensor2d(d, [fcLayer.outChannels, fcLayer.inChannels])) as tf.Tensor2D);
    } catch (e) {
      tf.dispose([...convs.values()]);
      throw e;
    }
    return { convs, fc };
  }

  /**
   * The weights moved to base + Σ cᵢ·dᵢ (conv filters and the linear weight; biases, i.e. batch norm's shift
   * and the linear bias, stay). The caller frees it with `disposeMoved`.
   */
  moved(directions: readonly FoldedDirection[], coefs: readonly number[]): FoldedWeights {
    this.assertUsable();
    const along = <T extends tf.Tensor>(base: T, dir: (d: FoldedDirection) => T | null | undefined): T =>
      tf.tidy(() => {
        let out: T = base;
        directions.forEach((d, k) => {
          const v = dir(d);
          if (v && coefs[k] !== 0) out = tf.add(out, tf.mul(v, coefs[k])) as T;
        });
        return out === base ? tf.clone(base) : out;
      });
    const convs = new Map<string, { filter: tf.Tensor4D; bias: tf.Tensor1D }>();
    for (const [name, { filter, bias }] of this.base.convs) convs.set(name, { filter: along(filter, (d) => d.convs.get(name)), bias });
    return { convs, fc: { weight: along(this.base.fc.weight, (d) => d.fc), bias: this.base.fc.bias } };
  }

  /** Frees what `moved` made (not the shared biases). */
  static disposeMoved(w: FoldedWeights): void {
    for (const c of w.convs.values()) c.filter.dispose();
    w.fc.weight.dispose();
  }

  static disposeDirection(d: FoldedDirection): void {
    tf.dispose([...d.convs.values()]);
    d.fc?.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { filter, bias } of this.base.convs.values()) tf.dispose([filter, bias]);
    tf.dispose([...this.scales.values()]);
    tf.dispose([this.base.fc.weight, this.base.fc.bias]);
  }
}
