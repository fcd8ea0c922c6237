/**
 * Wraps a tall one-column layout into side-by-side columns (a folded spine), so a big expanded graph fits a
 * screen: the column is cut only between whole blocks (or stem, collapsed stage, head), the number of columns is
 * the one that gives the largest scale in a viewport of the given aspect ratio, and a stage cut in two is drawn as
 * two boxes, the second titled "(cont.)". Edges inside a column move with it; an edge that crosses to the next
 * column runs down out of its source, up the gap between the columns and into its target from above (an identity
 * shortcut into its add from the right, as in the column). Pure data, like the layout it wraps.
 */
import { phrase } from '../core';
import { SIZES, type GraphLayout, type PlacedEdge, type PlacedGroup, type PlacedNode } from './layout';

/** Layouts with more drawn nodes than this are wrapped; smaller ones read best as one column. */
export const WRAP_MIN_NODES = 80;
/** Room above a column for a continued stage's title, and for edges arriving from the previous column. */
export const COLUMN_TOP = 40;
export const COLUMN_GAP = 56;
/** Where edges crossing to the next column run along the top, above everything in it. */
const LANE_Y = 10;

interface Atom {
  top: number;
  bottom: number;
}

/** Pieces that must stay in one column: nodes and block boxes, with whatever overlaps them merged in. */
function atoms(g: GraphLayout): Atom[] {
  const spans = [
    ...g.nodes.map((n) => ({ top: n.y, bottom: n.y + n.h })),
    ...g.groups.filter((x) => x.kind === 'block').map((x) => ({ top: x.y, bottom: x.y + x.h })),
  ].sort((a, b) => a.top - b.top);
  const out: Atom[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s.top < last.bottom) last.bottom = Math.max(last.bottom, s.bottom);
    else out.push({ ...s });
  }
  return out;
}

/** The y where a column may end between two atoms: after the groups that close there, before those that open. */
function cutBetween(g: GraphLayout, above: Atom, below: Atom): number {
  const ends = g.groups.map((x) => x.y + x.h).filter((y) => y >= above.bottom && y <= below.top);
  const starts = g.groups.map((x) => x.y).filter((y) => y >= above.bottom && y <= below.top);
  const lo = Math.max(above.bottom, ...ends);
  const hi = Math.min(below.top, ...starts.filter((y) => y >= lo));
  return (lo + hi) / 2;
}

/** Greedy packing under a height target: the cut positions (source y) starting each column after the first. */
function pack(list: Atom[], cuts: number[], target: number): number[] {
  const starts: number[] = [];
  let colTop = 0;
  for (let i = 1; i < list.length; i++) {
    if (list[i].bottom - colTop > target && list[i - 1].bottom - colTop > 0) {
      starts.push(cuts[i - 1]);
      colTop = cuts[i - 1] - COLUMN_TOP;
    }
  }
  return starts;
}

/** Column heights of a packing, in the wrapped drawing's coordinates. */
function extent(g: GraphLayout, starts: number[]): { width: number; height: number } {
  const bounds = [0, ...starts, g.height];
  let height = 0;
  for (let j = 0; j + 1 < bounds.length; j++) height = Math.max(height, bounds[j + 1] - bounds[j] + (j > 0 ? COLUMN_TOP : 0));
  const cols = bounds.length - 1;
  return { width: cols * g.width + (cols - 1) * COLUMN_GAP, height };
}

/** Where each column starts in the source layout, chosen for the best fit in a viewport of `aspect` (w / h). */
export function chooseColumns(g: GraphLayout, aspect: number): number[] {
  const list = atoms(g);
  if (list.length < 2) return [];
  const cuts = list.slice(1).map((a, i) => cutBetween(g, list[i], a));
  let best: number[] = [];
  let bestScale = 0;
  const tried = new Set<string>();
  for (let c = 1; c <= 24; c++) {
    const starts = c === 1 ? [] : pack(list, cuts, g.height / c);
    const key = starts.join(',');
    if (tried.has(key)) continue;
    tried.add(key);
    const { width, height } = extent(g, starts);
    const scale = Math.min(aspect / width, 1 / height);
    // A wider packing must pay for itself: 5 % more scale, so equal fits keep fewer columns.
    if (scale > bestScale * 1.05) {
      best = starts;
      bestScale = scale;
    }
  }
  return best;
}

const COMMAND = /[MLHVCSQTZ]/;
const round2 = (v: number) => String(Math.round(v * 100) / 100);

/**
 * Moves every absolute coordinate of an SVG path (M, L, H, V, C, S, Q, T; no arcs) by (dx, dy). A scanner rather
 * than a regular expression per command: a wrapped ResNet-152 moves ~500 paths on every edit.
 */
