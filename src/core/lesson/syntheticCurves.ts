/** Synthetic loss curves for the lesson's tests: a trend plus seeded Gaussian noise, the same on every run. */

/** A seeded standard normal (an LCG and Box–Muller). */
export function normals(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** A loss curve: trend(step) plus noise of standard deviation sigma, steps 1…n. */
export const curve = (n: number, trend: (t: number) => number, sigma: number, seed: number): number[] => {
  const z = normals(seed);
  return Array.from({ length: n }, (_, i) => trend(i + 1) + sigma * z());
};
