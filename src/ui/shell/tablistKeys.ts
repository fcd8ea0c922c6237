/**
 * The keys of a tab list (WAI-ARIA tabs pattern, selection follows focus): only the selected tab is in the tab
 * order; ← and → move to the previous and next tab (wrapping), Home and End to the first and last, and the tab
 * reached is selected. Put `onKeyDown={onTablistKey}` on the element with role="tablist" and `tabIndex={rovingTabIndex(selected)}` on each tab.
 */
import type { KeyboardEvent } from 'react';

export const rovingTabIndex = (selected: boolean) => (selected ? 0 : -1);

export function onTablistKey(e: KeyboardEvent<HTMLElement>) {
  const tabs = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const i = tabs.indexOf(e.target as HTMLElement);
  const n = tabs.length;
  if (i < 0) return;
  const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  tabs[to].focus();
  tabs[to].click();
}
