import { describe, expect, it } from 'vitest';
import { Emitter } from '../core/emitter';
import { english } from '../core/phrase';
import { COLLAPSED, EXPANDED, defaultCollapse } from '../layout/collapse';
import { CompareStore } from './compareStore';
import { draftFromSpec } from './formDraft';
import { ModelStore, type UrlAdapter } from './modelStore';
import { findLayer, focusTarget, highlightedNode, knownNode, phonePane, selectedOutput, ViewStore } from './viewStore';

function memoryUrl(initial = ''): UrlAdapter {
  let q = initial;
  return { read: () => q, write: (query) => void (q = query) };
}

/** A Train-like section: just `open`, with its own emitter (and a count of who listens). */
function section() {
  const emitter = new Emitter();
  let open = false;
  return {
    emitter,
    getState: () => ({ open }),
    subscribe: emitter.subscribe,
    setOpen(o: boolean) {
      open = o;
      emitter.emit();
    },
  };
}

function setup(link = 'model=resnet50') {
  const model = new ModelStore(memoryUrl(link));
  const compare = new CompareStore(memoryUrl(link));
  const train = section();
  const view = new ViewStore(model, compare, train, { touring: false });
  return { model, compare, train, view };
}

describe('ViewStore', () => {
  it('starts each new model from its default collapse, and keeps the user\'s across edits', () => {
    const { model, view } = setup('model=resnet152');
    const big = view.getState();
    expect(big.collapse).toEqual(defaultCollapse(big.analysis));
    expect(big.collapse).not.toEqual(EXPANDED);
    view.expandAll();
    expect(view.getState().layout.nodes.length).toBe(big.analysis.layers.length + 1);
    const draft = draftFromSpec(big.analysis.graph.spec);
    draft.numClasses = '10';
    model.editDraft(draft, 'numClasses');
    expect(view.getState().analysis.graph.spec.numClasses).toBe(10);
    expect(view.getState().collapse).toBe(EXPANDED);
    model.pickPreset('resnet18');
    expect(view.getState().collapse).toEqual(defaultCollapse(view.getState().analysis));
    expect(view.getState().layout.nodes.length).toBe(view.getState().analysis.layers.length + 1);
  });

  it('keeps a selection the new model has and drops one it does not', () => {
    const { model, view } = setup();
    view.select('layer4.2');
    expect(view.getState().selected).toBe('layer4.2');
    model.pickPreset('resnet18');
    expect(view.getState().selected).toBeNull();
    view.select('layer4.1.conv2');
    model.pickPreset('resnet34');
    expect(view.getState().selected).toBe('layer4.1.conv2');
    view.select('layer9');
    expect(view.getState().selected).toBeNull();
    view.select('input');
    expect(view.getState().selected).toBe('input');
  });

  it('expands a group, selects it and asks the graph for its first member', () => {
    const { view } = setup();
    view.collapseAll();
    expect(view.getState().collapse).toBe(COLLAPSED);
    view.toggle('layer2', false);
    const s = view.getState();
    expect(s.selected).toBe('layer2');
    expect(s.focus).toMatchObject({ key: 'layer2', group: true });
    // layer2's blocks are still collapsed: its first member drawn is the block layer2.0.
    expect(focusTarget(s.focus, s.layout)).toEqual({ key: 'layer2.0', seq: s.focus!.seq });
    // The graph rings the expanded stage's box, as the panel shows the stage.
    expect(highlightedNode(s)).toBe('layer2');
    expect(selectedOutput(s)).toBe('layer2.3.relu#3');
    view.collapseParent('layer2.1');
    expect(view.getState().selected).toBe('layer2');
    expect(highlightedNode(view.getState())).toBe('layer2');
    expect(focusTarget(view.getState().focus, view.getState().layout)).toEqual({ key: 'layer2', seq: s.focus!.seq + 1 });
  });

  it('finds a layer by name, reveals it and selects it; an unknown name is a message', () => {
    const { view } = setup();
    view.collapseAll();
    expect(view.find(' layer3.1.conv ')).toBeNull();
    const s = view.getState();
    expect(s.selected).toBe('layer3.1.conv1');
    expect(s.layout.nodes.some((n) => n.key === 'layer3.1.conv1')).toBe(true);
    expect(highlightedNode(s)).toBe('layer3.1.conv1');
    expect(focusTarget(s.focus, s.layout)).toEqual({ key: 'layer3.1.conv1', seq: 1 });
    expect(english(view.find('resblock')!)).toBe('No layer named "resblock" in this model');
    expect(view.getState().selected).toBe('layer3.1.conv1');
  });

  it('a block expanded or found by name is the selection the graph rings, never one of its layers', () => {
    const { view } = setup();
    view.toggle('layer2.2', false);
    let s = view.getState();
    expect(s.layout.nodes.some((n) => n.key === 'layer2.2')).toBe(false);
    expect(highlightedNode(s)).toBe('layer2.2');
    view.collapseAll();
    expect(view.find('layer3.0')).toBeNull();
    s = view.getState();
    expect(s.selected).toBe('layer3.0');
    expect(s.layout.nodes.some((n) => n.key === 'layer3.0.conv1')).toBe(true);
    expect(highlightedNode(s)).toBe('layer3.0');
    expect(focusTarget(s.focus, s.layout)).toEqual({ key: 'layer3.0.conv1', seq: s.focus!.seq });
    expect(view.find('layer4')).toBeNull();
    expect(highlightedNode(view.getState())).toBe('layer4');
  });

  it('follows Compare and Train, and picks phone panes', () => {
    const { compare, train, view } = setup();
    expect(phonePane(view.getState())).toBe('graph');
    view.pickPane('compare');
    expect(compare.getState().open).toBe(true);
    expect(view.getState().section).toBe('compare');
    expect(phonePane(view.getState())).toBe('compare');
    train.setOpen(true);
    expect(view.getState().section).toBe('train');
    view.pickPane('run');
    expect([compare.getState().open, train.getState().open]).toEqual([false, false]);
    expect(view.getState()).toMatchObject({ section: 'build', tab: 'run', pane: 'inspector' });
    expect(phonePane(view.getState())).toBe('run');
    view.pickPane('build');
    expect(phonePane(view.getState())).toBe('build');
    view.pickPane('compare');
    view.startTour();
    expect(view.getState()).toMatchObject({ section: 'build', touring: true, pane: 'graph' });
  });

  it('emits only on a change, and once disposed hears nothing from the stores it followed', () => {
    const { model, compare, train, view } = setup();
    let heard = 0;
    view.subscribe(() => heard++);
    view.setDrawer(false);
    expect(heard).toBe(0);
    view.showCode('pytorch');
    view.showTable(true);
    expect(heard).toBe(2);
    expect(train.emitter.listenerCount).toBe(1);
    view.dispose();
    expect(train.emitter.listenerCount).toBe(0);
    const before = view.getState();
    model.pickPreset('resnet18');
    compare.setOpen(true);
    train.setOpen(true);
    expect(view.getState()).toBe(before);
    expect(heard).toBe(2);
  });
});

describe('view helpers', () => {
  const { view } = setup();
  const a = view.getState().analysis;

  it('know the model\'s nodes and find layers exactly, then by prefix, then by part', () => {
    expect(['input', 'layer1', 'layer1.2', 'fc'].map((k) => knownNode(k, a))).toEqual([true, true, true, true]);
    expect(knownNode('layer1.3', a)).toBe(false);
    expect(findLayer(a, 'layer1.0.relu')).toBe('layer1.0.relu');
    expect(findLayer(a, 'layer4.2.b')).toBe('layer4.2.bn1');
    expect(findLayer(a, 'downsample.1')).toBe('layer1.0.downsample.1');
    expect(findLayer(a, 'head')).toBeNull();
  });
});
