/**
 * What a run puts on the graph: for each drawn node, the thumbnail of the output it stands for (a layer's own,
 * a collapsed block's or stage's last output, the input image as the model sees it) painted on that node's own
 * colour scale, and for each residual block ‖F(x)‖/‖x‖. Only a run of this model on the current image counts.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { specKey, type ModelAnalysis } from '../../core';
import type { PlacedNode } from '../../layout/layout';
import type { InferenceSession } from '../../runtime/inference';
import type { Thumbnail, Thumbnails, ThumbMode } from '../../runtime/model/thumbnails';
import { paint, scaleFor } from '../heatmap';


export interface NodeActivation {
  url: string;
  /** The exact mean of the output the node stands for. */
  outputMean: number;
  layerId: string;
  /** ‖F(x)‖/‖x‖ of the block this node is (a collapsed block) or ends (its residual add). */
  ratio?: number;
  palette: 'viridis' | 'diverging';
}

/** The layer whose output a drawn node shows. */
export function nodeOutput(a: ModelAnalysis, n: PlacedNode): string {
  if (n.kind === 'Input') return 'input';
  for (const st of a.graph.stages) {
    if (n.kind === 'Stage' && st.name === n.key) return a.stages[st.index].outputId;
    const b = n.kind === 'Block' ? st.blocks.find((x) => x.name === n.key) : undefined;
    if (b) return b.outputId;
  }
  return n.key;
}

const urls = new WeakMap<Thumbnail, { url: string; palette: NodeActivation['palette'] }>();

/** A thumbnail as a PNG data URL (allowed by the app's CSP), on a scale from its own minimum to maximum. */
export function thumbUrl(t: Thumbnail): { url: string; palette: NodeActivation['palette'] } {
  const cached = urls.get(t);
  if (cached) return cached;
  const values = t.values;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = scaleFor(min, max);
  const canvas = document.createElement('canvas');
  canvas.width = t.width;
  canvas.height = t.height;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(t.width, t.height);
  paint(image, values, 0, t.width, t.height, 0, 0, 1, scale);
  ctx.putImageData(image, 0, 0);
  const out = { url: canvas.toDataURL('image/png'), palette: scale.palette === 'diverging' ? ('diverging' as const) : ('viridis' as const) };
  urls.set(t, out);
  return out;
}

const none = () => () => {};
const nothing = () => null;

/** The session's thumbnails when they belong to this model (an edited model has none until it runs). */
export function useThumbnails(session: InferenceSession | null, analysis: ModelAnalysis): { thumbs: Thumbnails; residual: Map<string, number> } | null {
  const thumbs = useSyncExternalStore(session?.subscribe ?? none, session ? () => session.getState().thumbnails : nothing);
  const result = useSyncExternalStore(session?.subscribe ?? none, session ? () => session.getState().result : nothing);
  const key = useMemo(() => specKey(analysis.graph.spec), [analysis]);
  return useMemo(() => {
    if (!thumbs || thumbs.modelKey !== key) return null;
    return { thumbs, residual: new Map((result?.residual ?? []).map((r) => [r.block, r.ratio])) };
  }, [thumbs, result, key]);
}

/** What the thumbnails are asked to show (they follow once the image has run again). */
export function useThumbMode(session: InferenceSession | null): ThumbMode {
  return useSyncExternalStore(session?.subscribe ?? none, () => session?.getState().thumbMode ?? 'mean');
}

/** Each drawn node's activation picture, by node key. */
export function nodeActivations(
  a: ModelAnalysis,
  nodes: PlacedNode[],
  run: { thumbs: Thumbnails; residual: Map<string, number> },
): Map<string, NodeActivation> {
  const out = new Map<string, NodeActivation>();
  for (const n of nodes) {
    const layerId = nodeOutput(a, n);
    const t = run.thumbs.byLayer.get(layerId);
    if (!t) continue;
    const block = n.kind === 'Block' ? n.key : n.kind === 'Add' ? n.name.replace(/\.add$/, '') : null;
    const ratio = block !== null ? run.residual.get(block) : undefined;
    out.set(n.key, { ...thumbUrl(t), outputMean: t.outputMean, layerId, ...(ratio !== undefined ? { ratio } : {}) });
  }
  return out;
}
