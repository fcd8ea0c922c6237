/**
 * Lays out a model's graph as pure data: a straight main path top to bottom, projection shortcuts (1x1 conv +
 * BN) in a side column, identity and parameter-free (option A) shortcuts routed just right of the main path
 * (plain nets have none), and boxes for stem, stages, blocks and head. Linear in the number of layers; the
 * renderer only draws what this returns.
 */
import { BLOCK_TYPES, convWidths, formatShape, phrase, type BlockInfo, type Phrase, type EdgeKind, type LayerStats, type LayerType, type ModelAnalysis, type StageInfo, type ZeroPadShortcut } from '../core';
import { isCollapsed, type CollapseState } from './collapse';

export type NodeKind = LayerType | 'Input' | 'Block' | 'Stage';

export interface PlacedNode {
  /** Unique key: a layer id, a block or stage name, or `input`. */
  key: string;
  kind: NodeKind;
  /** torchvision module name (ReLUs called twice share one). */
  name: string;
  /** Text as data (template + values): the UI words it in the user's language. */
  label: Phrase;
  /** A second line for collapsed stages and blocks: `36 × Bottleneck, 1024×14×14`. */
  detail?: Phrase;
  /** Output shape, `C×H×W`. */
  shape: string;
  x: number;
  y: number;
  w: number;
  h: number;
  onShortcut: boolean;
  /** For collapsed nodes: what a click expands. */
  expands?: string;
  /** Where a collapsed stage or block changes resolution or channels. */
  downsamples: boolean;
}

export interface PlacedEdge {
  key: string;
  kind: EdgeKind;
  /** SVG path data. */
  path: string;
  /** Text beside the edge: what an option A shortcut does where the shape changes (`zero-pad, /2`). */
  label?: { text: Phrase; x: number; y: number };
}

export interface PlacedGroup {
  key: string;
  kind: 'stem' | 'stage' | 'block' | 'head';
  label: Phrase;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The stage or block name a click on the header collapses; none for stem and head. */
  collapses?: string;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  groups: PlacedGroup[];
  width: number;
  height: number;
  /** Where each layer id is drawn: itself, or the collapsed block or stage that holds it. */
  drawnAs: Map<string, string>;
}

export const SIZES = {
  nodeW: 220,
  nodeH: 30,
  addD: 24,
  blockH: 42,
  stageH: 50,
  gap: 12,
  shortcutW: 205,
  shortcutGap: 44,
  header: 22,
  blockPad: 8,
  stagePad: 10,
} as const;

const S = SIZES;
// Columns, left to right; the drawing starts at x = 0.
const STAGE_LEFT = 0;
const BLOCK_LEFT = STAGE_LEFT + S.stagePad;
const MAIN_X = BLOCK_LEFT + S.blockPad + S.nodeW / 2 + 20;
const SKIP_X = MAIN_X + S.nodeW / 2 + 14;
const SHORT_X = MAIN_X + S.nodeW / 2 + S.shortcutGap + S.shortcutW / 2;
const BLOCK_RIGHT = SHORT_X + S.shortcutW / 2 + S.blockPad;
const STAGE_RIGHT = BLOCK_RIGHT + S.stagePad;

const blockTypeName = (b: BlockInfo) => BLOCK_TYPES[b.type].typeName;

/** A short, learner-readable description of a layer: `Conv 3×3, 128, /2` (technical names, kept in every language). */
export function layerLabel(s: LayerStats): Phrase {
  const l = s.layer;
  const stride = (l.stride ?? 1) > 1 ? `, /${l.stride}` : '';
  switch (l.type) {
    case 'Conv2d':
      return phrase(`Conv ${l.kernel}×${l.kernel}, ${l.outChannels}${stride}${(l.groups ?? 1) > 1 ? `, g${l.groups}` : ''}`);
    case 'BatchNorm2d':
      return phrase('BatchNorm');
    case 'ReLU':
      return phrase('ReLU');
    case 'MaxPool2d':
      return phrase(`MaxPool ${l.kernel}×${l.kernel}${stride}`);
    case 'Add':
      return phrase('+');
    case 'AdaptiveAvgPool2d':
      return phrase('Global avg pool');
    case 'Linear':
      return phrase(`Linear ${l.inChannels}→${l.outChannels}`);
  }
}

/** `36 × Bottleneck, 1024×14×14`: a stage's blocks and output. */
function stageDetail(a: ModelAnalysis, stage: StageInfo): Phrase {
  return phrase('{n} × {block}, {shape}', { n: stage.blocks.length, block: blockTypeName(stage.blocks[0]), shape: formatShape(a.stages[stage.index].outShape) });
}

/** `layer3: 36 × Bottleneck, 1024×14×14`. */
export function stageLabel(a: ModelAnalysis, stage: StageInfo): Phrase {
  return phrase('{name}: {detail}', { name: stage.name, detail: stageDetail(a, stage) });
}

/** The channels through a block's convolutions: `64→64→256`. */
export const blockWidths = (b: BlockInfo) => convWidths(b).join('→');

