/**
 * What the graph's memoised pieces compare: two layouts of an edited model are new objects throughout, but
 * most nodes, edges and boxes in them show exactly what they showed before. Comparing by content lets React
 * skip those (an edit then re-renders only what it changed; a node that only moved updates its position).
 */
import type { Phrase } from '../../core';
import type { PlacedEdge, PlacedGroup, PlacedNode } from '../../layout/layout';
import type { NodeActivation } from './activations';

export function samePhrase(a: Phrase | undefined, b: Phrase | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.template !== b.template) return false;
  const av = a.vars ?? {};
  const bv = b.vars ?? {};
  const keys = Object.keys(av);
  if (keys.length !== Object.keys(bv).length) return false;
  return keys.every((k) => {
    const x = av[k];
    const y = bv[k];
    return typeof x === 'object' && typeof y === 'object' ? samePhrase(x, y) : x === y;
  });
}

/** The same node drawn the same way, wherever it sits. */
export function sameNodeLook(a: PlacedNode, b: PlacedNode): boolean {
  return (
    a === b ||
    (a.key === b.key &&
      a.kind === b.kind &&
      a.name === b.name &&
      a.shape === b.shape &&
      a.w === b.w &&
      a.h === b.h &&
      a.expands === b.expands &&
      a.downsamples === b.downsamples &&
      samePhrase(a.label, b.label) &&
      samePhrase(a.detail, b.detail))
  );
}

export const sameNode = (a: PlacedNode, b: PlacedNode): boolean => a === b || (a.x === b.x && a.y === b.y && sameNodeLook(a, b));

export function sameActivation(a: NodeActivation | undefined, b: NodeActivation | undefined): boolean {
  return a === b || (!!a && !!b && a.url === b.url && a.outputMean === b.outputMean && a.layerId === b.layerId && a.ratio === b.ratio && a.palette === b.palette);
}

/** The same edge drawn the same way, wherever its path runs. */
export const sameEdgeLook = (a: PlacedEdge, b: PlacedEdge): boolean => a === b || (a.key === b.key && a.kind === b.kind);

export const sameEdge = (a: PlacedEdge, b: PlacedEdge): boolean =>
  a === b ||
  (a.key === b.key && a.kind === b.kind && a.path === b.path && a.label?.x === b.label?.x && a.label?.y === b.label?.y && samePhrase(a.label?.text, b.label?.text));

export const sameGroup = (a: PlacedGroup, b: PlacedGroup): boolean =>
  a === b || (a.key === b.key && a.kind === b.kind && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && a.collapses === b.collapses && samePhrase(a.label, b.label));
