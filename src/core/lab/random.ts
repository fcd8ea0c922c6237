/**
 * A small seeded generator for the lab's random choices (which blocks to delete, which paths to sample), so
 * that a seed gives the same study in the browser, in Node and in the tests. mulberry32: 32-bit state, one
 * multiply-xorshift round per draw; plenty for choosing a few blocks, and a few lines instead of a dependency.
 */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let s = (Math.floor(seed) ^ 0x6d2b79f5) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `k` of `items` chosen uniformly without replacement (a partial Fisher–Yates shuffle), in their original order. */
export function sample<T>(items: readonly T[], k: number, rng: Rng): T[] {
  const idx = items.map((_, i) => i);
  const n = Math.min(k, idx.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]);
}
