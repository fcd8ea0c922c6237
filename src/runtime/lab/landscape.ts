/**
 * The loss (and accuracy) at weights + α·d₁ (+ β·d₂) on a grid, batch norm in eval mode (its statistics and
 * parameters stay), point by point in a coarse-to-fine order so that the picture fills in as it is computed.
 */
import { refinementOrder } from '../../core/lab';
import { evaluate, type LabData, type Pause, type Score } from './evaluate';
import { LabNet } from './labNet';
import type { Direction } from './directions';

export interface GridRequest {
  alphas: number[];
  /** [0] (or absent) for a 1-D slice along the first direction. */
  betas?: number[];
  /** Evaluate on the first `images` test images. */
  images: number;
}

export interface GridPoint {
  i: number;
  j: number;
  score: Score;
}

/**
 * Every point's score; `onPoint` hears of each as it is computed. The directions are folded once; the moved
 * weights of each point are made and freed in turn.
 */
export async function lossGrid(net: LabNet, data: LabData, directions: readonly Direction[], req: GridRequest, onPoint?: (p: GridPoint) => void, pause?: Pause): Promise<Score[][]> {
  const betas = req.betas && req.betas.length ? req.betas : [0];
  const folded = directions.map((d) => net.foldDirection(d));
  const out: Score[][] = req.alphas.map(() => betas.map(() => ({ count: 0, correct: 0, lossSum: 0 })));
  try {
    for (const [i, j] of refinementOrder(req.alphas.length, betas.length)) {
      const w = net.moved(folded, [req.alphas[i], betas[j]]);
      try {
        out[i][j] = await evaluate(net, data, [], { images: req.images, weights: w, pause });
      } finally {
        LabNet.disposeMoved(w);
      }
      onPoint?.({ i, j, score: out[i][j] });
      await pause?.();
    }
  } finally {
    folded.forEach((d) => LabNet.disposeDirection(d));
  }
  return out;
}
