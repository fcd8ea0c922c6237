/** The pure steps behind a graph update, timed in Node: analysis and layout of ResNet-152 fully expanded. */
import { analyzeSpec, presetSpec } from '../src/core';
import { EXPANDED } from '../src/layout/collapse';
import { layoutGraph } from '../src/layout/layout';
import { median, type Figure } from './stats';

function time(f: () => void, runs: number): number {
  for (let i = 0; i < 10; i++) f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export function layoutFigures(): Figure[] {
  const a = analyzeSpec(presetSpec('resnet152'));
  const nodes = layoutGraph(a, EXPANDED).nodes.length;
  return [
    { name: 'analysis, ResNet-152 (Node)', value: time(() => analyzeSpec(presetSpec('resnet152')), 50), unit: 'ms', runs: 50 },
    { name: `layout, ResNet-152 expanded, ${nodes} nodes (Node)`, value: time(() => layoutGraph(a, EXPANDED), 50), unit: 'ms', runs: 50 },
  ];
}
