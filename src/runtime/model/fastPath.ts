/**
 * The fast inference path: the same arithmetic as the layer-by-layer pass, in fewer kernels. Each
 * convolution takes its batch norm folded into its filter and a bias (w·γ/√(σ²+ε) and β − μ·γ/√(σ²+ε)), and
 * runs as one fused conv2d + bias (+ ReLU when a ReLU follows). Padding is passed to the kernel explicitly, as
 * in the layer path, so there are no padding copies. The head is one fused matMul + bias.
 *
 * Not fused: a block's residual add and its ReLU stay two kernels. tfjs has no add + ReLU kernel, and the
 * WebAssembly backend's fused conv2d takes only a per-channel bias, so the shortcut cannot ride in it.
 *
 * The folded weights are made once per set of weights (the model rebuilds them when its weights change) and
 * are owned here until `dispose()`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Layer, ModelAnalysis, ZeroPadShortcut } from '../../core';
import { zeroPad } from './zeroPad';
import { runStepped } from './stepped';

/** What the fast path reads from the model: its weights by layer name, in the layer path's layouts. */
export interface ModelWeights {
  /** HWIO (or, for grouped convs, the depthwise form [k, k, Cin, Cout / groups]). */
  convFilter(layer: string): tf.Tensor4D;
  /** Batch norm as a multiply-add: scale = γ/√(σ²+ε), shift = β − μ·scale. */
  bnAffine(layer: string): { scale: tf.Tensor1D; shift: tf.Tensor1D };
  /** [in, out] and [out]. */
  linear(): { weight: tf.Tensor2D; bias: tf.Tensor1D };
}

/** One kernel (or a few, for grouped convs) standing for the layers it `covers`; named by the last one. */
type Step = { id: string; covers: Layer[] } & (
  | { kind: 'conv'; input: string; layer: Layer; filter: tf.Tensor4D; bias: tf.Tensor1D; relu: boolean }
  /** `pad`: option A's shortcut, subsampled and zero-padded before the sum. */
  | { kind: 'addRelu'; inputs: [string, string]; relu: boolean; pad?: ZeroPadShortcut }
  | { kind: 'relu'; input: string }
  | { kind: 'maxPool'; input: string; layer: Layer }
  | { kind: 'avgPool'; input: string }
  | { kind: 'linear'; input: string; weight: tf.Tensor2D; bias: tf.Tensor1D }
);

/**
 * Called after each step with the layers it covers, its output and its inputs. Whatever it makes from them it
 * owns; it must not dispose what it is given.
 */
export type StepObserver = (covers: readonly Layer[], output: tf.Tensor, inputs: readonly tf.Tensor[]) => void;

const pads = (p: number): [[number, number], [number, number], [number, number], [number, number]] => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

/** The conv's filter with the BN scale folded in, per output channel. */
export function foldScale(filter: tf.Tensor4D, scale: tf.Tensor1D, groups: number): tf.Tensor4D {
  return tf.tidy(() => {
    if (groups === 1) return tf.mul(filter, scale) as tf.Tensor4D;
    // Depthwise form [k, k, G * cgIn, cgOut]: output channel g * cgOut + j is (group g, multiplier j).
    const [kh, kw, gIn, cgOut] = filter.shape;
    const cgIn = gIn / groups;
    const s = tf.reshape(scale, [1, 1, groups, 1, cgOut]);
    return tf.reshape(tf.mul(tf.reshape(filter, [kh, kw, groups, cgIn, cgOut]), s), filter.shape) as tf.Tensor4D;
  });
}

export class FastPath {
  private readonly steps: Step[] = [];
  private readonly owned: tf.Tensor[] = [];
  /** Index of the last step that reads each value, to free activations early. */
  private readonly lastUse = new Map<string, number>();
  private readonly output: string;

