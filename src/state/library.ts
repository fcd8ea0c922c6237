/** The user's saved custom models, by name, kept in the browser (localStorage) as spec URL queries. */
import { checkModel, type ResNetSpec } from '../core';
import { parseSpecQuery, serializeSpec } from './urlState';

const KEY = 'resnet-explorer.library';
export const MAX_SAVED = 50;

export interface SavedModel {
  name: string;
  spec: ResNetSpec;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Saved models, skipping any entry that no longer reads as a valid model (hand-edited storage). */
export function loadLibrary(storage: KeyValueStore): SavedModel[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: SavedModel[] = [];
  for (const e of raw) {
    if (!e || typeof e.name !== 'string' || typeof e.query !== 'string') continue;
    const r = parseSpecQuery(e.query);
    if (r.ok && checkModel(r.value).ok) out.push({ name: e.name.slice(0, 60), spec: r.value });
  }
  return out;
}

/** Saves (or replaces, by name) a model; the newest first. */
export function saveToLibrary(storage: KeyValueStore, name: string, spec: ResNetSpec): SavedModel[] {
  const clean = name.trim().slice(0, 60) || 'My ResNet';
  const next = [{ name: clean, spec }, ...loadLibrary(storage).filter((m) => m.name !== clean)].slice(0, MAX_SAVED);
  storage.setItem(KEY, JSON.stringify(next.map((m) => ({ name: m.name, query: serializeSpec(m.spec).toString() }))));
  return next;
}
