/**
 * The learning rate at each step: an optional warm-up (linear from lr·warmupFactor up to lr, or held at
 * lr·warmupFactor as He et al. did for ResNet-110), then cosine decay to 0, step decay (×gamma at each
 * milestone) or constant. Steps count from 0; pure arithmetic.
 */
export type Decay = 'cosine' | 'step' | 'constant';

export interface Schedule {
  lr: number;
  /** Steps in the whole run (cosine decays over what follows the warm-up). */
  steps: number;
  warmupSteps: number;
  /** 'linear' ramps up to lr; 'constant' holds lr·warmupFactor (the paper's 0.01 for a 0.1 rate). */
  warmup: 'linear' | 'constant';
  warmupFactor: number;
  decay: Decay;
  /** Step decay: the steps at which the rate is multiplied by `gamma` (default: half and three quarters of the run). */
  milestones?: number[];
  gamma?: number;
}

export function learningRate(s: Schedule, step: number): number {
  if (step < s.warmupSteps) {
    if (s.warmup === 'constant') return s.lr * s.warmupFactor;
    return s.lr * (s.warmupFactor + ((1 - s.warmupFactor) * step) / s.warmupSteps);
  }
  switch (s.decay) {
    case 'constant':
      return s.lr;
    case 'cosine': {
      const span = Math.max(1, s.steps - s.warmupSteps);
      const t = Math.min(1, (step - s.warmupSteps) / span);
      return 0.5 * s.lr * (1 + Math.cos(Math.PI * t));
    }
    case 'step': {
      const milestones = s.milestones ?? [Math.floor(s.steps / 2), Math.floor((3 * s.steps) / 4)];
      const passed = milestones.filter((m) => step >= m).length;
      return s.lr * (s.gamma ?? 0.1) ** passed;
    }
  }
}
