/**
 * Label placement for scatter plots: each label goes to the first of a list of spots around its point (right,
 * left, above, below, then further up or down with a leader line) where it overlaps no label placed before it,
 * no point, and stays inside the plot. Text widths are estimated from the character count, so this stays pure.
 */

export interface LabelPoint {
  key: string;
  x: number;
  y: number;
  /** The point's radius. */
  r: number;
  text: string;
}

export interface PlacedLabel {
  key: string;
  /** The text's anchor point (its vertical middle), and which end of the text it is. */
  x: number;
  y: number;
  anchor: 'start' | 'end';
  box: Box;
  /** From the point to the label, when the label had to move away from it. */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelFont {
  /** Average advance of one character, px. */
  charWidth: number;
  /** Line height, px. */
  height: number;
}

/** Hangul, kana, CJK ideographs and full-width forms: about 1.8 Latin characters wide. */
const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** A text's width in Latin characters (wide glyphs count 1.8), so Korean labels get the room they take. */
export function textUnits(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 1.8 : 1;
  return n;
}

/** 12 px system sans-serif, bold: generous, so estimates err towards more room. */
export const LABEL_12PX: LabelFont = { charWidth: 7.2, height: 15 };

const GAP = 4;

export const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function boxAt(x: number, y: number, anchor: 'start' | 'end', w: number, h: number): Box {
  return anchor === 'start' ? { x0: x, y0: y - h / 2, x1: x + w, y1: y + h / 2 } : { x0: x - w, y0: y - h / 2, x1: x, y1: y + h / 2 };
}

export function placeLabels(points: LabelPoint[], bounds: Box, font: LabelFont = LABEL_12PX): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const dots: Box[] = points.map((p) => ({ x0: p.x - p.r, y0: p.y - p.r, x1: p.x + p.r, y1: p.y + p.r }));
  const inside = (b: Box) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
  // Left to right, so a crowded cluster fans out in reading order.
  for (const p of [...points].sort((a, b) => a.x - b.x || a.y - b.y)) {
    const w = textUnits(p.text) * font.charWidth;
    const h = font.height;
    const near = p.r + GAP;
    const spots: { x: number; y: number; anchor: 'start' | 'end' }[] = [
      { x: p.x + near, y: p.y, anchor: 'start' },
      { x: p.x - near, y: p.y, anchor: 'end' },
      { x: p.x - w / 2, y: p.y - near - h / 2, anchor: 'start' },
      { x: p.x - w / 2, y: p.y + near + h / 2, anchor: 'start' },
    ];
    for (let step = 1; step <= 8; step++) {
      for (const dir of [-1, 1]) {
        const y = p.y + dir * step * h;
        spots.push({ x: p.x + near + 6, y, anchor: 'start' }, { x: p.x - near - 6, y, anchor: 'end' });
      }
    }
    let chosen: PlacedLabel | null = null;
    for (const s of spots) {
      const box = boxAt(s.x, s.y, s.anchor, w, h);
      if (!inside(box) || placed.some((l) => overlap(l.box, box)) || dots.some((d) => overlap(d, box))) continue;
      const far = Math.abs(s.y - p.y) > h / 2 + near;
      chosen = { key: p.key, ...s, box, leader: far ? { x1: p.x, y1: p.y, x2: s.anchor === 'start' ? box.x0 - 1 : box.x1 + 1, y2: s.y } : null };
      break;
    }
    // Nowhere free (a plot too small for its labels): keep it beside its point rather than drop it.
    if (!chosen) {
      const box = boxAt(p.x + near, p.y, 'start', w, h);
      chosen = { key: p.key, x: p.x + near, y: p.y, anchor: 'start', box, leader: null };
    }
    placed.push(chosen);
  }
  return placed;
}
