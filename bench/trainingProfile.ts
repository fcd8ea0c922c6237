/**
 * One training step's kernels, grouped: what `tf.profile` reports for a `Trainer.trainStep()` (kernel name,
 * input shapes, wall time of each synchronous WebAssembly kernel) sorted into the step's parts. Kernels run in
 * order, so the forward pass is everything up to the loss's `OneHot`; after it, a `Conv2D` whose input
 * has the batch as channels (`[Cin, H, W, N]`) is a filter gradient, any other is an input gradient; a kernel
 * on the flat parameter vector is the optimiser's. Runs in Node (bench/trainingProfileNode.ts) and in the
 * benchmark's page (bench/trainingPage.ts).
 */
export interface ProfiledKernel {
  name: string;
  inputShapes: number[][];
  outputShapes: number[][];
  ms: number;
}

export type StepPart = 'conv forward' | 'conv input grad' | 'conv filter grad' | 'batch norm' | 'layout (transpose, pad, slice, concat)' | 'element-wise (ReLU, add, mask)' | 'optimiser and flat vector' | 'loss, pooling, linear';

const LAYOUT = new Set(['Transpose', 'PadV2', 'Slice', 'StridedSlice', 'Concat', 'SplitV', 'Reverse', 'Tile', 'Reshape', 'Identity', 'Pack', 'Cast', 'Fill']);
const BN = new Set(['Sum', 'SquaredDifference', 'Rsqrt', 'RealDiv', 'Neg', 'FusedBatchNorm', 'AvgPool', 'FusedDepthwiseConv2D', 'DepthwiseConv2dNative']);
const HEAD = new Set(['LogSoftmax', 'Softmax', 'Exp', 'OneHot', 'Mean', 'BatchMatMul', 'ArgMax', 'Equal', '_FusedMatMul', 'Max', 'Min']);

export function stepPart(k: ProfiledKernel, backward: boolean, batch: number, paramCount: number): StepPart {
  const shapes = k.inputShapes.filter(Boolean);
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  if (k.name === 'Conv2D' || k.name === 'FusedConv2D' || k.name === 'Conv2DBackpropInput' || k.name === 'Conv2DBackpropFilter') {
    if (!backward) return 'conv forward';
    if (k.name === 'Conv2DBackpropFilter') return 'conv filter grad';
    if (k.name === 'Conv2DBackpropInput') return 'conv input grad';
    const x = shapes[0];
    return x && x[3] === batch && shapes[1] && shapes[1][0] > 3 ? 'conv filter grad' : 'conv input grad';
  }
  if (sizes.some((s) => s === paramCount)) return 'optimiser and flat vector';
  // A product with a row of ones: batch norm's channel sums.
  if (k.name === 'BatchMatMul' && shapes[0] && shapes[0][shapes[0].length - 2] === 1) return 'batch norm';
  if (LAYOUT.has(k.name)) return 'layout (transpose, pad, slice, concat)';
  if (HEAD.has(k.name)) return 'loss, pooling, linear';
  if (BN.has(k.name)) return 'batch norm';
  // Multiply/add with a per-channel (1-D) operand: batch norm's scale and shift; anything else is element-wise.
  if (shapes.length === 2 && shapes.some((s) => s.length <= 1) && shapes.some((s) => s.length === 4)) return 'batch norm';
  if (shapes.every((s) => s.length <= 1)) return 'batch norm';
  return 'element-wise (ReLU, add, mask)';
}

export interface ProfileRow {
  key: string;
  ms: number;
  count: number;
}

export interface StepProfile {
  wallMs: number;
  kernelMs: number;
  parts: ProfileRow[];
  kernels: ProfileRow[];
}

/** Totals by part and by kernel name (parts and kernels each sorted by time). */
export function summariseProfile(kernels: ProfiledKernel[], wallMs: number, batch: number, paramCount: number): StepProfile {
  let backward = false;
  const parts = new Map<string, ProfileRow>();
  const names = new Map<string, ProfileRow>();
  const add = (m: Map<string, ProfileRow>, key: string, ms: number) => {
    const r = m.get(key) ?? { key, ms: 0, count: 0 };
    r.ms += ms;
    r.count++;
    m.set(key, r);
  };
  let kernelMs = 0;
  for (const k of kernels) {
    // An op that wraps its kernel (e.g. `fusedDepthwiseConv2d__op`) is listed beside it: count the kernel once.
    if (k.name.endsWith('__op')) continue;
    const part = stepPart(k, backward, batch, paramCount);
    if (k.name === 'OneHot') backward = true;
    add(parts, part, k.ms);
    add(names, k.name, k.ms);
    kernelMs += k.ms;
  }
  const sorted = (m: Map<string, ProfileRow>) => [...m.values()].sort((a, b) => b.ms - a.ms);
  return { wallMs, kernelMs, parts: sorted(parts), kernels: sorted(names) };
}

/**
 * One profile from several of the same step: each kernel's least time over the steps (kernels run in the same
 * order every step), which leaves out what other processes on a shared machine added to some of them.
 */
export function leastOfSteps(steps: ProfiledKernel[][]): ProfiledKernel[] {
  const first = steps[0] ?? [];
  if (steps.some((s) => s.length !== first.length || s.some((k, i) => k.name !== first[i].name))) throw new Error('the steps ran different kernels');
  return first.map((k, i) => ({ ...k, ms: Math.min(...steps.map((s) => s[i].ms)) }));
}

/** The profile as Markdown tables (share of the summed kernel time). */
export function profileMarkdown(p: StepProfile, top = 12): string {
  const row = (r: ProfileRow) => `| ${r.key} | ${r.count} | ${r.ms.toFixed(1)} | ${((100 * r.ms) / p.kernelMs).toFixed(1)} % |`;
  return [
    `step ${p.wallMs.toFixed(1)} ms, kernels ${p.kernelMs.toFixed(1)} ms (${((100 * p.kernelMs) / p.wallMs).toFixed(0)} % of the step)`,
    '',
    '| part | kernels | ms | share |',
    '| --- | ---: | ---: | ---: |',
    ...p.parts.map(row),
    '',
    '| kernel | calls | ms | share |',
    '| --- | ---: | ---: | ---: |',
    ...p.kernels.slice(0, top).map(row),
  ].join('\n');
}