export function translatePath(path: string, dx: number, dy: number): string {
  let out = '';
  let i = 0;
  while (i < path.length) {
    const cmd = path[i++];
    let end = i;
    while (end < path.length && !COMMAND.test(path[end])) end++;
    if (cmd === 'Z') {
      out += 'Z';
      i = end;
      continue;
    }
    const nums = path.slice(i, end).match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) ?? [];
    i = end;
    if (cmd === 'H' || cmd === 'V') {
      const d = cmd === 'H' ? dx : dy;
      out += cmd + nums.map((n) => round2(Number(n) + d)).join(' ');
      continue;
    }
    out += cmd;
    for (let k = 0; k < nums.length; k += 2) out += `${k ? ' ' : ''}${round2(Number(nums[k]) + dx)},${round2(Number(nums[k + 1]) + dy)}`;
  }
  return out;
}

const R = 8;

/** An edge from the bottom of one column into a node of the next. */
function crossingPath(from: PlacedNode, to: PlacedNode, kind: PlacedEdge['kind'], laneX: number, skipX: number): string {
  const sx = from.x + from.w / 2;
  const down = from.y + from.h + 14;
  const start = `M${sx},${from.y + from.h}V${down - R}Q${sx},${down} ${sx + R},${down}H${laneX - R}Q${laneX},${down} ${laneX},${down - R}V${LANE_Y + R}Q${laneX},${LANE_Y} ${laneX + R},${LANE_Y}`;
  if (kind === 'identity' && to.kind === 'Add') {
    const y = to.y + to.h / 2;
    return `${start}H${skipX - R}Q${skipX},${LANE_Y} ${skipX},${LANE_Y + R}V${y - R}Q${skipX},${y} ${skipX - R},${y}H${to.x + to.w}`;
  }
  const tx = to.x + to.w / 2;
  return `${start}H${tx - R}Q${tx},${LANE_Y} ${tx},${LANE_Y + R}V${to.y}`;
}

/**
 * The layout wrapped into columns for a viewport of `aspect` (width / height). Layouts of up to
 * WRAP_MIN_NODES nodes, or that fit best as one column, come back unchanged.
 */
export function wrapLayout(g: GraphLayout, aspect: number): GraphLayout {
  if (g.nodes.length <= WRAP_MIN_NODES) return g;
  const starts = chooseColumns(g, aspect);
  if (starts.length === 0) return g;
  const bounds = [0, ...starts, Infinity];
  const column = (y: number) => bounds.findIndex((b, j) => y >= b && y < bounds[j + 1]);
  const dx = (j: number) => j * (g.width + COLUMN_GAP);
  const dy = (j: number) => (j === 0 ? 0 : COLUMN_TOP - bounds[j]);

  // Column 0 keeps its coordinates: its nodes and edges are the column layout's own objects.
  const colOf = new Map<string, number>();
  const nodes = g.nodes.map((n) => {
    const j = column(n.y);
    colOf.set(n.key, j);
    return j === 0 ? n : { ...n, x: n.x + dx(j), y: n.y + dy(j) };
  });
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  /** What each column holds (source coordinates): its nodes and block boxes, for the groups cut across columns. */
  const held: Atom[][] = bounds.slice(1).map(() => []);
  for (const n of g.nodes) held[colOf.get(n.key)!].push({ top: n.y, bottom: n.y + n.h });
  for (const b of g.groups) if (b.kind === 'block') held[column(b.y)].push({ top: b.y, bottom: b.y + b.h });

  // A group in several columns becomes one box per column; each piece ends just below what it holds there.
  const groups: PlacedGroup[] = [];
  for (const gr of g.groups) {
    const first = column(gr.y);
    const last = column(gr.y + gr.h - 1);
    if (first === last) {
      groups.push(first === 0 ? gr : { ...gr, x: gr.x + dx(first), y: gr.y + dy(first) });
      continue;
    }
    for (let j = first; j <= last; j++) {
      const inside = held[j].filter((n) => n.top >= gr.y && n.bottom <= gr.y + gr.h);
      const top = j === first ? gr.y : Math.min(...inside.map((n) => n.top)) - SIZES.header;
      const bottom = j === last ? gr.y + gr.h : Math.max(...inside.map((n) => n.bottom)) + SIZES.stagePad;
      groups.push({
        ...gr,
        key: j === first ? gr.key : `${gr.key}~${j}`,
        label: j === first ? gr.label : phrase('{name} (cont.)', { name: gr.key }),
        x: gr.x + dx(j),
        y: top + dy(j),
        h: bottom - top,
        ...(j === first ? {} : { collapses: undefined }),
      });
    }
  }

  const edges = g.edges.map((e) => {
    const arrow = e.key.indexOf('->');
    const fromKey = e.key.slice(0, arrow);
    const toKey = e.key.slice(arrow + 2);
    const jf = colOf.get(fromKey)!;
    const jt = colOf.get(toKey)!;
    if (jf === jt) return jf === 0 ? e : { ...e, path: translatePath(e.path, dx(jf), dy(jf)) };
    const to = byKey.get(toKey)!;
    // The identity lane sits where the column draws it: just right of the main path's nodes.
    const skipX = to.x + to.w / 2 + SIZES.nodeW / 2 + 14;
    return { ...e, path: crossingPath(byKey.get(fromKey)!, to, e.kind, dx(jt) - COLUMN_GAP / 2, skipX) };
  });

  const { width, height } = extent(g, starts);
  return { nodes, edges, groups, width, height, drawnAs: g.drawnAs };
}
