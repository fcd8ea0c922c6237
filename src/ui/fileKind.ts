/** What a file given to the page is for, from its MIME type and name: the one rule for drop, paste and pick. */

export type FileKind = 'image' | 'weights' | 'spec';

export const FILE_KINDS: readonly FileKind[] = ['image', 'weights', 'spec'];

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|avif)$/i;
/** A state_dict as safetensors or as torch.save wrote it; the runner tells the formats apart by their bytes. */
export const WEIGHTS_EXTENSIONS = ['.safetensors', '.pth', '.pt', '.bin'];

/** The kind a file is, or null when neither its type nor its name says (a drag often shows only the type). */
export function fileKind(type: string, name: string): FileKind | null {
  const n = name.toLowerCase();
  if (type.startsWith('image/') || IMAGE_EXTENSIONS.test(n)) return 'image';
  if (WEIGHTS_EXTENSIONS.some((ext) => n.endsWith(ext))) return 'weights';
  if (n.endsWith('.json') || type === 'application/json') return 'spec';
  return null;
}

/** A TensorFlow.js export's weights (`<name>.weights.bin`), which only mean something with their model.json. */
export const TFJS_WEIGHTS = '.weights.bin';

/**
 * What to do with files given at once: a JSON file with `.bin` files is a TensorFlow.js export (model.json and
 * its weights); a lone `.weights.bin` is half of one; otherwise the first file, by its kind.
 */
export type OpenPlan = { kind: 'tfjs'; json: number; weights: number[] } | { kind: 'tfjs-weights-alone'; index: number } | { kind: FileKind | null; index: number };

export function planOpen(files: { type: string; name: string }[]): OpenPlan {
  const kinds = files.map((f) => fileKind(f.type, f.name));
  const json = kinds.indexOf('spec');
  const bins = files.flatMap((f, i) => (f.name.toLowerCase().endsWith('.bin') ? [i] : []));
  if (json >= 0 && bins.length) return { kind: 'tfjs', json, weights: bins };
  const tfjsBin = files.findIndex((f) => f.name.toLowerCase().endsWith(TFJS_WEIGHTS));
  if (tfjsBin >= 0) return { kind: 'tfjs-weights-alone', index: tfjsBin };
  return { kind: kinds[0] ?? null, index: 0 };
}

/** The kinds to announce for files being dragged: each one known, or all three when any is unknown. */
export function dragKinds(files: { type: string; name: string }[]): FileKind[] {
  const kinds = files.map((f) => fileKind(f.type, f.name));
  if (kinds.length === 0 || kinds.includes(null)) return [...FILE_KINDS];
  return FILE_KINDS.filter((k) => kinds.includes(k));
}
