/**
 * The loss landscape's pure parts (Li, Xu, Taylor, Studer and Goldstein 2018, "Visualizing the loss landscape
 * of neural nets"): filter-normalised directions, the grid, and the order its points are computed in.
 */

/**
 * Scales a random direction for one weight, filter by filter, to the weight's norms (Li et al.'s filter
 * normalisation): `direction` and `weight` hold `rows` filters (a conv's output channels, a linear layer's
 * rows) one after another; each row of the direction is scaled to the norm of the weight's row. In place.
 */
export function filterNormalise(direction: Float32Array, weight: Float32Array, rows: number): Float32Array {
  // A programming error, never shown: directions are made, or read and checked, with their weight's shape.
  if (direction.length !== weight.length || weight.length % rows !== 0) throw new Error('a direction must have its weight’s shape');
  const size = weight.length / rows;
  for (let r = 0; r < rows; r++) {
    let dn = 0;
    let wn = 0;
    for (let i = r * size; i < (r + 1) * size; i++) {
      dn += direction[i] * direction[i];
      wn += weight[i] * weight[i];
    }
    const scale = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
    for (let i = r * size; i < (r + 1) * size; i++) direction[i] *= scale;
  }
  return direction;
}

/** `steps` evenly spaced values from `from` to `to` (both included; one step: the middle). */
export function axis(from: number, to: number, steps: number): number[] {
  if (steps === 1) return [(from + to) / 2];
  // Exact ends and zero where the range is symmetric (no 1e-17 for the centre).
  return Array.from({ length: steps }, (_, i) => {
    const v = from + ((to - from) * i) / (steps - 1);
    return Math.abs(v) < 1e-12 * Math.max(Math.abs(from), Math.abs(to)) ? 0 : v;
  });
}

/**
 * The grid's points in the order to compute them: coarse to fine (every 2^k-th row and column first, halving),
 * so that the surface's shape is on screen after a few points and sharpens as the rest come in.
 */
export function refinementOrder(rows: number, cols: number): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Set<number>();
  let step = 1;
  while (step * 2 < Math.max(rows, cols)) step *= 2;
  for (; step >= 1; step = Math.floor(step / 2)) {
    for (let i = 0; i < rows; i += step) {
      for (let j = 0; j < cols; j += step) {
        const key = i * cols + j;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push([i, j]);
      }
    }
    // Make sure the last row and column are in the coarse passes too (an odd size like 11 ends off the 2^k grid).
    if (step > 1) {
      for (const [i, j] of [...Array.from({ length: rows }, (_, i) => [i, cols - 1]), ...Array.from({ length: cols }, (_, j) => [rows - 1, j])] as [number, number][]) {
        if ((i % step === 0 || i === rows - 1) && (j % step === 0 || j === cols - 1) && !seen.has(i * cols + j)) {
          seen.add(i * cols + j);
          out.push([i, j]);
        }
      }
    }
  }
  return out;
}
