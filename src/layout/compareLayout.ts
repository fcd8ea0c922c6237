/**
 * Variants side by side, one column each, rows aligned part by part: input, stem, each stage, head. An opened
 * stage row lists every variant's blocks, one line each, so the blocks of that stage sit side by side.
 */
import { BLOCK_TYPES, differences, formatShape, formatSI, phrase, totalsByPart, type BlockInfo, type ModelAnalysis, type Phrase } from '../core';
import { SHORTCUT_NOTE, blockWidths } from './layout';

export interface CompareBlockLine {
  name: string;
  text: Phrase;
  params: number;
  macs: number;
}

export interface CompareCell {
  key: string;
  column: number;
  row: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Texts as data (template + values): the UI words them in the user's language. */
  title: Phrase;
  lines: Phrase[];
  /** What differs from the first variant here. */
  diff: Phrase[];
  shape: string;
  /** A stage row's blocks, when the row is open (else empty). */
  blocks: CompareBlockLine[];
  /** Whether this is a stage row that can open. */
  opens: boolean;
}

export interface CompareLayout {
  cells: CompareCell[];
  edges: { key: string; x: number; y1: number; y2: number }[];
  width: number;
  height: number;
}

/** Sized for 12–13 px text (the smallest the app uses): a line of 12 px text is 17 px apart. */
export const CELL_W = 280;
const GAP_X = 24;
const ROW_H: Record<string, number> = { input: 36, stem: 68, head: 68 };
export const STAGE_H = 84;
export const LINE_H = 17;
const GAP_Y = 22;

function blockLine(a: ModelAnalysis, b: BlockInfo): CompareBlockLine {
  const members = a.layers.filter((l) => l.layer.name.startsWith(`${b.name}.`));
  return {
    name: b.name,
    text: phrase(`{line}${b.shortcut === 'projection' ? ' proj' : b.shortcut === 'zeropad' ? ' zero-pad' : ''}`, {
      line: `${b.name.replace(/^layer\d+\./, '.')} ${blockWidths(b)}${b.stride > 1 ? ` /${b.stride}` : ''}`,
    }),
    params: members.reduce((n, l) => n + l.params, 0),
    macs: members.reduce((n, l) => n + l.macs, 0),
  };
}

export function compareLayout(variants: ModelAnalysis[], open: ReadonlySet<string> = new Set()): CompareLayout {
  const maxStages = Math.max(...variants.map((a) => a.graph.stages.length));
  const rows = ['input', 'stem', ...Array.from({ length: maxStages }, (_, i) => `layer${i + 1}`), 'head'];
  const rowY = new Map<string, number>();
  const rowH = new Map<string, number>();
  let y = 0;
  for (const r of rows) {
    const blocks = open.has(r) ? Math.max(...variants.map((a) => a.graph.stages.find((s) => s.name === r)?.blocks.length ?? 0)) : 0;
    rowY.set(r, y);
    rowH.set(r, (ROW_H[r] ?? STAGE_H) + (blocks ? blocks * LINE_H + 8 : 0));
    y += rowH.get(r)! + GAP_Y;
  }
  const cells: CompareCell[] = [];
  const edges: CompareLayout['edges'] = [];
  const base = variants[0].graph.spec;
  variants.forEach((a, col) => {
    const spec = a.graph.spec;
    const diff = col === 0 ? new Map<string, Phrase[]>() : differences(spec, base);
    const parts = new Map(totalsByPart(a).map((p) => [p.name, p]));
    const x = col * (CELL_W + GAP_X);
    const cell = (row: string, title: Phrase, lines: Phrase[], shape: string, blocks: CompareBlockLine[] = []) =>
      cells.push({
        key: `${col}:${row}`,
        column: col,
        row,
        x,
        y: rowY.get(row)!,
        w: CELL_W,
        h: rowH.get(row)!,
        title,
        lines,
        diff: diff.get(row) ?? [],
        shape,
        blocks,
        opens: row.startsWith('layer'),
      });
    const { input, stem } = spec;
    cell('input', phrase('Input'), [], formatShape([input.channels, input.height, input.width]));
    const figures = (p: { params: number; macs: number }) => phrase('{params} params · {macs} MACs', { params: formatSI(p.params, 1), macs: formatSI(p.macs, 1) });
    cell('stem', phrase('Stem'), [phrase(`Conv ${stem.kernel}×${stem.kernel}/${stem.stride}, ${stem.width}${stem.maxPool ? ' · MaxPool /2' : ''}`), figures(parts.get('stem')!)], formatShape(a.stem.outShape));
    a.graph.stages.forEach((st) => {
      const p = parts.get(st.name)!;
      const b = st.blocks[0];
      const { typeName: type, grouped } = BLOCK_TYPES[b.type];
      const inner =
        !grouped ? phrase('') : spec.groups > 1 ? phrase(', inner {n} ({g} groups)', { n: b.innerWidth, g: spec.groups }) : phrase(', inner {n}', { n: b.innerWidth });
      cell(
        st.name,
        phrase(`${st.name}: ${st.blocks.length} × ${type}`),
        [phrase('width {w}{inner}, /{s}{note}', { w: spec.stages[st.index].width, inner, s: b.stride, note: SHORTCUT_NOTE[b.shortcut] }), figures(p)],
        formatShape(a.stages[st.index].outShape),
        open.has(st.name) ? st.blocks.map((blk) => blockLine(a, blk)) : [],
      );
    });
    const fc = a.layers.at(-1)!.layer;
    cell('head', phrase('Head'), [phrase(`AvgPool → Linear ${fc.inChannels}→${fc.outChannels}`), phrase('{params} params', { params: formatSI(parts.get('head')!.params, 1) })], formatShape(a.output));
    const mine = cells.filter((c) => c.column === col);
    for (let i = 1; i < mine.length; i++) edges.push({ key: `${col}:${i}`, x: x + CELL_W / 2, y1: mine[i - 1].y + mine[i - 1].h, y2: mine[i].y });
  });
  return { cells, edges, width: variants.length * (CELL_W + GAP_X) - GAP_X, height: y - GAP_Y };
}
