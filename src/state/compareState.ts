/**
 * The comparison in the URL, beside the model being built: `view=compare&v=<variant>&v=<variant>`, each
 * variant written as the single-model query (`model=resnet50`, or a custom model's fields).
 */
import { checkModel, presetLabel, matchPreset, type ResNetSpec, type SpecError } from '../core';
import { parseSpecQuery, serializeSpec } from './urlState';

export const MAX_VARIANTS = 4;
export const DEFAULT_VARIANTS = ['resnet50', 'resnext50_32x4d', 'wide_resnet50_2'];

export interface CompareQuery {
  compare: boolean;
  variants: ResNetSpec[];
  errors: SpecError[];
}

export function parseCompareQuery(query: string | URLSearchParams, fallback: ResNetSpec[]): CompareQuery {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  const compare = q.get('view') === 'compare';
  const raw = q.getAll('v').slice(0, MAX_VARIANTS);
  if (raw.length === 0) return { compare, variants: fallback, errors: [] };
  const variants: ResNetSpec[] = [];
  const errors: SpecError[] = [];
  raw.forEach((v, i) => {
    const r = parseSpecQuery(v);
    const checked = r.ok ? checkModel(r.value) : r;
    if (r.ok && checked.ok) variants.push(r.value);
    else if (!checked.ok) errors.push(...checked.errors.map((e) => ({ field: `variant ${i + 1}`, message: `variant ${i + 1}: ${e.message}` })));
  });
  return { compare, variants: variants.length ? variants : fallback, errors };
}

/** The query with the comparison written in, every other parameter kept. */
export function writeCompareQuery(current: string, compare: boolean, variants: ResNetSpec[]): string {
  const q = new URLSearchParams(current);
  q.delete('view');
  q.delete('v');
  if (compare) q.set('view', 'compare');
  for (const v of variants) q.append('v', serializeSpec(v).toString());
  return q.toString();
}

export function variantLabel(spec: ResNetSpec): string {
  const p = matchPreset(spec);
  if (p) return presetLabel(p);
  const blocks = spec.stages.map((s) => s.blocks).join('-');
  return `Custom ${spec.block} [${blocks}]${spec.groups > 1 ? ` ${spec.groups}×${spec.widthPerGroup}d` : ''}`;
}