  constructor(analysis: ModelAnalysis, weights: ModelWeights) {
    const layers = analysis.layers.map((l) => l.layer);
    const readers = new Map<string, number>();
    for (const l of layers) for (const i of l.inputs) readers.set(i.from, (readers.get(i.from) ?? 0) + 1);
    // A fused step is named by the last layer it covers; the layers inside it have no other reader.
    const src = (id: string) => id;
    try {
      for (let i = 0; i < layers.length; i++) {
        const l = layers[i];
        const next = layers[i + 1];
        const after = layers[i + 2];
        const onlyReader = (id: string, reader: Layer | undefined) => reader !== undefined && reader.inputs.length === 1 && reader.inputs[0].from === id && readers.get(id) === 1;
        if (l.type === 'Conv2d' && next?.type === 'BatchNorm2d' && onlyReader(l.id, next)) {
          const groups = l.groups ?? 1;
          const { scale, shift } = weights.bnAffine(next.name);
          const filter = foldScale(weights.convFilter(l.name), scale, groups);
          const bias = tf.clone(shift);
          this.owned.push(filter, bias);
          const relu = after?.type === 'ReLU' && onlyReader(next.id, after);
          const id = relu ? after.id : next.id;
          this.steps.push({ kind: 'conv', id, covers: relu ? [l, next, after] : [l, next], input: src(l.inputs[0].from), layer: l, filter, bias, relu });
          i += relu ? 2 : 1;
        } else if (l.type === 'Add') {
          const relu = next?.type === 'ReLU' && onlyReader(l.id, next);
          this.steps.push({ kind: 'addRelu', id: relu ? next.id : l.id, covers: relu ? [l, next] : [l], inputs: [src(l.inputs[0].from), src(l.inputs[1].from)], relu, pad: l.inputs[1].pad });
          if (relu) i += 1;
        } else if (l.type === 'ReLU') this.steps.push({ kind: 'relu', id: l.id, covers: [l], input: src(l.inputs[0].from) });
        else if (l.type === 'MaxPool2d') this.steps.push({ kind: 'maxPool', id: l.id, covers: [l], input: src(l.inputs[0].from), layer: l });
        else if (l.type === 'AdaptiveAvgPool2d') this.steps.push({ kind: 'avgPool', id: l.id, covers: [l], input: src(l.inputs[0].from) });
        else if (l.type === 'Linear') {
          const { weight, bias } = weights.linear();
          this.steps.push({ kind: 'linear', id: l.id, covers: [l], input: src(l.inputs[0].from), weight, bias });
        } else {
          // A programming error, never a user's: every layer type the analysis makes has a fast step above.
          throw new Error(`The fast path cannot run ${l.type} ${l.id} here`);
        }
      }
    } catch (e) {
      tf.dispose(this.owned);
      throw e;
    }
    this.output = this.steps[this.steps.length - 1].id;
    this.steps.forEach((s, i) => {
      const ins = s.kind === 'addRelu' ? s.inputs : [s.input];
      for (const id of ins) this.lastUse.set(id, i);
    });
  }

  private run(s: Step, values: Map<string, tf.Tensor>): tf.Tensor {
    return tf.tidy(() => {
      switch (s.kind) {
        case 'conv': {
          const x = values.get(s.input) as tf.Tensor4D;
          const groups = s.layer.groups ?? 1;
          const stride = s.layer.stride ?? 1;
          const pad = pads(s.layer.padding ?? 0);
          const activation = s.relu ? 'relu' : 'linear';
          if (groups === 1) return tf.fused.conv2d({ x, filter: s.filter, strides: stride, pad, bias: s.bias, activation });
          // Grouped: the depthwise form, then the sum over each group's inputs (as in the layer path), then bias.
          const y = tf.depthwiseConv2d(x, s.filter, stride, pad);
          const [n, h, w] = y.shape;
          const cgIn = s.layer.inChannels / groups;
          const summed = tf.reshape(tf.sum(tf.reshape(y, [n * h * w * groups, cgIn, s.layer.outChannels / groups]), 1), [n, h, w, s.layer.outChannels]);
          const biased = tf.add(summed, s.bias);
          return s.relu ? tf.relu(biased) : biased;
        }
        case 'addRelu': {
          const skip = values.get(s.inputs[1]) as tf.Tensor4D;
          const sum = tf.add(values.get(s.inputs[0])!, s.pad ? zeroPad(skip, s.pad) : skip);
          return s.relu ? tf.relu(sum) : sum;
        }
        case 'relu':
          return tf.relu(values.get(s.input)!);
        case 'maxPool':
          return tf.maxPool(values.get(s.input) as tf.Tensor4D, s.layer.kernel!, s.layer.stride!, s.layer.padding!);
        case 'avgPool':
          return tf.mean(values.get(s.input)!, [1, 2], true);
        case 'linear': {
          const x = values.get(s.input)!;
          return tf.fused.matMul({ a: tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D, b: s.weight, bias: s.bias });
        }
      }
    });
  }

