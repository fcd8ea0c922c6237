/**
 * A box that scrolls must be reachable by keyboard so its arrow keys can scroll it (WCAG 2.1.1). When it holds no
 * control of its own, it joins the tab order itself, but only while its content overflows: a box that fits adds
 * no tab stop. The ref goes on the scrolling element.
 */
import { useLayoutEffect, useRef } from 'react';

export function useKeyboardScroll<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  // After every render (the content may have changed) and on every resize of the box. A ResizeObserver reports
  // an element once as soon as it is observed, after the frame's layout: the sizes are read there, not during
  // React's commit, where reading them would lay the page out mid-commit for every such box and render.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const overflows = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
      if (overflows) el.tabIndex = 0;
      else el.removeAttribute('tabindex');
    };
    const resized = new ResizeObserver(update);
    resized.observe(el);
    return () => resized.disconnect();
  });
  return ref;
}
