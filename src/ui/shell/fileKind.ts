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

/** The kinds to announce for files being dragged: each one known, or all three when any is unknown. */
export function dragKinds(files: { type: string; name: string }[]): FileKind[] {
  const kinds = files.map((f) => fileKind(f.type, f.name));
  if (kinds.length === 0 || kinds.includes(null)) return [...FILE_KINDS];
  return FILE_KINDS.filter((k) => kinds.includes(k));
}
