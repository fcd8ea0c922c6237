/**
 * What the page shows of the model, as a small store with no React: which groups are drawn collapsed (a
 * default per new model, kept across edits), the selection, what the graph should bring into view, the
 * inspector's tab, the phone's pane, the drawer, the dialogs and the tour, and which top-level view is open
 * (Build, or the Compare and Train stores' own `open`). It follows the model store and drops a selection the
 * model no longer has. The pure helpers below derive what the views draw from a snapshot.
 */
import type { ModelAnalysis } from '../core';
import { Emitter } from '../core/emitter';
import { phrase, type Phrase } from '../core/phrase';
import { COLLAPSED, EXPANDED, defaultCollapse, reveal, revealGroup, setCollapsed, type CollapseState } from '../layout/collapse';
import { layoutGraph, type GraphLayout } from '../layout/layout';
import { isGroup, outputLayerOf, parentGroup } from '../layout/selection';
import type { InspectorTab, PhonePane, View } from './panes';

/** The code dialog's content: the model as PyTorch code or as spec JSON. */
export type CodeKind = 'pytorch' | 'spec';

/** Phones show one of these; on wider screens the inspector's tab says which panel is up. */
export type Pane = 'build' | 'graph' | 'inspector';

/** A request to bring a node into view; `group`: the first drawn member of a just-expanded group. */
export interface FocusIntent {
  key: string;
  group: boolean;
  seq: number;
}

export interface ViewState {
  /** The model the rest belongs to (the model store's analysis and generation). */
  analysis: ModelAnalysis;
  generation: number;
  collapse: CollapseState;
  layout: GraphLayout;
  /** What the user picked: a layer id, a block or stage name, `input`; always one the model has. */
  selected: string | null;
  focus: FocusIntent | null;
  section: View;
  tab: InspectorTab;
  pane: Pane;
  drawer: boolean;
  touring: boolean;
  code: CodeKind | null;
  table: boolean;
}

interface Source<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}
/** A top-level view other than Build (Compare, Train), as its store exposes it. */
interface Section extends Source<{ open: boolean }> {
  setOpen(open: boolean): void;
}

export class ViewStore {
  private readonly emitter = new Emitter();
  private state: ViewState;
  /** The Lab, when the app has one (a view like Compare and Train). */
  private readonly lab: Section | null;

  constructor(
    private readonly model: Source<{ analysis: ModelAnalysis; generation: number }>,
    private readonly compare: Section,
    private readonly train: Section,
    options: { touring: boolean; lab?: Section },
  ) {
    this.lab = options.lab ?? null;
    const { analysis, generation } = model.getState();
    const collapse = defaultCollapse(analysis);
    this.state = {
      analysis,
      generation,
      collapse,
      layout: layoutGraph(analysis, collapse),
      selected: null,
      focus: null,
      section: this.sectionNow(),
      tab: 'model',
      pane: 'graph',
      drawer: false,
      touring: options.touring,
      code: null,
      table: false,
    };
    this.emitter.track(model.subscribe(() => this.followModel()));
    const follow = () => this.set({ section: this.sectionNow() });
    this.emitter.track(compare.subscribe(follow));
    this.emitter.track(train.subscribe(follow));
    if (this.lab) this.emitter.track(this.lab.subscribe(follow));
  }

  getState = (): ViewState => this.state;
  readonly subscribe = this.emitter.subscribe;

  dispose(): void {
    this.emitter.dispose();
  }

  select(key: string | null): void {
    this.set({ selected: key !== null && knownNode(key, this.state.analysis) ? key : null });
  }

  /** Expands or collapses a block or stage; the group becomes the selection and stays in view. */
  toggle(name: string, collapsed: boolean): void {
    this.set({ collapse: setCollapsed(this.state.collapse, name, collapsed), selected: name, focus: this.focusOn(name, !collapsed) });
  }

  /** Collapses the block or stage that holds a node (the − key). */
  collapseParent(key: string): void {
    const group = parentGroup(key, this.state.analysis);
    if (group) this.toggle(group, true);
  }

  expandAll(): void {
    this.set({ collapse: EXPANDED });
  }

  collapseAll(): void {
    this.set({ collapse: COLLAPSED });
  }

  /** Shows a layer: expands what hides it, selects it and brings it into view. */
  focusLayer(id: string): void {
    const layer = this.state.analysis.byId.get(id);
    if (!layer) return;
    this.set({ collapse: reveal(this.state.collapse, layer.layer.name), selected: id, focus: this.focusOn(id, false) });
  }

  /**
   * Finds a block or stage by its name (expanded, selected: the graph rings its box and the panel shows it), else
   * a layer by id or name (exact, then prefix, then part) and shows it; otherwise says why not.
   */
  find(text: string): Phrase | null {
    const q = text.trim();
    if (isGroup(q, this.state.analysis)) {
      this.set({ collapse: revealGroup(this.state.collapse, q), selected: q, focus: this.focusOn(q, true) });
      return null;
    }
    const id = findLayer(this.state.analysis, q);
    if (id === null) return phrase('No layer named "{name}" in this model', { name: q });
    this.focusLayer(id);
    return null;
  }