  /**
   * The pass as steps. `keep` names layer ids whose outputs to hand back too (only step outputs: see
   * `outputs`); everything else is freed as soon as no later step reads it, and abandoning the generator
   * (`return()`) frees what it made.
   */
  private *passes(input: tf.Tensor4D, keep: ReadonlySet<string>, observe?: StepObserver): Generator<void, { logits: tf.Tensor2D; kept: Map<string, tf.Tensor> }> {
    const values = new Map<string, tf.Tensor>([['input', input]]);
    const kept = new Map<string, tf.Tensor>();
    let done = false;
    try {
      for (let i = 0; i < this.steps.length; i++) {
        const s = this.steps[i];
        const ins = s.kind === 'addRelu' ? s.inputs : [s.input];
        const y = this.run(s, values);
        values.set(s.id, y);
        // The last step's output is the returned logits; keeping it too hands back a copy owned separately.
        if (keep.has(s.id)) kept.set(s.id, s.id === this.output ? tf.clone(y) : y);
        observe?.(s.covers, y, ins.map((id) => values.get(id)!));
        for (const id of ins) {
          if (this.lastUse.get(id) === i && id !== 'input' && !kept.has(id)) {
            values.get(id)?.dispose();
            values.delete(id);
          }
        }
        if (i < this.steps.length - 1) yield;
      }
      const logits = values.get(this.output) as tf.Tensor2D;
      done = true;
      return { logits, kept };
    } finally {
      if (!done) {
        for (const [id, t] of values) if (id !== 'input' && !kept.has(id)) t.dispose();
        tf.dispose([...kept.values()]);
      }
    }
  }

  /** Logits for a batch (NHWC, float32, normalised), all at once. */
  predict(input: tf.Tensor4D, keep: ReadonlySet<string> = new Set()): { logits: tf.Tensor2D; kept: Map<string, tf.Tensor> } {
    const steps = this.passes(input, keep);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The same, awaiting `pause` between steps; `pause` may throw to abandon the pass, which frees what it made. */
  async predictAsync(input: tf.Tensor4D, keep: ReadonlySet<string>, pause: () => Promise<void>, observe?: StepObserver): Promise<{ logits: tf.Tensor2D; kept: Map<string, tf.Tensor> }> {
    return runStepped(this.passes(input, keep, observe), pause);
  }

  /**
   * Where a pass's time goes: each step timed on its own, `settle` awaited on its output before the next starts
   * (on WebAssembly and the CPU a step has run when its call returns; on a GPU `settle` waits for it).
   */
  async stepTimes(input: tf.Tensor4D, settle: (t: tf.Tensor) => Promise<void>): Promise<{ id: string; kind: Step['kind']; covers: Layer[]; ms: number }[]> {
    const times: { id: string; kind: Step['kind']; covers: Layer[]; ms: number }[] = [];
    let last: tf.Tensor | null = null;
    const steps = this.passes(input, new Set(), (_covers, y) => (last = y));
    try {
      for (let i = 0; ; i++) {
        const t0 = performance.now();
        const r = steps.next();
        await settle(r.done ? r.value.logits : last!);
        times.push({ id: this.steps[i].id, kind: this.steps[i].kind, covers: this.steps[i].covers, ms: performance.now() - t0 });
        if (r.done) {
          r.value.logits.dispose();
          return times;
        }
      }
    } catch (e) {
      steps.return(undefined as never);
      throw e;
    }
  }

  /** Layer ids whose outputs `predict` can keep. */
  get outputs(): string[] {
    return this.steps.map((s) => s.id);
  }

  dispose(): void {
    tf.dispose(this.owned);
    this.owned.length = 0;
  }
}
