/**
 * The CIFAR fixtures (copied from shared/fixtures): parameters and MACs of the paper's CIFAR nets computed in
 * PyTorch (cifar/cifar-resnets.json), tiny option-A, plain and option-B nets with weights (train-step/), and
 * small option-A and plain nets with PyTorch's outputs (cifar-parity/, made by its make_fixtures.py).
 */
import { readFileSync } from 'node:fs';

export const CIFAR_DIR = new URL('./fixtures/cifar/', import.meta.url);
export const TRAIN_STEP_DIR = new URL('./fixtures/train-step/', import.meta.url);

export type CifarFigures = Record<string, { params: number; macs: number }>;
/** `resnet56`, `resnet-optionB56`, `plain56`, … → `{"3x32x32": {params, macs}, "1x28x28": …}`. */
export const CIFAR_FIGURES = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(new URL('cifar-resnets.json', CIFAR_DIR), 'utf8')) as Record<string, unknown>).filter(([k]) => !k.startsWith('_')),
) as Record<string, CifarFigures>;

/** A CIFAR-style net as the fixtures describe it (train-step and cifar-parity). */
export interface CifarFixtureConfig {
  blocks_per_stage: number;
  widths: number[];
  residual: boolean;
  shortcut: 'A' | 'B' | null;
  /** NCHW */
  input: number[];
  classes: number;
}

export const TRAIN_STEP = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(new URL('index.json', TRAIN_STEP_DIR), 'utf8')) as Record<string, { config?: CifarFixtureConfig; params?: number }>).filter(
    ([k]) => !k.startsWith('_'),
  ),
) as Record<string, { config: CifarFixtureConfig; params: number }>;

/** A fixture's net as the core's spec JSON: the CIFAR layout (3x3 stem as wide as stage 1, no max-pool). */
export function cifarFixtureSpec(c: CifarFixtureConfig) {
  return {
    input: { channels: c.input[1], height: c.input[2], width: c.input[3] },
    stem: { kernel: 3, stride: 1, width: c.widths[0], maxPool: false },
    block: 'basic',
    stages: c.widths.map((width, i) => ({ blocks: c.blocks_per_stage, width, stride: i === 0 ? 1 : 2 })),
    shortcut: c.shortcut ?? 'A',
    residual: c.residual,
    numClasses: c.classes,
  };
}

export const CIFAR_PARITY_DIR = new URL('./fixtures/cifar-parity/', import.meta.url);
export const CIFAR_PARITY = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(new URL('index.json', CIFAR_PARITY_DIR), 'utf8')) as Record<string, unknown>).filter(([k]) => !k.startsWith('_')),
) as Record<string, { config: CifarFixtureConfig; params: number; outputs: Record<string, number[]> }>;
