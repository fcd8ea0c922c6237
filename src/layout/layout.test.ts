import { describe, expect, it } from 'vitest';
import { analyzeSpec, english, presetSpec, PRESET_NAMES } from '../core';
import { COLLAPSED, EXPANDED, defaultCollapse, reveal, setCollapsed } from './collapse';
import { compareLayout } from './compareLayout';
import { layoutGraph, type PlacedNode } from './layout';

const overlaps = (a: PlacedNode, b: PlacedNode) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('graph layout', () => {
  it.each(PRESET_NAMES)('%s expanded: every layer drawn once, no two nodes overlap', (name) => {
    const a = analyzeSpec(presetSpec(name));
    const g = layoutGraph(a, EXPANDED);
    expect(g.nodes.length).toBe(a.layers.length + 1);
    expect(new Set(g.nodes.map((n) => n.key)).size).toBe(g.nodes.length);
    const sorted = [...g.nodes].sort((p, q) => p.y - q.y);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].y < sorted[i].y + sorted[i].h; j++) {
        expect(overlaps(sorted[i], sorted[j]), `${sorted[i].key} / ${sorted[j].key}`).toBe(false);
      }
    }
    for (const n of g.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w).toBeLessThanOrEqual(g.width);
    }
  });

  it('draws every edge of the model: main path, identity and projection shortcuts', () => {
    const a = analyzeSpec(presetSpec('resnet18'));
    const g = layoutGraph(a, EXPANDED);
    const kinds = g.edges.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'identity')).toHaveLength(5);
    // Three downsampling blocks: into the projection conv, conv→BN (main), and BN→add.
    expect(kinds.filter((k) => k === 'projection')).toHaveLength(6);
    const inputs = a.layers.reduce((n, l) => n + l.layer.inputs.length, 0);
    expect(g.edges).toHaveLength(inputs);
  });

  it('draws option A shortcuts as parameter-free edges, "zero-pad" on the downsampling ones, and plain nets with none', () => {
    const a = analyzeSpec(presetSpec('resnet20'));
    const g = layoutGraph(a, EXPANDED);
    const kinds = g.edges.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'identity')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'projection')).toHaveLength(0);
    const padded = g.edges.filter((e) => e.kind === 'zeropad');
    expect(padded.map((e) => [e.key, e.label && english(e.label.text)])).toEqual([
      ['layer1.2.relu#2->layer2.0.add', 'zero-pad, /2'],
      ['layer2.2.relu#2->layer3.0.add', 'zero-pad, /2'],
    ]);
    expect(g.edges).toHaveLength(a.layers.reduce((n, l) => n + l.layer.inputs.length, 0));
    expect(g.edges.filter((e) => e.label).length).toBe(2);

    const plain = layoutGraph(analyzeSpec(presetSpec('plain20')), EXPANDED);
    expect(plain.edges.every((e) => e.kind === 'main')).toBe(true);
    expect(plain.nodes.filter((n) => n.kind === 'Add')).toEqual([]);
    // Collapsed, a block still says which shortcut it has.
    const collapsed = layoutGraph(analyzeSpec(presetSpec('plain20')), setCollapsed(EXPANDED, 'layer2.0', true));
    expect(english(collapsed.nodes.find((n) => n.key === 'layer2.0')!.detail!)).toBe('BasicBlock 32→32, /2, plain');
    const collapsedA = layoutGraph(a, setCollapsed(EXPANDED, 'layer3.0', true));
    const layer30 = collapsedA.nodes.find((n) => n.key === 'layer3.0')!;
    expect(english(layer30.detail!)).toBe('BasicBlock 64→64, /2, zero-pad');
    expect(layer30.downsamples).toBe(true);
  });

  it('compares ResNet-56 with its plain twin and option B stage by stage', () => {
    const c = compareLayout([analyzeSpec(presetSpec('resnet56')), analyzeSpec(presetSpec('plain56')), analyzeSpec({ ...presetSpec('resnet56'), shortcut: 'B' })]);
    const layer2 = c.cells.filter((cell) => cell.row === 'layer2');
    expect(layer2.map((cell) => english(cell.lines[0]))).toEqual(['width 32, /2, zero-pad', 'width 32, /2, plain', 'width 32, /2, projection']);
    expect(layer2.map((cell) => cell.diff.map(english))).toEqual([[], ['plain (no shortcuts)'], ['option B shortcuts']]);
    expect(c.cells.filter((cell) => cell.row === 'layer1').map((cell) => english(cell.lines[0]))).toEqual(['width 16, /1', 'width 16, /1, plain', 'width 16, /1']);
  });

  it('reads a bottleneck\'s widths, its class and the stage output from the core: graph and compare agree', () => {
    const x50 = analyzeSpec(presetSpec('resnext50_32x4d'));
    const g = layoutGraph(x50, setCollapsed(EXPANDED, 'layer2.0', true));
    expect(english(g.nodes.find((n) => n.key === 'layer2.0')!.detail!)).toBe('Bottleneck 256→256→512, /2, projection');
    expect(english(g.groups.find((gr) => gr.key === 'layer2')!.label)).toBe('layer2: 4 × Bottleneck, 512×28×28');
    const c = compareLayout([analyzeSpec(presetSpec('resnet50')), x50], new Set(['layer2']));
    const cells = c.cells.filter((cell) => cell.row === 'layer2');
    expect(cells.map((cell) => [english(cell.title), english(cell.lines[0]), cell.shape])).toEqual([
      ['layer2: 4 × Bottleneck', 'width 128, inner 128, /2, projection', '512×28×28'],
      ['layer2: 4 × Bottleneck', 'width 128, inner 256 (32 groups), /2, projection', '512×28×28'],
    ]);
    expect(cells[1].blocks.map((b) => english(b.text))).toEqual(['.0 256→256→512 /2 proj', '.1 256→256→512', '.2 256→256→512', '.3 256→256→512']);
    const r18 = compareLayout([analyzeSpec(presetSpec('resnet18'))], new Set(['layer2']));
    expect(r18.cells.find((cell) => cell.row === 'layer2')!.blocks.map((b) => english(b.text))).toEqual(['.0 128→128 /2 proj', '.1 128→128']);
    expect(r18.cells.find((cell) => cell.row === 'stem')!.shape).toBe('64×56×56');
  });

  it('collapses stages to one node reading like "layer3: 36 × Bottleneck, 1024×14×14"', () => {
    const a = analyzeSpec(presetSpec('resnet152'));
    const g = layoutGraph(a, COLLAPSED);
    const stage = g.nodes.find((n) => n.key === 'layer3')!;
    expect(english(stage.label)).toBe('layer3: 36 × Bottleneck, 1024×14×14');
    expect(g.nodes.filter((n) => n.kind === 'Stage')).toHaveLength(4);
    expect(g.drawnAs.get('layer3.20.conv2')).toBe('layer3');
    // input, 4 stem layers, 4 stages, 2 head layers
    expect(g.nodes).toHaveLength(11);
  });

  it('picks a default view that fits: ResNet-18 whole, ResNet-50 by blocks, ResNet-152 by stages', () => {
    expect(defaultCollapse(analyzeSpec(presetSpec('resnet18')))).toEqual(EXPANDED);
    expect(defaultCollapse(analyzeSpec(presetSpec('resnet50')))).toMatchObject({ stages: false, blocks: true });
    expect(defaultCollapse(analyzeSpec(presetSpec('resnet152')))).toEqual(COLLAPSED);
  });

  it('expands one stage and one block on request, and reveals a layer by name', () => {
    const a = analyzeSpec(presetSpec('resnet152'));
    let state = setCollapsed(COLLAPSED, 'layer2', false);
    let g = layoutGraph(a, state);
    expect(g.nodes.filter((n) => n.kind === 'Block').map((n) => n.key)).toHaveLength(8);
    state = setCollapsed(state, 'layer2.0', false);
    g = layoutGraph(a, state);
    expect(g.drawnAs.get('layer2.0.downsample.0')).toBe('layer2.0.downsample.0');
    g = layoutGraph(a, reveal(COLLAPSED, 'layer4.2.conv3'));
    expect(g.drawnAs.get('layer4.2.conv3')).toBe('layer4.2.conv3');
  });
});
