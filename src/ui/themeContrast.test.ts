/**
 * Text contrast of the theme colours, in both themes (WCAG 2 AA: 4.5:1 for text). axe checks the HTML on screen
 * but cannot judge text drawn in the graph's SVG (it only says "review"), so the colour pairs that text uses
 * there, and the base pairs everywhere, are checked here from the stylesheet itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

/** The `--name: #rrggbb` declarations of the first rule whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector}`);
  const body = CSS.slice(start, CSS.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1], m[2]]));
}

const LIGHT = variables(':root');
const THEMES = { light: LIGHT, dark: { ...LIGHT, ...variables(":root[data-theme='dark']") } };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [text colour, background]: where the app writes text. */
const TEXT_PAIRS: [string, string][] = [
  ['--text', '--bg'],
  ['--text', '--panel'],
  ['--muted', '--bg'],
  ['--muted', '--panel'],
  ['--accent', '--panel'], // links, the selected bottom tab
  ['--accent-text', '--accent-fill'], // filled buttons
  ['--error', '--error-bg'],
  ['--error', '--panel'],
  ['--g-text', '--g-node'], // a node's name
  ['--g-muted', '--g-node'], // a node's shape
  ['--g-muted', '--g-bg'], // a group's title
  ['--g-text', '--g-bg'], // a group's title when zoomed out
  ['--g-identity', '--g-bg'], // "zero-pad, /2" beside an option A shortcut
];

describe('theme colours', () => {
  it('reads the colours of both themes', () => {
    expect(THEMES.light['--text']).toMatch(/^#/);
    expect(THEMES.dark['--text']).not.toBe(THEMES.light['--text']);
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
  for (const [theme, vars] of Object.entries(THEMES)) {
    it.each(TEXT_PAIRS)(`${theme}: %s on %s is at least 4.5:1`, (fg, bg) => {
      expect(vars[fg], fg).toBeDefined();
      expect(vars[bg], bg).toBeDefined();
      expect(contrast(vars[fg], vars[bg])).toBeGreaterThanOrEqual(4.5);
    });
  }
});
