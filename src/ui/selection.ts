/** What a selected node stands for: pure helpers over the analysis (a layer id, a block or a stage name). */
import type { ModelAnalysis } from '../core';

/** The layer whose activations a selected node stands for: itself, or a block's or stage's output. */
export function outputLayerOf(key: string | null, a: ModelAnalysis): string | null {
  if (!key || key === 'input') return null;
  if (a.byId.has(key)) return key;
  for (const st of a.graph.stages) {
    if (st.name === key) return st.blocks.at(-1)!.outputId;
    const b = st.blocks.find((x) => x.name === key);
    if (b) return b.outputId;
  }
  return null;
}

/** The group that directly holds a node: a layer's block, a block's stage; null for stem, head and stages. */
export function parentGroup(key: string, a: ModelAnalysis): string | null {
  const part = a.byId.get(key)?.layer.part;
  if (part) return part.kind === 'body' ? a.graph.stages[part.stage].blocks[part.block].name : null;
  return a.graph.stages.find((st) => st.blocks.some((b) => b.name === key))?.name ?? null;
}

/** Whether a key names a block or a stage (a group of layers) rather than a layer. */
export function isGroup(key: string, a: ModelAnalysis): boolean {
  return a.graph.stages.some((st) => st.name === key || st.blocks.some((b) => b.name === key));
}
