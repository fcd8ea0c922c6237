/** What a selected node stands for: pure helpers over the analysis (a layer id, a block or a stage name). */
import { BLOCK_TYPES, type ModelAnalysis } from '../core';
import { membersOf } from './layout';

/** The layer whose activations a selected node stands for: itself, or a block's or stage's output. */
export function outputLayerOf(key: string | null, a: ModelAnalysis): string | null {
  if (!key || key === 'input') return null;
  if (a.byId.has(key)) return key;
  for (const st of a.graph.stages) {
    if (st.name === key) return a.stages[st.index].outputId;
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

/** What the inspector and the phone's selection bar say about a node: one layer, or a block's or stage's totals. */
export interface NodeSummary {
  name: string;
  /** torchvision's class: `Conv2d`, `Bottleneck`, or for a stage `Sequential: 36 × Bottleneck`. */
  type: string;
  inShape: number[];
  outShape: number[];
  params: number;
  macs: number;
  layers: number;
  /** A stage's block count. */
  blocks?: number;
  receptiveField: number;
}

export function summarize(key: string, a: ModelAnalysis): NodeSummary | null {
  const s = a.byId.get(key);
  if (s) {
    return { name: s.layer.name, type: s.layer.type, inShape: s.inShape, outShape: s.outShape, params: s.params, macs: s.macs, layers: 1, receptiveField: s.receptiveField };
  }
  if (!isGroup(key, a)) return null;
  const members = membersOf(a, key);
  const last = a.byId.get(outputLayerOf(key, a)!)!;
  const stage = a.graph.stages.find((st) => st.name === key);
  const blockType = BLOCK_TYPES[a.graph.spec.block].typeName;
  return {
    name: key,
    type: stage ? `Sequential: ${stage.blocks.length} × ${blockType}` : blockType,
    inShape: members[0].inShape,
    outShape: last.outShape,
    params: members.reduce((n, m) => n + m.params, 0),
    macs: members.reduce((n, m) => n + m.macs, 0),
    layers: members.length,
    blocks: stage?.blocks.length,
    receptiveField: last.receptiveField,
  };
}
