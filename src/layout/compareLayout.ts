/** Variants side by side, one column each, rows aligned part by part: input, stem, each stage, head. */
import { differences, formatShape, formatSI, totalsByPart, type ModelAnalysis } from '../core';
import { SHORTCUT_NOTE } from './layout';

export interface CompareCell {
  key: string;
  column: number;
  row: string;
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  lines: string[];
  /** What differs from the first variant here. */
  diff: string[];
  shape: string;
}

export interface CompareLayout {
  cells: CompareCell[];
  edges: { key: string; x: number; y1: number; y2: number }[];
  width: number;
  height: number;
}

const CELL_W = 262;
const GAP_X = 40;
const ROW_H: Record<string, number> = { input: 34, stem: 62, head: 62 };
const STAGE_H = 78;
const GAP_Y = 22;

export function compareLayout(variants: ModelAnalysis[]): CompareLayout {
  const maxStages = Math.max(...variants.map((a) => a.graph.stages.length));
  const rows = ['input', 'stem', ...Array.from({ length: maxStages }, (_, i) => `layer${i + 1}`), 'head'];
  const rowY = new Map<string, number>();
  let y = 0;
  for (const r of rows) {
    rowY.set(r, y);
    y += (ROW_H[r] ?? STAGE_H) + GAP_Y;
  }
  const cells: CompareCell[] = [];
  const edges: CompareLayout['edges'] = [];
  const base = variants[0].graph.spec;
  variants.forEach((a, col) => {
    const spec = a.graph.spec;
    const diff = col === 0 ? new Map<string, string[]>() : differences(spec, base);
    const parts = new Map(totalsByPart(a).map((p) => [p.name, p]));
    const x = col * (CELL_W + GAP_X);
    const cell = (row: string, title: string, lines: string[], shape: string) =>
      cells.push({ key: `${col}:${row}`, column: col, row, x, y: rowY.get(row)!, w: CELL_W, h: ROW_H[row] ?? STAGE_H, title, lines, diff: diff.get(row) ?? [], shape });
    const { input, stem } = spec;
    cell('input', 'Input', [], formatShape([input.channels, input.height, input.width]));
    const stemOut = a.layers.filter((l) => l.layer.part.kind === 'stem').at(-1)!.outShape;
    cell('stem', 'Stem', [`Conv ${stem.kernel}×${stem.kernel}/${stem.stride}, ${stem.width}${stem.maxPool ? ' · MaxPool /2' : ''}`, `${formatSI(parts.get('stem')!.params, 1)} params · ${formatSI(parts.get('stem')!.macs, 1)} MACs`], formatShape(stemOut));
    a.graph.stages.forEach((st) => {
      const p = parts.get(st.name)!;
      const b = st.blocks[0];
      const type = b.type === 'basic' ? 'BasicBlock' : 'Bottleneck';
      const inner = b.type === 'bottleneck' ? `, inner ${b.innerWidth}${spec.groups > 1 ? ` (${spec.groups} groups)` : ''}` : '';
      cell(st.name, `${st.name}: ${st.blocks.length} × ${type}`, [`width ${spec.stages[st.index].width}${inner}, /${b.stride}${SHORTCUT_NOTE[b.shortcut]}`, `${formatSI(p.params, 1)} params · ${formatSI(p.macs, 1)} MACs`], formatShape(a.byId.get(st.blocks.at(-1)!.outputId)!.outShape));
    });
    const fc = a.layers.at(-1)!.layer;
    cell('head', 'Head', [`AvgPool → Linear ${fc.inChannels}→${fc.outChannels}`, `${formatSI(parts.get('head')!.params, 1)} params`], formatShape(a.output));
    const mine = cells.filter((c) => c.column === col);
    for (let i = 1; i < mine.length; i++) edges.push({ key: `${col}:${i}`, x: x + CELL_W / 2, y1: mine[i - 1].y + mine[i - 1].h, y2: mine[i].y });
  });
  return { cells, edges, width: variants.length * (CELL_W + GAP_X) - GAP_X, height: y - GAP_Y };
}
