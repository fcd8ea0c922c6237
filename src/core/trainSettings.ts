/**
 * The training settings' rules, stated once: what each numeric setting may be, its label and the words for
 * the rule. The Train tab's form (its inputs and their errors), the tab's store (before Start) and the runtime's
 * trainer (before allocating anything) all check against this table, so they cannot disagree.
 */
import { phrase, type Phrase } from './phrase';

export type TrainSettingKey = 'steps' | 'batchSize' | 'lr' | 'momentum' | 'weightDecay' | 'warmupSteps' | 'seed' | 'evalEvery';

export interface TrainSettingRule {
  key: TrainSettingKey;
  /** The form's label, and the setting's name in messages (an English template). */
  label: string;
  /** A whole number. */
  whole: boolean;
  min: number;
  /** The minimum itself is not allowed (a learning rate of 0). */
  minOpen?: boolean;
  max?: number;
  /** The maximum itself is not allowed (a momentum of 1). */
  maxOpen?: boolean;
  /** What a valid value is, in words (an English template): "Steps must be {rule}". */
  rule: string;
}

/** In the form's order. */
export const TRAIN_SETTING_RULES: readonly TrainSettingRule[] = [
  { key: 'steps', label: 'Steps', whole: true, min: 1, rule: 'a whole number of at least 1' },
  { key: 'batchSize', label: 'Batch size', whole: true, min: 1, rule: 'a whole number of at least 1' },
  { key: 'lr', label: 'Learning rate', whole: false, min: 0, minOpen: true, rule: 'a positive number' },
  { key: 'momentum', label: 'Momentum', whole: false, min: 0, max: 1, maxOpen: true, rule: 'in [0, 1)' },
  { key: 'weightDecay', label: 'Weight decay', whole: false, min: 0, rule: '0 or more' },
  { key: 'warmupSteps', label: 'Warm-up steps (lr × 0.1 → lr)', whole: true, min: 0, rule: 'a whole number of 0 or more' },
  { key: 'seed', label: 'Seed', whole: true, min: 0, rule: 'a whole number of 0 or more' },
  { key: 'evalEvery', label: 'Test accuracy every', whole: true, min: 0, rule: 'a whole number of 0 or more (0: never)' },
];

export const trainSettingRule = (key: TrainSettingKey): TrainSettingRule => TRAIN_SETTING_RULES.find((r) => r.key === key)!;

/** Whether `v` keeps the rule. */
export function keepsRule(r: TrainSettingRule, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (r.whole && !Number.isInteger(v)) return false;
  if (r.minOpen ? v <= r.min : v < r.min) return false;
  if (r.max !== undefined && (r.maxOpen ? v >= r.max : v > r.max)) return false;
  return true;
}

/** "Learning rate must be a positive number (got -1)"; `shown` is the value as the user wrote it. */
export function ruleProblem(r: TrainSettingRule, v: number, shown: string = String(v)): Phrase | null {
  return keepsRule(r, v) ? null : phrase('{field} must be {rule} (got {value})', { field: phrase(r.label), rule: phrase(r.rule), value: shown });
}

/** Every broken rule among `values`' numeric settings, by key (empty: all fine). */
export function trainSettingProblems(values: Partial<Record<TrainSettingKey, number>>): Partial<Record<TrainSettingKey, Phrase>> {
  const out: Partial<Record<TrainSettingKey, Phrase>> = {};
  for (const r of TRAIN_SETTING_RULES) {
    const v = values[r.key];
    if (v === undefined) continue;
    const p = ruleProblem(r, v);
    if (p) out[r.key] = p;
  }
  return out;
}
