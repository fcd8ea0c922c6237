import { describe, expect, it } from 'vitest';
import { LABEL_12PX, overlap, placeLabels, textUnits, type LabelPoint } from './labels';

const bounds = { x0: 0, y0: 0, x1: 420, y1: 260 };

function expectClear(points: LabelPoint[]) {
  const labels = placeLabels(points, bounds);
  expect(labels.map((l) => l.key).sort()).toEqual(points.map((p) => p.key).sort());
  for (let i = 0; i < labels.length; i++) {
    const b = labels[i].box;
    expect(b.x0 >= 0 && b.x1 <= 420 && b.y0 >= 0 && b.y1 <= 260, `${labels[i].key} inside`).toBe(true);
    const p = points.find((q) => q.key === labels[i].key)!;
    expect(b.x1 - b.x0).toBeCloseTo(p.text.length * LABEL_12PX.charWidth);
    for (let j = i + 1; j < labels.length; j++) expect(overlap(b, labels[j].box), `${labels[i].key} / ${labels[j].key}`).toBe(false);
    for (const q of points) expect(overlap(b, { x0: q.x - q.r, y0: q.y - q.r, x1: q.x + q.r, y1: q.y + q.r }), `${labels[i].key} over ${q.key}`).toBe(false);
  }
  return labels;
}

describe('scatter label placement', () => {
  it('separates ResNet-50 and ResNeXt-50, whose points nearly coincide', () => {
    const labels = expectClear([
      { key: 'resnet50', x: 150, y: 90, r: 6, text: 'ResNet-50' },
      { key: 'resnext50', x: 158, y: 84, r: 6, text: 'ResNeXt-50 32×4d' },
    ]);
    // The first keeps the spot beside its point; the second moves.
    expect(labels.find((l) => l.key === 'resnet50')!.leader).toBeNull();
  });

  it('keeps a crowded cluster and the plot edges clear', () => {
    const names = ['ResNet-18', 'ResNet-34', 'ResNet-50', 'ResNet-101', 'ResNet-152', 'ResNeXt-50 32×4d', 'ResNeXt-101 32×8d', 'Wide ResNet-50-2', 'Wide ResNet-101-2'];
    expectClear(names.map((text, i) => ({ key: text, x: 120 + (i % 3) * 12, y: 60 + Math.floor(i / 3) * 10, r: 5, text })));
    // A point at the right edge gets its label on the left.
    const [edge] = expectClear([{ key: 'w', x: 410, y: 130, r: 6, text: 'Wide ResNet-101-2' }]);
    expect(edge.anchor).toBe('end');
  });
});

it('gives Korean labels the room they take', () => {
  expect(textUnits('ResNet-50')).toBe(9);
  expect(textUnits('스테이지 2')).toBeCloseTo(4 * 1.8 + 2);
  // A Korean label is placed as wide as it is drawn: its box is wider than the same count of Latin letters.
  const [ko] = placeLabels([{ key: 'a', x: 50, y: 50, r: 3, text: '스테이지' }], { x0: 0, y0: 0, x1: 400, y1: 100 });
  const [en] = placeLabels([{ key: 'a', x: 50, y: 50, r: 3, text: 'abcd' }], { x0: 0, y0: 0, x1: 400, y1: 100 });
  expect(ko.box.x1 - ko.box.x0).toBeCloseTo((en.box.x1 - en.box.x0) * 1.8);
});
