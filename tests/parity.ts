/** The torchvision parity fixtures (copied from shared/fixtures/torchvision-parity): small ResNets with outputs from PyTorch. */
import { readFileSync } from 'node:fs';
import { checkModel, parseSpec, type ModelAnalysis } from '../src/core';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';

export interface ParityFixture {
  config: {
    block: string;
    layers: number[];
    widths: number[];
    stem: number;
    num_classes: number;
    groups: number;
    width_per_group: number;
    /** NCHW */
    input: number[];
  };
  params: number;
  outputs: Record<string, number[]>;
}

export const PARITY_DIR = new URL('./fixtures/torchvision-parity/', import.meta.url);
export const PARITY = JSON.parse(readFileSync(new URL('index.json', PARITY_DIR), 'utf8')) as Record<string, ParityFixture>;

/** The fixture's architecture as the core's spec JSON (torchvision strides: 1, then 2). */
export function paritySpec(f: ParityFixture) {
  const c = f.config;
  return {
    input: { channels: c.input[1], height: c.input[2], width: c.input[3] },
    stem: { width: c.stem },
    block: c.block,
    stages: c.layers.map((blocks, i) => ({ blocks, width: c.widths[i], stride: i === 0 ? 1 : 2 })),
    groups: c.groups,
    widthPerGroup: c.width_per_group,
    numClasses: c.num_classes,
  };
}

/** max |a - b| / max |b|, the agreement measure the fixtures are judged by. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  // An all-zero expectation (a gradient that is exactly zero) is matched absolutely.
  return scale === 0 ? diff : diff / scale;
}

/** A fixture's analysed model and its PyTorch input and expected outputs (`input`, `expected.logits`, …). */
export function loadParity(key: string): { analysis: ModelAnalysis; tensor: (name: string) => { values: Float32Array; shape: number[] } } {
  const spec = parseSpec(paritySpec(PARITY[key]));
  if (!spec.ok) throw new Error('bad fixture spec');
  const checked = checkModel(spec.value);
  if (!checked.ok) throw new Error('bad fixture model');
  const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, PARITY_DIR))));
  const tensor = (name: string) => ({ values: readFloat32(io, io.entries.get(name)!), shape: io.entries.get(name)!.shape });
  return { analysis: checked.value, tensor };
}
