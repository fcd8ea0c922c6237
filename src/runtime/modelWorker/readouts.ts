/**
 * The plain arithmetic of a run's read-outs, on values already read back from the backend: a class activation
 * map scaled to [0, 1], a residual block's ‖F(x)‖/‖shortcut‖, and per-channel statistics of a layer's output.
 */
import type { ChannelStats } from './protocol';

/** Min-max scaling to [0, 1] (a constant map becomes all zeros; the range never divides by less than 1e-12). */
export function minMaxScale(values: Float32Array): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = Math.max(max - min, 1e-12);
  return values.map((v) => (v - min) / range);
}

/** ‖F(x)‖ / ‖shortcut‖ from the two L2 norms; 0 when the shortcut carries nothing. */
export function residualRatio(branchNorm: number, shortcutNorm: number): number {
  return shortcutNorm > 0 ? branchNorm / shortcutNorm : 0;
}

/** Mean, min, max and the fraction of exact zeros of each channel of channel-major C×(H·W) values. */
export function channelStats(values: Float32Array, c: number, hw: number): { stats: ChannelStats[]; min: number; max: number } {
  const stats: ChannelStats[] = [];
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let zeros = 0;
    for (let i = ch * hw; i < (ch + 1) * hw; i++) {
      const v = values[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    stats.push({ channel: ch, mean: sum / hw, min, max, zeros: zeros / hw });
    gmin = Math.min(gmin, min);
    gmax = Math.max(gmax, max);
  }
  return { stats, min: gmin, max: gmax };
}
