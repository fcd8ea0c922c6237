/** One key per model: what every comparison of specs reads, instead of comparing their JSON text. */
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

/**
 * A stable key for a spec: equal for the same model whatever its property order and whether its defaults
 * are spelled out or omitted (`shortcut: 'B'` or nothing), different for different specs. The defaults are
 * `parseSpec`'s; a spec it refuses is keyed as written, keys sorted.
 */
export function specKey(spec: unknown): string {
  const parsed = parseSpec(spec);
  return canonicalJson(parsed.ok ? parsed.value : spec);
}

/** Whether two specs describe the same model (`specKey` equal). */
export const sameSpec = (a: unknown, b: unknown): boolean => specKey(a) === specKey(b);
