/**
 * Which arrangement the window's width calls for: three columns (wide), the configurator in a drawer (medium,
 * below 1100 px) or one column with a bottom tab bar (phone, below 700 px). styles.css uses the same widths.
 */
import { useSyncExternalStore } from 'react';

export type LayoutMode = 'wide' | 'medium' | 'phone';

const PHONE = '(max-width: 699px)';
const MEDIUM = '(max-width: 1099px)';

function measure(): LayoutMode {
  if (window.matchMedia(PHONE).matches) return 'phone';
  return window.matchMedia(MEDIUM).matches ? 'medium' : 'wide';
}

/** Read once and kept up to date by the queries' change events: React asks for it on every render of the App. */
let mode: LayoutMode | null = null;
const current = (): LayoutMode => (mode ??= measure());

function subscribe(onChange: () => void): () => void {
  const queries = [PHONE, MEDIUM].map((q) => window.matchMedia(q));
  const changed = () => {
    mode = measure();
    onChange();
  };
  mode = measure();
  for (const q of queries) q.addEventListener('change', changed);
  return () => {
    for (const q of queries) q.removeEventListener('change', changed);
  };
}

export function useLayoutMode(): LayoutMode {
  return useSyncExternalStore(subscribe, current);
}
