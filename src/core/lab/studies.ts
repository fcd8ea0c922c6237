/**
 * The lesion studies of Veit et al. (2016) as lists of deleted sets: "delete each block in turn" (their
 * Fig. 3) and "delete k random blocks" (their Fig. 5, several random draws for each k).
 */
import { sample, seededRng } from './random';

/** One evaluation of a study: the blocks switched off together (none: the whole network). */
export interface DeletedSet {
  deleted: string[];
  /** For "k random": how many were deleted and which draw this is. */
  k?: number;
  draw?: number;
}

/** The whole network, then each deletable block alone. */
export function eachInTurn(deletable: readonly string[]): DeletedSet[] {
  return [{ deleted: [] }, ...deletable.map((b) => ({ deleted: [b] }))];
}

/**
 * For k = 1 … `maxK` (at most the number of deletable blocks), `draws` random sets of k deletable blocks,
 * seeded; where fewer distinct sets exist than draws (k equal to the count: one), each distinct set once.
 */
export function randomSets(deletable: readonly string[], draws: number, seed: number, maxK = deletable.length): DeletedSet[] {
  const rng = seededRng(seed);
  const out: DeletedSet[] = [];
  const n = deletable.length;
  for (let k = 1; k <= Math.min(maxK, n); k++) {
    const seen = new Set<string>();
    const distinct = binomial(n, k);
    for (let d = 0; d < draws && seen.size < distinct; d++) {
      let set = sample(deletable, k, rng);
      // A repeated set adds nothing to the band: draw again (a few tries; small n has few sets).
      for (let tries = 0; seen.has(set.join(',')) && tries < 20; tries++) set = sample(deletable, k, rng);
      if (seen.has(set.join(','))) continue;
      seen.add(set.join(','));
      out.push({ deleted: set, k, draw: out.filter((s) => s.k === k).length });
    }
  }
  return out;
}

/** n choose k, exact for the sizes here (float64 up to about n = 1000 for the probabilities below). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - i + 1)) / i;
  return Math.round(c);
}