function blockDetail(b: BlockInfo): Phrase {
  return phrase('{block} {body}{note}', { block: blockTypeName(b), body: `${blockWidths(b)}${b.stride > 1 ? `, /${b.stride}` : ''}`, note: SHORTCUT_NOTE[b.shortcut] });
}

/** How a block's shortcut reads after its description: `, projection`, `, zero-pad`, `, plain` (the identity says nothing). */
export const SHORTCUT_NOTE: Record<BlockInfo['shortcut'], Phrase> = {
  identity: phrase(''),
  projection: phrase(', projection'),
  zeropad: phrase(', zero-pad'),
  none: phrase(', plain'),
};

/** What an option A shortcut does: `zero-pad, /2` (new channels zero, every 2nd pixel), or just `/2`. */
export function zeroPadLabel(pad: ZeroPadShortcut): Phrase {
  const pads = pad.before + pad.after > 0;
  if (pad.stride <= 1) return phrase(pads ? 'zero-pad' : '');
  return pads ? phrase('zero-pad, /{s}', { s: pad.stride }) : phrase('/{s}', { s: pad.stride });
}

const vertical = (x: number, y1: number, y2: number) => `M${x},${y1}V${y2}`;

class Placer {
  readonly nodes: PlacedNode[] = [];
  readonly groups: PlacedGroup[] = [];
  readonly drawnAs = new Map<string, string>();
  private readonly byKey = new Map<string, PlacedNode>();
  y = 0;

  place(n: Omit<PlacedNode, 'y'>, y = this.y): PlacedNode {
    const node = { ...n, y };
    this.nodes.push(node);
    this.byKey.set(node.key, node);
    return node;
  }

  /** Places a node on the main path at the cursor and moves the cursor below it. */
  main(n: Omit<PlacedNode, 'y' | 'x'>): PlacedNode {
    const node = this.place({ ...n, x: MAIN_X - n.w / 2 });
    this.y += n.h + S.gap;
    return node;
  }

  get(key: string): PlacedNode {
    return this.byKey.get(key)!;
  }
}

function layerNode(s: LayerStats, w: number): Omit<PlacedNode, 'x' | 'y'> {
  const add = s.layer.type === 'Add';
  return {
    key: s.layer.id,
    kind: s.layer.type,
    name: s.layer.name,
    label: layerLabel(s),
    shape: formatShape(s.outShape),
    w: add ? S.addD : w,
    h: add ? S.addD : S.nodeH,
    onShortcut: s.layer.onShortcut,
    downsamples: false,
  };
}

function placeBlockLayers(p: Placer, layers: LayerStats[]) {
  const shortcut = layers.filter((l) => l.layer.onShortcut);
  const firstY = p.y;
  for (const l of layers) {
    if (l.layer.onShortcut) continue;
    const node = p.main(layerNode(l, S.nodeW));
    p.drawnAs.set(l.layer.id, node.key);
  }
  // The projection sits beside the main path, level with its middle, ending above the add.
  if (shortcut.length > 0) {
    const addNode = p.get(layers.find((l) => l.layer.type === 'Add')!.layer.id);
    let y = Math.max(firstY, addNode.y - shortcut.length * (S.nodeH + S.gap) - S.gap);
    for (const l of shortcut) {
      const node = p.place({ ...layerNode(l, S.shortcutW), x: SHORT_X - S.shortcutW / 2 }, y);
      p.drawnAs.set(l.layer.id, node.key);
      y += S.nodeH + S.gap;
    }
  }
}

