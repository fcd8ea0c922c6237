/**
 * The lesson of He et al. (2016) as the Train tab checks it on the user's own runs: a deeper plain net trains
 * worse than a shallower one (the degradation problem), and a residual net of the deeper depth trains better
 * than its plain twin. Each half is a `compareLosses` of two runs at their common step; the paper's ordering
 * holds when both are apart, the right way round.
 */
import { BLOCK_TYPES } from '../blocks';
import type { ResNetSpec } from '../spec';
import { compareLosses, type Comparison } from './compare';

/** What the verdict needs of a run: who it is, its depth and kind, and its batch losses step by step. */
export interface LessonRun {
  /** Stable across edits of other runs (the store's run id). */
  id: number;
  label: string;
  /** Weighted layers on the main path (6n + 2 for the paper's CIFAR nets). */
  depth: number;
  residual: boolean;
  /** Batch loss at steps 1, 2, …; a diverged run takes no part in comparisons. */
  losses: readonly number[];
  diverged: boolean;
}

/** Weighted layers on the main path: the stem, every block's convolutions, the classifier. */
export function weightedDepth(spec: Pick<ResNetSpec, 'block' | 'stages'>): number {
  const perBlock = BLOCK_TYPES[spec.block].convs.length;
  return spec.stages.reduce((n, s) => n + s.blocks * perBlock, 0) + 2;
}

export interface Pair {
  /** Which runs: in `degradation`, a = the deeper plain net, b = the shallower; in `shortcut`, a = residual, b = plain. */
  a: LessonRun;
  b: LessonRun;
  c: Comparison;
}

export interface LessonVerdict {
  /** The deepest plain net against the shallowest (different depths), when there are two. */
  degradation: Pair | null;
  /** Every residual net against the plain net of its depth. */
  shortcuts: Pair[];
  /** The shortcut pair at the deepest plain net's depth (ResNet-56 against Plain-56 by default). */
  deepShortcut: Pair | null;
  /** The paper's ordering, beyond the noise: deep plain above shallow plain, and its residual twin below it. */
  holds: boolean;
}

const usable = (r: LessonRun) => !r.diverged && r.losses.length > 0;

export function lessonVerdict(runs: readonly LessonRun[]): LessonVerdict {
  const live = runs.filter(usable);
  const plain = live.filter((r) => !r.residual).sort((x, y) => x.depth - y.depth);
  const residual = live.filter((r) => r.residual).sort((x, y) => x.depth - y.depth);
  const pair = (a: LessonRun, b: LessonRun): Pair => ({ a, b, c: compareLosses(a.losses, b.losses) });
  const [shallow, deep] = [plain[0], plain.at(-1)];
  const degradation = shallow && deep && deep.depth > shallow.depth ? pair(deep, shallow) : null;
  const shortcuts: Pair[] = [];
  for (const res of residual) {
    const twin = plain.find((p) => p.depth === res.depth);
    if (twin) shortcuts.push(pair(res, twin));
  }
  const deepShortcut = (degradation && shortcuts.find((s) => s.b.id === degradation.a.id)) ?? null;
  const holds = degradation?.c.state === 'apart' && degradation.c.lower === 'b' && deepShortcut?.c.state === 'apart' && deepShortcut.c.lower === 'a';
  return { degradation, shortcuts, deepShortcut, holds: Boolean(holds) };
}
