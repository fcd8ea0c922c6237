/**
 * Before a Hub model's architecture replaces the user's: do the downloaded weights have exactly the keys and
 * shapes that architecture has? Only the names and shapes are read (the safetensors header, or the torch.save
 * file's pickle), on the page and without converting any values; the model's thread then checks the file whole,
 * as for any weights. So a repository whose weights do not match its config.json changes nothing.
 */
import { expandSpec, normalizeKey, phrase, stateDictSchema, type Phrase, type ResNetSpec } from '../../core';
import { PthError, readTorchFile, torchFormat } from './pth';
import { SafetensorsError, parseSafetensors } from './safetensors';

const LISTED = 6;

function shapesOf(bytes: Uint8Array): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (torchFormat(bytes)) {
    for (const t of readTorchFile(bytes)) out.set(normalizeKey(t.name), t.shape);
  } else {
    for (const e of parseSafetensors(bytes).entries.values()) out.set(normalizeKey(e.name), e.shape);
  }
  return out;
}

const list = (keys: string[]) => keys.slice(0, LISTED).join(', ') + (keys.length > LISTED ? ` (+${keys.length - LISTED})` : '');

/** Null when the file's keys and shapes are the spec's (num_batches_tracked optional), else what differs. */
export function weightsMismatch(bytes: Uint8Array, spec: ResNetSpec): Phrase | null {
  let shapes: Map<string, number[]>;
  try {
    shapes = shapesOf(bytes);
  } catch (e) {
    if (e instanceof PthError || e instanceof SafetensorsError) return phrase('the file cannot be read ({reason})', { reason: e.message });
    throw e;
  }
  const schema = stateDictSchema(expandSpec(spec));
  const expected = new Set(schema.map((p) => p.key));
  const missing = schema.filter((p) => p.role !== 'bn.num_batches_tracked' && !shapes.has(p.key)).map((p) => p.key);
  const unexpected = [...shapes.keys()].filter((k) => !expected.has(k));
  const reshaped = schema.filter((p) => shapes.has(p.key) && JSON.stringify(shapes.get(p.key)) !== JSON.stringify(p.shape)).map((p) => p.key);
  if (!missing.length && !unexpected.length && !reshaped.length) return null;
  return phrase('missing {missing}; unexpected {unexpected}; of another shape {reshaped}', {
    missing: missing.length ? list(missing) : '—',
    unexpected: unexpected.length ? list(unexpected) : '—',
    reshaped: reshaped.length ? list(reshaped) : '—',
  });
}
