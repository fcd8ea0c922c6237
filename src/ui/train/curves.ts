/** Pure helpers for the Train tab: smoothed curves and the numbers the explanation quotes. */
import { BLOCK_TYPES } from '../../core';
import type { LayerGradientNorm } from '../../runtime/train';
import type { RunView } from '../../state/trainStore';

/**
 * Exponential moving average with the start-up bias removed (as TensorBoard smooths): the first value is the
 * first point, and a constant series stays constant. `weight` 0 is no smoothing.
 */
export function smooth(values: readonly number[], weight = 0.9): number[] {
  const out: number[] = [];
  let avg = 0;
  let norm = 0;
  for (const v of values) {
    avg = weight * avg + (1 - weight) * v;
    norm = weight * norm + (1 - weight);
    out.push(avg / norm);
  }
  return out;
}

/** A loss as the Train tab shows it: four decimals, or four significant digits once it has blown up. */
export const formatLoss = (x: number) => (Number.isFinite(x) && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toPrecision(4));

/** The smoothed training loss at the latest step. */
export function latestSmoothedLoss(run: Pick<RunView, 'points'>): number | null {
  if (run.points.length === 0) return null;
  return smooth(run.points.map((p) => p.loss)).at(-1)!;
}

/** Depth of a CIFAR-style plain/residual net from its spec: weighted layers on the main path (6n + 2). */
export function weightedDepth(run: Pick<RunView, 'spec'>): number {
  const perBlock = BLOCK_TYPES[run.spec.block].convs.length;
  return run.spec.stages.reduce((n, s) => n + s.blocks * perBlock, 0) + 2;
}

/**
 * The gradient's norm at the first layer over that at the last conv (main path, fc left out): ‖∇W_first‖ /
 * ‖∇W_last‖. Well below 1, the gradient vanishes on its way down; well above 1, it explodes.
 */
export function gradientRatio(norms: readonly LayerGradientNorm[]): number | null {
  const main = norms.filter((n) => !n.onShortcut && !n.key.startsWith('fc.'));
  if (main.length < 2 || !(main.at(-1)!.norm > 0)) return null;
  return main[0].norm / main.at(-1)!.norm;
}

/** A sentence of the explanation: an English template (the i18n key) and the numbers for its slots. */
export interface Sentence {
  text: string;
  vars: Record<string, string | number>;
}

const fmt = (x: number) => (x >= 0.01 && x < 1000 ? x.toFixed(2) : x.toPrecision(2));

/**
 * What the runs show, in sentences quoting their own numbers: the degradation problem (a deeper plain net
 * trains worse than a shallower one), what shortcuts change at the same depth, and the gradient flow at
 * initialisation. Only what the numbers support is said.
 */
export function explainRuns(runs: readonly RunView[]): Sentence[] {
  const out: Sentence[] = [];
  const trained = runs.filter((r) => r.points.length > 0);
  if (trained.length === 0) return out;
  const steps = Math.min(...trained.map((r) => r.points.at(-1)!.step));
  const lossAt = (r: RunView) => smooth(r.points.filter((p) => p.step <= steps).map((p) => p.loss)).at(-1)!;
  const plain = trained.filter((r) => !r.spec.residual).sort((a, b) => weightedDepth(a) - weightedDepth(b));
  const residual = trained.filter((r) => r.spec.residual).sort((a, b) => weightedDepth(a) - weightedDepth(b));
  if (plain.length >= 2) {
    const [shallow, deep] = [plain[0], plain.at(-1)!];
    if (weightedDepth(deep) > weightedDepth(shallow)) {
      const vars = { steps, deep: deep.label, deepLoss: fmt(lossAt(deep)), shallow: shallow.label, shallowLoss: fmt(lossAt(shallow)) };
      out.push(
        lossAt(deep) > lossAt(shallow)
          ? { text: "After {steps} steps {deep}'s loss is {deepLoss} while {shallow}'s is {shallowLoss}: the deeper plain net trains worse, although it could copy the shallower one and set its extra layers to identity. This is the degradation problem.", vars }
          : { text: "After {steps} steps {deep}'s loss is {deepLoss} and {shallow}'s is {shallowLoss}: the deeper plain net is not behind yet. Give it more steps.", vars },
      );
    }
  }
  for (const res of residual) {
    const twin = plain.find((p) => weightedDepth(p) === weightedDepth(res));
    if (!twin) continue;
    const vars = { steps, res: res.label, resLoss: fmt(lossAt(res)), plain: twin.label, plainLoss: fmt(lossAt(twin)) };
    out.push(
      lossAt(res) < lossAt(twin)
        ? { text: '{res} reaches a loss of {resLoss} where {plain}, as deep but without shortcuts, is at {plainLoss}: each block only has to learn a change to what its shortcut passes on.', vars }
        : { text: '{res} is at a loss of {resLoss} and {plain} at {plainLoss}: at this point the shortcuts have not helped yet.', vars },
    );
  }
  const flows = runs.filter((r) => r.flowInit && gradientRatio(r.flowInit) !== null);
  const deepPlain = flows.filter((r) => !r.spec.residual).sort((a, b) => weightedDepth(b) - weightedDepth(a))[0];
  const deepRes = flows.filter((r) => r.spec.residual).sort((a, b) => weightedDepth(b) - weightedDepth(a))[0];
  if (deepPlain && deepRes) {
    out.push({
      text: "Gradient flow at initialisation: the gradient at {plain}'s first layer is {plainRatio}× the one at its last conv; in {res} it is {resRatio}×. Far below 1 the gradient vanishes on its way down, far above 1 it explodes; the shortcuts carry it down unchanged, which keeps it near 1.",
      vars: { plain: deepPlain.label, plainRatio: fmt(gradientRatio(deepPlain.flowInit!)!), res: deepRes.label, resRatio: fmt(gradientRatio(deepRes.flowInit!)!) },
    });
  }
  return out;
}
