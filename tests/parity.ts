/** The torchvision parity fixtures (copied from shared/fixtures/torchvision-parity): small ResNets with outputs from PyTorch. */
import { readFileSync } from 'node:fs';

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
