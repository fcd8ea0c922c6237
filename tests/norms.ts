/** The L2 norm of a vector: the tests' reference for the norms a backend computes (the app needs none of its own). */
export function l2Norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s);
}
