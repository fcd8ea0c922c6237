export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  runs?: number;
  note?: string;
  /** The issue's goal for this figure, printed beside it: `{ at: 150, better: 'lower' }` is "goal ≤ 150". */
  goal?: { at: number; better: 'lower' | 'higher' };
}

/** `goal ≤ 150 ms: met` / `goal ≥ 300 images/s: not met (0.69×)`. */
export function goalText(f: Figure): string {
  if (!f.goal || Number.isNaN(f.value)) return '';
  const { at, better } = f.goal;
  const met = better === 'lower' ? f.value <= at : f.value >= at;
  const by = better === 'lower' ? f.value / at : f.value / at;
  return `goal ${better === 'lower' ? '≤' : '≥'} ${at} ${f.unit}: ${met ? 'met' : `not met (${by.toFixed(2)}× the goal)`}`;
}
