/** Page-wide keys and history: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo; back and forward restore the URL's model. */
import { useEffect } from 'react';
import type { CompareStore } from '../../state/compareStore';
import type { ModelStore } from '../../state/modelStore';
import type { TrainStore } from '../../state/trainStore';

export function useShortcuts(store: ModelStore, compare: CompareStore, train: TrainStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Fields with their own undo (find, model name) keep Ctrl+Z for their text.
      if (!(e.ctrlKey || e.metaKey) || (e.target as Element | null)?.closest?.('[data-own-undo]')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) store.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') store.redo();
      else return;
      e.preventDefault();
    };
    const onPop = () => {
      store.syncFromUrl();
      compare.syncFromUrl();
      train.syncFromUrl();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('popstate', onPop);
    };
  }, [store, compare, train]);
}
