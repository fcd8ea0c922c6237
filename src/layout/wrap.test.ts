import { describe, expect, it } from 'vitest';
import { analyzeSpec, english, presetSpec, PRESET_NAMES } from '../core';
import { COLLAPSED, EXPANDED } from './collapse';
import { layoutGraph, type PlacedNode } from './layout';
import { COLUMN_GAP, WRAP_MIN_NODES, translatePath, wrapLayout } from './wrap';

const overlaps = (a: PlacedNode, b: PlacedNode) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every coordinate pair an edge path passes through. */
const points = (path: string) => [...path.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('wrapped layout', () => {
  const a152 = analyzeSpec(presetSpec('resnet152'));
  const column = layoutGraph(a152, EXPANDED);

  it('folds ResNet-152 expanded into columns whose box suits a landscape screen', () => {
    const g = wrapLayout(column, 1.6);
    const cols = new Set(g.nodes.map((n) => Math.floor(n.x / (column.width + COLUMN_GAP))));
    expect(cols.size).toBeGreaterThanOrEqual(5);
    const aspect = g.width / g.height;
    expect(aspect).toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(3.2);
    // The one column is 30× taller than wide; wrapped, a 1440×900 canvas shows it at ≥ 6× the scale.
    const fit = (w: number, h: number) => Math.min(1000 / w, 700 / h);
    expect(fit(g.width, g.height) / fit(column.width, column.height)).toBeGreaterThan(6);
  });

  it.each(PRESET_NAMES)('%s expanded, wrapped: every node kept, inside the box, no two overlap', (name) => {
    const a = analyzeSpec(presetSpec(name));
    const one = layoutGraph(a, EXPANDED);
    for (const aspect of [0.5, 1, 1.6, 2.5]) {
      const g = wrapLayout(one, aspect);
      expect(g.nodes.map((n) => n.key).sort()).toEqual(one.nodes.map((n) => n.key).sort());
      expect(g.edges).toHaveLength(one.edges.length);
      for (const n of g.nodes) {
        expect(n.x).toBeGreaterThanOrEqual(0);
        expect(n.y).toBeGreaterThanOrEqual(0);
        expect(n.x + n.w).toBeLessThanOrEqual(g.width);
        expect(n.y + n.h).toBeLessThanOrEqual(g.height);
      }
      const sorted = [...g.nodes].sort((p, q) => p.x - q.x || p.y - q.y);
      for (let i = 0; i < sorted.length; i++)
        for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].w; j++)
          expect(overlaps(sorted[i], sorted[j]), `${sorted[i].key} / ${sorted[j].key}`).toBe(false);
    }
  });

  it('keeps blocks whole, and every edge starts and ends on its nodes', () => {
    const g = wrapLayout(column, 1.6);
    const byKey = new Map(g.nodes.map((n) => [n.key, n]));
    for (const b of g.groups.filter((x) => x.kind === 'block')) {
      const members = g.nodes.filter((n) => n.name.startsWith(`${b.key}.`));
      expect(members.length).toBeGreaterThan(0);
      for (const n of members) expect(n.x >= b.x && n.x + n.w <= b.x + b.w && n.y >= b.y && n.y + n.h <= b.y + b.h, `${n.key} in ${b.key}`).toBe(true);
    }
    const near = (p: number[], n: PlacedNode) => p[0] >= n.x - 1 && p[0] <= n.x + n.w + 1 && p[1] >= n.y - 1 && p[1] <= n.y + n.h + 1;
    for (const e of g.edges) {
      const [from, to] = e.key.split('->').map((k) => byKey.get(k)!);
      const pts = points(e.path);
      expect(near(pts[0], from), `${e.key} starts on ${from.key}`).toBe(true);
      // Paths end with H or V: the last point is the last pair moved along that axis.
      const end = /([HV])(-?[\d.]+)$/.exec(e.path)!;
      const last = pts.at(-1)!;
      const tip = end[1] === 'H' ? [Number(end[2]), last[1]] : [last[0], Number(end[2])];
      expect(near(tip, to), `${e.key} ends on ${to.key}`).toBe(true);
    }
    // A stage cut across columns is drawn as boxes titled "(cont.)".
    expect(g.groups.some((x) => english(x.label) === 'layer3 (cont.)')).toBe(true);
  });

  it('leaves small and collapsed graphs as one column', () => {
    const r18 = layoutGraph(analyzeSpec(presetSpec('resnet18')), EXPANDED);
    expect(r18.nodes.length).toBeLessThanOrEqual(WRAP_MIN_NODES);
    expect(wrapLayout(r18, 1.6)).toBe(r18);
    const collapsed = layoutGraph(a152, COLLAPSED);
    expect(wrapLayout(collapsed, 1.6)).toBe(collapsed);
  });

  it('moves a path by an offset, x and y apart', () => {
    expect(translatePath('M10,20H30Q40,20 40,28V50', 100, -5)).toBe('M110,15H130Q140,15 140,23V45');
  });
});
