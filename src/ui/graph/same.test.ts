/**
 * What the graph's memoised pieces compare (same.ts), on real layouts before and after an edit: an edit leaves
 * every piece it did not change comparing equal (React skips them), a piece whose drawing changed compares
 * different, and a node that only moved keeps its look (its body is not redrawn).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSpec, phrase, presetSpec, type ResNetSpec } from '../../core';
import { layoutGraph, type GraphLayout } from '../../layout/layout';
import { EXPANDED, defaultCollapse } from '../../layout/collapse';
import { sameEdge, sameEdgeLook, sameGroup, sameNode, sameNodeLook, samePhrase } from './same';
import { wrapLayout } from '../../layout/wrap';

const layoutOf = (spec: ResNetSpec, expanded: boolean) => {
  const a = analyzeSpec(spec);
  return layoutGraph(a, expanded ? EXPANDED : defaultCollapse(a));
};

/** The keys of `after`'s pieces that a memoised piece of `before` would have to redraw. */
function changed(before: GraphLayout, after: GraphLayout) {
  const diff = <T extends { key: string }>(xs: T[], ys: T[], same: (a: T, b: T) => boolean) => {
    const old = new Map(xs.map((x) => [x.key, x]));
    return ys.filter((y) => !old.has(y.key) || !same(old.get(y.key)!, y)).map((y) => y.key);
  };
  return { nodes: diff(before.nodes, after.nodes, sameNode), edges: diff(before.edges, after.edges, sameEdge), groups: diff(before.groups, after.groups, sameGroup) };
}

describe("the graph's pieces compared by what they show", () => {
  it('an edit of the classes redraws the classifier alone (ResNet-50, collapsed)', () => {
    const spec = presetSpec('resnet50');
    const before = layoutOf(spec, false);
    expect(changed(before, layoutOf(spec, false))).toEqual({ nodes: [], edges: [], groups: [] });
    expect(changed(before, layoutOf({ ...spec, numClasses: 10 }, false))).toEqual({ nodes: ['fc'], edges: [], groups: [] });
  });

  it('a block more in the last stage redraws that stage and what follows, not the stages before (ResNet-152, expanded)', () => {
    const spec = presetSpec('resnet152');
    const before = layoutOf(spec, true);
    const after = layoutOf({ ...spec, stages: spec.stages.map((s, i) => (i === 3 ? { ...s, blocks: s.blocks + 1 } : s)) }, true);
    const { nodes, groups } = changed(before, after);
    expect(nodes.length).toBeGreaterThan(0);
    // Nothing of layer1–layer3 is redrawn: under a tenth of the graph's ~500 nodes is.
    expect(nodes.filter((k) => /^layer[123]\b/.test(k))).toEqual([]);
    expect(nodes.length).toBeLessThan(after.nodes.length / 10);
    expect(groups.filter((k) => /^layer[123]\b/.test(k))).toEqual([]);
    // Where a node moved without changing, its drawing is kept (only its place is updated).
    const old = new Map(before.nodes.map((n) => [n.key, n]));
    const moved = after.nodes.filter((n) => old.has(n.key) && !sameNode(old.get(n.key)!, n) && !n.key.startsWith('layer4'));
    expect(moved.map((n) => n.key)).toEqual(['avgpool', 'fc']);
    for (const n of moved) expect(sameNodeLook(old.get(n.key)!, n)).toBe(true);
  });

  it('folded for a tall canvas, a block fewer in layer3 moves most of the drawing; what only moved keeps its look (moved without a render)', () => {
    const spec = presetSpec('resnet152');
    const before = wrapLayout(layoutOf(spec, true), 0.75);
    const after = wrapLayout(layoutOf({ ...spec, stages: spec.stages.map((s, i) => (i === 2 ? { ...s, blocks: s.blocks - 1 } : s)) }, true), 0.75);
    const oldNodes = new Map(before.nodes.map((n) => [n.key, n]));
    const kept = after.nodes.filter((n) => oldNodes.has(n.key));
    const moved = kept.filter((n) => !sameNode(oldNodes.get(n.key)!, n));
    expect(moved.length).toBeGreaterThan(kept.length / 3);
    // Each moved node draws as before: GraphContent moves it without rendering it again.
    expect(moved.filter((n) => !sameNodeLook(oldNodes.get(n.key)!, n)).map((n) => n.key)).toEqual([]);
    const oldEdges = new Map(before.edges.map((e) => [e.key, e]));
    const rerouted = after.edges.filter((e) => oldEdges.has(e.key) && !sameEdge(oldEdges.get(e.key)!, e));
    expect(rerouted.length).toBeGreaterThan(0);
    for (const e of rerouted) expect(sameEdgeLook(oldEdges.get(e.key)!, e)).toBe(true);
    // An edge of another kind is drawn differently.
    const [e] = rerouted;
    expect(sameEdgeLook(e, { ...e, kind: e.kind === 'main' ? 'identity' : 'main' })).toBe(false);
  });

  it('phrases compare by template and values, nested ones included', () => {
    expect(samePhrase(phrase('{n} × {b}', { n: 3, b: phrase('Bottleneck') }), phrase('{n} × {b}', { n: 3, b: phrase('Bottleneck') }))).toBe(true);
    expect(samePhrase(phrase('{n} × {b}', { n: 3, b: phrase('Bottleneck') }), phrase('{n} × {b}', { n: 3, b: phrase('BasicBlock') }))).toBe(false);
    expect(samePhrase(phrase('{n} × {b}', { n: 3, b: 'x' }), phrase('{n} × {b}', { n: 4, b: 'x' }))).toBe(false);
    expect(samePhrase(phrase('a'), undefined)).toBe(false);
  });
});