  showSection(v: View): void {
    this.lab?.setOpen(v === 'lab');
    this.train.setOpen(v === 'train');
    this.compare.setOpen(v === 'compare');
  }

  setTab(tab: InspectorTab): void {
    this.set({ tab });
  }

  /** The Run panel, in front (on phones too). */
  showRun(): void {
    this.set({ tab: 'run', pane: 'inspector' });
  }

  /** A phone's bottom tab. */
  pickPane(p: PhonePane): void {
    this.showSection(p === 'compare' || p === 'train' || p === 'lab' ? p : 'build');
    if (p === 'model' || p === 'run') this.set({ tab: p, pane: 'inspector' });
    else if (p === 'build' || p === 'graph') this.set({ pane: p });
  }

  startTour(): void {
    this.set({ touring: true, pane: 'graph' });
    this.showSection('build');
  }

  endTour(): void {
    this.set({ touring: false });
  }

  setDrawer(drawer: boolean): void {
    this.set({ drawer });
  }

  showCode(code: CodeKind | null): void {
    this.set({ code });
  }

  showTable(table: boolean): void {
    this.set({ table });
  }

  private focusOn(key: string, group: boolean): FocusIntent {
    return { key, group, seq: (this.state.focus?.seq ?? 0) + 1 };
  }

  private sectionNow(): View {
    if (this.lab?.getState().open) return 'lab';
    return this.train.getState().open ? 'train' : this.compare.getState().open ? 'compare' : 'build';
  }

  /** A new model generation starts from its default collapse; an edit keeps the user's. */
  private followModel(): void {
    const { analysis, generation } = this.model.getState();
    if (analysis === this.state.analysis && generation === this.state.generation) return;
    const collapse = generation !== this.state.generation ? defaultCollapse(analysis) : this.state.collapse;
    const selected = this.state.selected !== null && knownNode(this.state.selected, analysis) ? this.state.selected : null;
    this.set({ analysis, generation, collapse, selected });
  }

  private set(patch: Partial<ViewState>): void {
    const next = { ...this.state, ...patch };
    if (Object.keys(patch).every((k) => next[k as keyof ViewState] === this.state[k as keyof ViewState])) return;
    if (next.analysis !== this.state.analysis || next.collapse !== this.state.collapse) next.layout = layoutGraph(next.analysis, next.collapse);
    this.state = next;
    this.emitter.emit();
  }
}

/** Whether the model has a node of this key: the input, a layer id, a block or a stage. */
export function knownNode(key: string, a: ModelAnalysis): boolean {
  return key === 'input' || a.byId.has(key) || isGroup(key, a);
}

/** The layer a search means: by id or exact name, else the first whose name starts with, else contains, it. */
export function findLayer(a: ModelAnalysis, q: string): string | null {
  const layer =
    a.layers.find((l) => l.layer.id === q || l.layer.name === q) ??
    a.layers.find((l) => l.layer.name.startsWith(q)) ??
    a.layers.find((l) => l.layer.name.includes(q));
  return layer?.layer.id ?? null;
}

const drawn = (key: string | null, layout: GraphLayout) => key !== null && layout.nodes.some((n) => n.key === key);

/**
 * What the graph rings: the selected node where it is drawn, an expanded block's or stage's box (the group the
 * details panel shows, never one of its layers), or else the layer that outputs the selection.
 */
export function highlightedNode(s: Pick<ViewState, 'selected' | 'analysis' | 'layout'>): string | null {
  if (drawn(s.selected, s.layout)) return s.selected;
  if (s.selected !== null && s.layout.groups.some((g) => g.key === s.selected && g.collapses === s.selected)) return s.selected;
  const output = outputLayerOf(s.selected, s.analysis);
  return drawn(output, s.layout) ? output : null;
}

/** The layer whose output the selection stands for (its activations are the ones the Run panel shows). */
export function selectedOutput(s: Pick<ViewState, 'selected' | 'analysis'>): string | null {
  return outputLayerOf(s.selected, s.analysis);
}

/** The node the graph should bring into view: the one asked for, or a just-expanded group's first drawn member. */
export function focusTarget(focus: FocusIntent | null, layout: GraphLayout): { key: string; seq: number } | null {
  if (!focus) return null;
  if (!focus.group) return { key: focus.key, seq: focus.seq };
  const first = layout.nodes.filter((n) => n.key.startsWith(`${focus.key}.`)).sort((a, b) => a.y - b.y || a.x - b.x)[0];
  return { key: first?.key ?? focus.key, seq: focus.seq };
}

/** What a phone shows: Compare or Train when open, else the pane (the inspector's tab for the inspector). */
export function phonePane(s: Pick<ViewState, 'section' | 'pane' | 'tab'>): PhonePane {
  if (s.section !== 'build') return s.section;
  return s.pane === 'inspector' ? s.tab : s.pane;
}
