/**
 * Opening a model on the Hugging Face Hub by name, the pure part: the repository id, its config.json read as
 * timm or transformers write it, the model and preprocessing it describes (or why the app refuses it), the
 * files to download, and what to say before downloading.
 */
import { analyzeSpec } from '../analysis';
import { expandSpec } from '../graph';
import type { ResNetSpec } from '../spec';
import { stateDictSchema } from '../stateDict';
import { phrase, type Phrase } from '../phrase';
import type { HubModel, HubReading } from './model';
import { preprocessingPhrase } from './preprocessing';
import type { HubRepo } from './repoId';
import { readTimmConfig } from './timm';
import { readTransformersConfig } from './transformers';

export * from './model';
export * from './names';
export * from './preprocessing';
export * from './repoId';
export { TIMM_TORCHVISION_LAYOUT, readTimmConfig } from './timm';
export { readPreprocessorConfig, readTransformersConfig } from './transformers';

/** The weights files the app reads, in the order it tries them (timm's and transformers' own preference). */
export const WEIGHTS_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;
export type WeightsFile = (typeof WEIGHTS_FILES)[number];

/** Which library wrote a config.json: timm's has `architecture`, transformers' `model_type` / `architectures`. */
export function libraryOf(config: unknown): 'timm' | 'transformers' | null {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return null;
  const c = config as Record<string, unknown>;
  if (typeof c.architecture === 'string') return 'timm';
  if (typeof c.model_type === 'string' || Array.isArray(c.architectures)) return 'transformers';
  return null;
}

/** Whether the repository's preprocessor_config.json is needed (transformers keeps its preprocessing there). */
export const needsPreprocessorConfig = (config: unknown): boolean => libraryOf(config) === 'transformers';

/**
 * Reads a repository's config.json (parsed JSON) and, for transformers, its preprocessor_config.json (null when
 * the repository has none).
 */
export function readHubConfig(repo: HubRepo, config: unknown, preprocessor: unknown = null): HubReading {
  const library = libraryOf(config);
  if (!library) {
    return {
      ok: false,
      refusal: {
        what: phrase('{id}’s config.json', { id: repo.id }),
        why: phrase('it is neither timm’s nor transformers’ (no “architecture”, “model_type” or “architectures”)'),
        code: 'config',
      },
    };
  }
  const c = config as Record<string, unknown>;
  if (library === 'timm') return readTimmConfig(repo, c);
  const pre = typeof preprocessor === 'object' && preprocessor !== null && !Array.isArray(preprocessor) ? (preprocessor as Record<string, unknown>) : null;
  return readTransformersConfig(repo, c, pre);
}

/** The refusal as one sentence: "timm's resnet50d cannot be built exactly: it has a deep stem …". */
export function refusalPhrase(r: { what: Phrase; why: Phrase }): Phrase {
  return phrase('{what} cannot be opened: {why}.', r);
}

/** "25.6 M parameters"; a small model's count in full ("17,413 parameters"). */
export function parametersPhrase(params: number): Phrase {
  return params >= 1e5 ? phrase('{n} M parameters', { n: (params / 1e6).toFixed(1) }) : phrase('{n} parameters', { n: params.toLocaleString('en-US') });
}

/**
 * What was found, before any large download: "timm · resnet50 · a1_in1k · 25.6 M parameters" (the size and the
 * preprocessing are said beside it).
 */
export function hubModelPhrase(m: HubModel): Phrase {
  const params = parametersPhrase(analyzeSpec(m.spec).params);
  if (m.library === 'timm') {
    return m.tag
      ? phrase('timm · {arch} · {tag} · {params}', { arch: m.architecture, tag: m.tag, params })
      : phrase('timm · {arch} · {params}', { arch: m.architecture, params });
  }
  return phrase('transformers · {id} · {params}', { id: m.repo.id, params });
}

export { preprocessingPhrase };

/** A float32 state_dict file's size, about: 4 bytes per number (8 per int64), plus about 80 header bytes per tensor. */
export function approxStateDictBytes(spec: ResNetSpec): number {
  let bytes = 8;
  for (const p of stateDictSchema(expandSpec(spec))) bytes += 80 + (p.dtype === 'I64' ? 8 : 4 * p.shape.reduce((a, b) => a * b, 1));
  return bytes;
}
