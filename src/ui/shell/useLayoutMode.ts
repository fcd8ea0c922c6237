/**
 * Which arrangement the window's width calls for: three columns (wide), the configurator in a drawer (medium,
 * below 1100 px) or one column with a bottom tab bar (phone, below 700 px). styles.css uses the same widths.
 */
import { useSyncExternalStore } from 'react';

export type LayoutMode = 'wide' | 'medium' | 'phone';

const PHONE = '(max-width: 699px)';
const MEDIUM = '(max-width: 1099px)';

function current(): LayoutMode {
  if (window.matchMedia(PHONE).matches) return 'phone';
  return window.matchMedia(MEDIUM).matches ? 'medium' : 'wide';
}

function subscribe(onChange: () => void): () => void {
  const queries = [PHONE, MEDIUM].map((q) => window.matchMedia(q));
  for (const q of queries) q.addEventListener('change', onChange);
  return () => {
    for (const q of queries) q.removeEventListener('change', onChange);
  };
}

export function useLayoutMode(): LayoutMode {
  return useSyncExternalStore(subscribe, current);
}
