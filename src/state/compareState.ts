/**
 * The comparison in the URL, beside the model being built: `view=compare&v=<variant>&v=<variant>`, each
 * variant written as the single-model query (`model=resnet50`, or a custom model's fields), and
 * `cmpsize=320x320` when the comparison is made at a size the user chose (else at the built model's).
 */
import { checkModel, phrase, specError, type Phrase, presetLabel, matchPreset, type CompareSize, type ResNetSpec, type SpecError } from '../core';
import { URL_PARAMS, parseSpecQuery, readView, serializeSpec, withParams, writeView } from './urlState';

export const MAX_VARIANTS = 4;
export const DEFAULT_VARIANTS = ['resnet50', 'resnext50_32x4d', 'wide_resnet50_2'];

export interface CompareQuery {
  compare: boolean;
  variants: ResNetSpec[];
  errors: SpecError[];
  /** The input size chosen for the comparison; null: the built model's. */
  size: CompareSize | null;
}

const MAX_SIDE = 2048;

function parseSize(raw: string | null, errors: SpecError[]): CompareSize | null {
  if (raw === null) return null;
  const m = /^(\d{1,4})x(\d{1,4})$/.exec(raw);
  const [height, width] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (height >= 16 && width >= 16 && height <= MAX_SIDE && width <= MAX_SIDE) return { height, width };
  errors.push(specError('cmpsize', 'the comparison size "{size}" is not HxW between 16 and {max}; the built model\'s size is used', { size: raw.slice(0, 40), max: MAX_SIDE }));
  return null;
}

export function parseCompareQuery(query: string | URLSearchParams, fallback: ResNetSpec[]): CompareQuery {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const compare = readView(q) === 'compare';
  const raw = q.getAll('v').slice(0, MAX_VARIANTS);
  const errors: SpecError[] = [];
  const size = parseSize(q.get('cmpsize'), errors);
  if (raw.length === 0) return { compare, variants: fallback, errors, size };
  const variants: ResNetSpec[] = [];
  raw.forEach((v, i) => {
    const r = parseSpecQuery(v);
    const checked = r.ok ? checkModel(r.value) : r;
    if (r.ok && checked.ok) variants.push(r.value);
    else if (!checked.ok) errors.push(...checked.errors.map((e) => specError(`variant ${i + 1}`, 'variant {n}: {problem}', { n: i + 1, problem: e.phrase })));
  });
  return { compare, variants: variants.length ? variants : fallback, errors, size };
}

/** The query with the comparison written in, every other parameter kept. */
export function writeCompareQuery(current: string, compare: boolean, variants: ResNetSpec[], size: CompareSize | null = null): string {
  const next = new URLSearchParams();
  for (const v of variants) next.append('v', serializeSpec(v).toString());
  if (compare && size) next.set('cmpsize', `${size.height}x${size.width}`);
  return writeView(withParams(current, URL_PARAMS.compare, next), 'compare', compare);
}

export function variantLabel(spec: ResNetSpec): Phrase {
  const p = matchPreset(spec);
  if (p) return phrase(presetLabel(p));
  const blocks = spec.stages.map((s) => s.blocks).join('-');
  return phrase('Custom {block} [{blocks}]{groups}', { block: phrase(spec.block), blocks, groups: spec.groups > 1 ? ` ${spec.groups}×${spec.widthPerGroup}d` : '' });
}
