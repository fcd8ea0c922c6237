/**
 * Page-wide keys and history: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Escape closes the drawer; back and
 * forward restore the URL's model.
 */
import { useEffect } from 'react';
import type { CompareStore } from '../../state/compareStore';
import type { ModelStore } from '../../state/modelStore';
import type { TrainStore } from '../../state/trainStore';
import type { ViewStore } from '../../state/viewStore';

export function useShortcuts(store: ModelStore, compare: CompareStore, train: TrainStore, view: ViewStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && view.getState().drawer) view.setDrawer(false);
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
  }, [store, compare, train, view]);
}
