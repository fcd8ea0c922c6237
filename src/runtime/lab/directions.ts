/**
 * Directions in weight space for the loss landscape, in PyTorch layout by state_dict key (conv and linear
 * weights only: batch norm's parameters and statistics and the biases are not moved, as in Li et al. 2018):
 * seeded filter-normalised random ones, ones read from a safetensors file (`d1.<key>`, `d2.<key>`, as the
 * PyTorch fixtures write them), and the straight line from the trained weights to the initial ones.
 */
import type { ModelAnalysis, ParamSpec } from '../../core';
import { stateDictSchema } from '../../core';
import { PhraseError, phrase } from '../../core/phrase';
import { filterNormalise } from '../../core/lab';
import { normalValues } from '../model/gaussian';
import { SafetensorsError, parseSafetensors, readFloat32 } from '../weights/safetensors';
import type { TorchModules } from './labNet';

export type Direction = Map<string, Float32Array>;

/** The weights a direction moves: every conv weight and the linear weight, in state_dict order. */
export function movedWeights(analysis: ModelAnalysis): ParamSpec[] {
  return stateDictSchema(analysis.graph).filter((p) => p.role === 'conv' || p.role === 'fc.weight');
}

const valueOf = (modules: TorchModules, p: ParamSpec) => modules.get(p.layer)![p.role] as Float32Array;

/**
 * `count` random directions, seeded: Gaussian entries, each output filter (a conv's output channel, a
 * linear row) scaled to the norm of the weight's same filter.
 */
export function randomDirections(analysis: ModelAnalysis, modules: TorchModules, seed: number, count = 2): Direction[] {
  const specs = movedWeights(analysis);
  return Array.from({ length: count }, (_, d) => {
    const out: Direction = new Map();
    specs.forEach((p, t) => {
      const w = valueOf(modules, p);
      // A distinct stream per direction and tensor, from the one seed.
      const r = normalValues(w.length, 1, seed * 1_000_003 + d * 7919 + t * 104_729 + 1);
      out.set(p.key, filterNormalise(r, w, p.shape[0]));
    });
    return out;
  });
}

/** The line from the trained weights towards the initial ones: initial − trained, for each moved weight. */
export function lineToInitial(analysis: ModelAnalysis, trained: TorchModules, initial: TorchModules): Direction {
  const out: Direction = new Map();
  for (const p of movedWeights(analysis)) {
    const a = valueOf(trained, p);
    const b = valueOf(initial, p);
    out.set(p.key, b.map((v, i) => v - a[i]));
  }
  return out;
}

/**
 * Two directions from a safetensors file holding `d1.<key>` and `d2.<key>` for every conv and linear weight of
 * the network, each of that weight's shape. Throws a PhraseError saying what is wrong.
 */
export function readDirections(bytes: Uint8Array, analysis: ModelAnalysis): [Direction, Direction] {
  let file;
  try {
    file = parseSafetensors(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new PhraseError(phrase('the directions are not a readable safetensors file: {reason}', { reason: e.phrase }), 'bad-directions');
    throw e;
  }
  const specs = movedWeights(analysis);
  return (['d1', 'd2'] as const).map((d) => {
    const out: Direction = new Map();
    for (const p of specs) {
      const entry = file.entries.get(`${d}.${p.key}`);
      if (!entry) throw new PhraseError(phrase('the directions file has no {key}', { key: `${d}.${p.key}` }), 'bad-directions');
      if (entry.shape.join(',') !== p.shape.join(',')) {
        throw new PhraseError(phrase('{key} has shape [{got}]; this network needs [{want}]', { key: `${d}.${p.key}`, got: entry.shape.join(', '), want: p.shape.join(', ') }), 'bad-directions');
      }
      out.set(p.key, readFloat32(file, entry));
    }
    return out;
  }) as [Direction, Direction];
}
