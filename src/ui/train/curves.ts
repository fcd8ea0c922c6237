/** The Train tab's numbers as the cards show them (the smoothing and the verdict are in src/core/lesson). */
import { smooth } from '../../core/lesson';
import type { RunView } from '../../state/trainStore';

/** A loss as the Train tab shows it: four decimals, or four significant digits once it has blown up. */
export const formatLoss = (x: number) => (Number.isFinite(x) && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toPrecision(4));

/** The smoothed training loss at the latest step. */
export function latestSmoothedLoss(run: Pick<RunView, 'points'>): number | null {
  if (run.points.length === 0) return null;
  return smooth(run.points.map((p) => p.loss)).at(-1)!;
}
