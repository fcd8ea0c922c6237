/** The models saved by name in this browser (localStorage, or a stand-in for this visit where it is refused). */
import { useCallback, useState } from 'react';
import type { ResNetSpec } from '../../core';
import { loadLibrary, saveToLibrary, type KeyValueStore, type SavedModel } from '../../state/library';

const storage: KeyValueStore = (() => {
  try {
    localStorage.getItem('x');
    return localStorage;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
  }
})();

export function useLibrary(): { saved: SavedModel[]; save: (name: string, spec: ResNetSpec) => void } {
  const [saved, setSaved] = useState<SavedModel[]>(() => loadLibrary(storage));
  const save = useCallback((name: string, spec: ResNetSpec) => setSaved(saveToLibrary(storage, name, spec)), []);
  return { saved, save };
}
