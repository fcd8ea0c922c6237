/**
 * Paths through a residual network (Veit et al. 2016, section 4 and 5): each of its n blocks is either taken
 * through its residual branch or skipped along its shortcut, so there are 2ⁿ paths, and the number that go
 * through k residual branches is C(n, k): the path lengths are binomially distributed around n / 2.
 */
import { sample, type Rng } from './random';

/** The share of the 2ⁿ paths that go through k residual branches, k = 0 … n: Binomial(n, ½). */
export function pathLengthShares(n: number): number[] {
  const out = new Array<number>(n + 1);
  // C(n, k) / 2ⁿ computed as a running product in log space (no overflow for the deepest nets).
  let log = -n * Math.LN2;
  for (let k = 0; k <= n; k++) {
    out[k] = Math.exp(log);
    log += Math.log((n - k) / (k + 1));
  }
  return out;
}

/**
 * Which blocks a sampled path of length k goes through: k of the n blocks at random take the residual branch,
 * the others the shortcut (Veit et al.'s way of measuring one path's gradient).
 */
export function samplePath(n: number, k: number, rng: Rng): boolean[] {
  const through = new Set(sample(Array.from({ length: n }, (_, i) => i), k, rng));
  return Array.from({ length: n }, (_, i) => through.has(i));
}

/**
 * The total gradient each path length carries: the number of paths of that length times the mean gradient
 * magnitude of one such path (Veit et al. Fig. 6b), as shares of the whole.
 */
export function gradientByLength(meanMagnitude: readonly number[]): number[] {
  const n = meanMagnitude.length - 1;
  const shares = pathLengthShares(n);
  const total = meanMagnitude.map((m, k) => (Number.isFinite(m) ? m * shares[k] : 0));
  const sum = total.reduce((a, b) => a + b, 0);
  return sum > 0 ? total.map((t) => t / sum) : total;
}

/**
 * The "effective paths": the narrowest range of lengths [from, to] that carries at least `part` of the total
 * (shares summing to 1); ties go to the shorter range.
 */
export function effectiveRange(shares: readonly number[], part = 0.9): { from: number; to: number; share: number } {
  let best = { from: 0, to: shares.length - 1, share: shares.reduce((a, b) => a + b, 0) };
  for (let from = 0; from < shares.length; from++) {
    let s = 0;
    for (let to = from; to < shares.length; to++) {
      s += shares[to];
      if (s >= part - 1e-12) {
        if (to - from < best.to - best.from) best = { from, to, share: s };
        break;
      }
    }
  }
  return best;
}
