/**
 * Progress a learner can read: how long each run and the whole experiment still need. The runs take turns on
 * one backend, one step each, so a run's time left is not its own steps × its own step time: until it ends,
 * every other run still training takes a step for each of its own. Run i ends after
 * Σⱼ min(leftⱼ, leftᵢ) × msⱼ (over the runs still training), and the experiment after Σⱼ leftⱼ × msⱼ.
 */
import { phrase, type Phrase } from '../phrase';

export interface RunPace {
  /** Steps still to train (0 when it has ended: done, diverged, failed). */
  left: number;
  /** Wall time of one of its steps lately, waiting included (null before its first step). */
  msPerStep: number | null;
}

export interface TimeLeft {
  /** Milliseconds until each run ends (0 for one that has; null while some run's pace is unknown). */
  perRun: (number | null)[];
  /** Until the last run ends. */
  total: number | null;
}

export function timeLeft(runs: readonly RunPace[]): TimeLeft {
  const going = runs.filter((r) => r.left > 0);
  if (going.some((r) => r.msPerStep === null)) return { perRun: runs.map((r) => (r.left > 0 ? null : 0)), total: null };
  const until = (left: number) => going.reduce((t, r) => t + Math.min(r.left, left) * r.msPerStep!, 0);
  const perRun = runs.map((r) => (r.left > 0 ? until(r.left) : 0));
  return { perRun, total: going.reduce((t, r) => t + r.left * r.msPerStep!, 0) };
}

/** Images a second over the whole experiment: a round gives every run still training one batch. */
export function experimentImagesPerSecond(runs: readonly RunPace[], batchSize: number): number | null {
  const going = runs.filter((r) => r.left > 0);
  if (going.length === 0 || going.some((r) => r.msPerStep === null)) return null;
  const round = going.reduce((t, r) => t + r.msPerStep!, 0);
  return round > 0 ? (going.length * batchSize * 1000) / round : null;
}

/** A duration as a learner reads it: "8 s", "45 s", "1 min 20 s", "12 min", "1 h 5 min" (rounded as it grows). */
export function formatDuration(ms: number): Phrase {
  const s = Math.max(0, ms / 1000);
  if (s < 10) return phrase('{s} s', { s: Math.max(1, Math.round(s)) });
  if (s < 60) return phrase('{s} s', { s: Math.round(s / 5) * 5 });
  if (s < 600) {
    const tens = Math.round(s / 10) * 10;
    const m = Math.floor(tens / 60);
    const rest = tens % 60;
    return rest ? phrase('{m} min {s} s', { m, s: rest }) : phrase('{m} min', { m });
  }
  const m = Math.round(s / 60);
  if (m < 60) return phrase('{m} min', { m });
  return m % 60 ? phrase('{h} h {m} min', { h: Math.floor(m / 60), m: m % 60 }) : phrase('{h} h', { h: m / 60 });
}
