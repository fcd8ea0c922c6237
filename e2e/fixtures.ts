/** Reference data for the e2e tests, read from the project's own copies of the shared files. */
import { readFileSync } from 'node:fs';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

export interface RefModel {
  params: number;
  macs: number;
  layers: { name: string; type: string; out: number[]; params: number }[];
}
export const reference: Record<string, RefModel> = read('../tests/fixtures/torchvision-resnets-224.json');
export const count = (n: number) => n.toLocaleString('en-US');
