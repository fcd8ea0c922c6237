/** One key per model: what every comparison of specs reads, instead of comparing their JSON text. */
import type { InputSpec, ResNetSpec, StageSpec, StemSpec } from './spec';
import { parseSpec } from './validate';

/** JSON with every object's keys sorted, so property order does not matter. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Every field of a spec, nested objects by their own fields (`satisfies` keeps this in step with the types). */
const FIELDS = {
  input: { channels: null, height: null, width: null } satisfies Record<keyof InputSpec, null>,
  stem: { kernel: null, stride: null, width: null, maxPool: null } satisfies Record<keyof StemSpec, null>,
  block: null,
  stages: { blocks: null, width: null, stride: null } satisfies Record<keyof StageSpec, null>,
  groups: null,
  widthPerGroup: null,
  stridePlacement: null,
  shortcut: null,
  residual: null,
  numClasses: null,
} satisfies Record<keyof ResNetSpec, Record<string, null> | null>;

type Fields = Record<string, Record<string, null> | null>;

/** The value with exactly `fields` (each element of a list alike), or null if one is missing. */
function pick(v: unknown, fields: Fields): Record<string, unknown> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(fields)) {
    const x = o[k];
    if (x === undefined) return null;
    if (sub === null) out[k] = x;
    else {
      const items = Array.isArray(x) ? x.map((e) => pick(e, sub)) : [pick(x, sub)];
      if (items.some((e) => e === null)) return null;
      out[k] = Array.isArray(x) ? items : items[0];
    }
  }
  return out;
}

/**
 * A stable key for a spec: equal for the same model whatever its property order and whether its defaults
 * are spelled out or omitted (`shortcut: 'B'` or nothing), different for different specs. A spec with every
 * field is keyed as it is (cheap: the app's specs are complete); one with fields left out takes
 * `parseSpec`'s defaults; one the parser refuses is keyed as written, keys sorted.
 */
export function specKey(spec: unknown): string {
  const complete = pick(spec, FIELDS);
  if (complete) return canonicalJson(complete);
  const parsed = parseSpec(spec);
  return canonicalJson(parsed.ok ? parsed.value : spec);
}

/** Whether two specs describe the same model (`specKey` equal). */
export const sameSpec = (a: unknown, b: unknown): boolean => specKey(a) === specKey(b);
