/**
 * The lesion and loss-landscape fixtures (copied from shared/fixtures/lesion; made by
 * tests/fixtures/lesion/make_lesion_fixtures.py with PyTorch): ResNet-20 and Plain-20 after one epoch on
 * Fashion-MNIST, their state_dicts, and PyTorch's accuracies, losses and landscape grids.
 */
import { readFileSync } from 'node:fs';
import { checkModel, parseSpec, type ModelAnalysis } from '../src/core';

export const LESION_DIR = new URL('./fixtures/lesion/', import.meta.url);

export interface LesionScore {
  accuracy: number;
  loss: number;
}

export interface LesionFixture {
  whole: LesionScore;
  single: Record<string, LesionScore>;
  sets: (LesionScore & { deleted: string[] })[];
  landscape: { alphas: number[]; betas: number[]; images: number; loss: number[][] };
}

export type LesionNet = 'resnet20' | 'plain20';
export const LESION = JSON.parse(readFileSync(new URL('lesion.json', LESION_DIR), 'utf8')) as Record<LesionNet, LesionFixture>;

export const lesionFile = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, LESION_DIR)));
export const lesionPath = (name: string): string => new URL(name, LESION_DIR).pathname;

export function lesionAnalysis(net: LesionNet): ModelAnalysis {
  const spec = parseSpec(JSON.parse(readFileSync(new URL(`${net}.spec.json`, LESION_DIR), 'utf8')));
  if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('; '));
  const a = checkModel(spec.value);
  if (!a.ok) throw new Error(a.errors.map((e) => e.message).join('; '));
  return a.value;
}