export function layoutGraph(a: ModelAnalysis, collapse: CollapseState): GraphLayout {
  const p = new Placer();
  const { spec } = a.graph;
  p.main({
    key: 'input',
    kind: 'Input',
    name: 'input',
    label: phrase('Input image'),
    shape: formatShape([spec.input.channels, spec.input.height, spec.input.width]),
    w: S.nodeW,
    h: S.nodeH,
    onShortcut: false,
    downsamples: false,
  });
  p.drawnAs.set('input', 'input');

  const group = (g: Omit<PlacedGroup, 'y' | 'h'>, top: number) => {
    p.groups.push({ ...g, y: top, h: p.y - S.gap + S.stagePad - top });
    p.y += S.stagePad + S.gap;
  };
  const openGroup = () => {
    const top = p.y;
    p.y += S.header;
    return top;
  };

  const partLayers = (kind: 'stem' | 'head') => a.layers.filter((l) => l.layer.part.kind === kind);
  let top = openGroup();
  for (const l of partLayers('stem')) p.drawnAs.set(l.layer.id, p.main(layerNode(l, S.nodeW)).key);
  group({ key: 'stem', kind: 'stem', label: phrase('Stem'), x: STAGE_LEFT, w: STAGE_RIGHT - STAGE_LEFT }, top);

  const bodyByBlock = new Map<string, LayerStats[]>();
  for (const l of a.layers) {
    const part = l.layer.part;
    if (part.kind !== 'body') continue;
    const name = `layer${part.stage + 1}.${part.block}`;
    bodyByBlock.set(name, [...(bodyByBlock.get(name) ?? []), l]);
  }

  for (const stage of a.graph.stages) {
    if (isCollapsed(collapse, stage.name)) {
      const node = p.main({
        key: stage.name,
        kind: 'Stage',
        name: stage.name,
        label: stageLabel(a, stage),
        detail: stageDetail(a, stage),
        shape: formatShape(a.stages[stage.index].outShape),
        w: S.nodeW + 60,
        h: S.stageH,
        onShortcut: false,
        expands: stage.name,
        downsamples: stage.blocks[0].reshapes,
      });
      for (const b of stage.blocks) for (const l of bodyByBlock.get(b.name)!) p.drawnAs.set(l.layer.id, node.key);
      continue;
    }
    const stageTop = openGroup();
    for (const b of stage.blocks) {
      const layers = bodyByBlock.get(b.name)!;
      if (isCollapsed(collapse, b.name)) {
        const node = p.main({
          key: b.name,
          kind: 'Block',
          name: b.name,
          label: phrase(b.name),
          detail: blockDetail(b),
          shape: formatShape(a.byId.get(b.outputId)!.outShape),
          w: S.nodeW + 40,
          h: S.blockH,
          onShortcut: false,
          expands: b.name,
          downsamples: b.reshapes,
        });
        for (const l of layers) p.drawnAs.set(l.layer.id, node.key);
        continue;
      }
      const blockTop = p.y;
      p.y += S.header;
      placeBlockLayers(p, layers);
      p.groups.push({
        key: b.name,
        kind: 'block',
        label: phrase(`${b.name} · ${blockTypeName(b)}`),
        x: BLOCK_LEFT,
        y: blockTop,
        w: BLOCK_RIGHT - BLOCK_LEFT,
        h: p.y - S.gap + S.blockPad - blockTop,
        collapses: b.name,
      });
      p.y += S.blockPad + S.gap;
    }
    group(
      { key: stage.name, kind: 'stage', label: stageLabel(a, stage), x: STAGE_LEFT, w: STAGE_RIGHT - STAGE_LEFT, collapses: stage.name },
      stageTop,
    );
  }

  top = openGroup();
  for (const l of partLayers('head')) p.drawnAs.set(l.layer.id, p.main(layerNode(l, S.nodeW)).key);
  group({ key: 'head', kind: 'head', label: phrase('Head'), x: STAGE_LEFT, w: STAGE_RIGHT - STAGE_LEFT }, top);

  return {
    nodes: p.nodes,
    edges: routeEdges(a, p),
    groups: p.groups,
    width: STAGE_RIGHT - STAGE_LEFT,
    height: p.y - S.gap,
    drawnAs: p.drawnAs,
  };
}

const R = 8;

/** Edges between drawn nodes; an edge inside a collapsed node is not drawn. */
function routeEdges(a: ModelAnalysis, p: Placer): PlacedEdge[] {
  const edges: PlacedEdge[] = [];
  const seen = new Set<string>();
  for (const l of a.layers) {
    const toKey = p.drawnAs.get(l.layer.id)!;
    for (const input of l.layer.inputs) {
      const fromKey = p.drawnAs.get(input.from)!;
      if (fromKey === toKey) continue;
      const key = `${fromKey}->${toKey}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const from = p.get(fromKey);
      const to = p.get(toKey);
      const fromBottom = from.y + from.h;
      const cx = (n: PlacedNode) => n.x + n.w / 2;
      let path: string;
      let label: PlacedEdge['label'];
      if (input.kind === 'main' && !from.onShortcut) {
        path = vertical(cx(to), fromBottom, to.y);
      } else if (input.kind === 'identity' || input.kind === 'zeropad') {
        // Out of the block input's right side, down beside the main path, into the add from the right.
        const y1 = from.y + from.h / 2;
        const y2 = to.y + to.h / 2;
        const xr = SKIP_X;
        path = `M${from.x + from.w},${y1}H${xr - R}Q${xr},${y1} ${xr},${y1 + R}V${y2 - R}Q${xr},${y2} ${xr - R},${y2}H${to.x + to.w}`;
        if (input.pad) label = { text: zeroPadLabel(input.pad), x: xr + 6, y: (y1 + y2) / 2 };
      } else if (!from.onShortcut) {
        // Into the projection: from the block input across to the side column.
        const y1 = from.y + from.h / 2;
        const xs = cx(to);
        path = `M${from.x + from.w},${y1}H${xs - R}Q${xs},${y1} ${xs},${y1 + R}V${to.y}`;
      } else if (to.onShortcut) {
        path = vertical(cx(to), fromBottom, to.y);
      } else {
        // Out of the projection's BN, down and left into the add.
        const xs = cx(from);
        const y2 = to.y + to.h / 2;
        path = `M${xs},${fromBottom}V${y2 - R}Q${xs},${y2} ${xs - R},${y2}H${to.x + to.w}`;
      }
      edges.push(label ? { key, kind: input.kind, path, label } : { key, kind: input.kind, path });
    }
  }
  return edges;
}

/** Layer ids of a stage or block, for selection and search. */
export function membersOf(a: ModelAnalysis, name: string): LayerStats[] {
  return a.layers.filter((l) => l.layer.name === name || l.layer.name.startsWith(`${name}.`));
}
