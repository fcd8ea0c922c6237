/**
 * The page: header, the configurator, the graph and the inspector (Model and Run), or Compare; laid out in
 * three columns, with the configurator in a drawer on medium screens and one panel at a time on phones.
 * State lives in the stores; this component wires them to the views.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { COLLAPSED, EXPANDED, defaultCollapse, reveal, setCollapsed, type CollapseState } from '../layout/collapse';
import { layoutGraph } from '../layout/layout';
import type { CompareModels } from '../runtime/compareModels';
import type { InferenceSession } from '../runtime/inference';
import type { ModelRunner } from '../runtime/runner';
import type { CompareStore } from '../state/compareStore';
import { loadLibrary, saveToLibrary, type KeyValueStore, type SavedModel } from '../state/library';
import type { ModelStore } from '../state/modelStore';
import { LangContext, translate, useLangChoice } from '../i18n/i18n';
import { phrase, type Phrase } from '../core/phrase';
import { CompareView } from './compare/CompareView';
import { Configurator } from './Configurator';
import { CodeDialog, type CodeKind } from './export/CodeDialog';
import { exportDrawing, exportOnnx, exportTfjs, modelFileName } from './export/exportActions';
import { LayerTableDialog } from './export/LayerTable';
import { ExportPanel } from './ExportPanel';
import { GraphToolbar } from './GraphToolbar';
import { GraphView, type FocusRequest } from './graph/GraphView';
import { ModelSummary, SelectionDetails } from './Inspector';
import { Tour, tourDone } from './learn/Tour';
import { RunPanel } from './RunPanel';
import type { RemoteWeights } from '../runtime/remoteWeights';
import { ImagenetWeightsOffer, WeightsFromNetwork } from './weights/WeightsFromNetwork';
import { RunTab } from './run/RunTab';
import type { TrainStore } from '../state/trainStore';
import { TrainView } from './train/TrainView';
import { sendToRun } from './train/sendToRun';
import { fitFashionMnist } from './train/fashionMnistFit';
import { isGroup, outputLayerOf, parentGroup } from './selection';
import { BottomTabs } from './shell/BottomTabs';
import { SelectionBar } from './shell/SelectionBar';
import { DropOverlay } from './shell/DropOverlay';
import { Header } from './shell/Header';
import { INSPECTOR_TABS, isInspectorTab, type InspectorTab, type PhonePane, type View } from './shell/panes';
import { useFileDrop } from './shell/useFileDrop';
import { useLayoutMode } from './shell/useLayoutMode';
import { useOpenFile } from './shell/useOpenFile';
import { useShortcuts } from './shell/useShortcuts';
import { useT } from '../i18n/i18n';
import { useTheme } from './useTheme';

/** localStorage, or a stand-in for this visit where the browser refuses it. */
const storage: KeyValueStore = (() => {
  try {
    localStorage.getItem('x');
    return localStorage;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
  }
})();

export interface LiveParts {
  runner: ModelRunner;
  session: InferenceSession;
  compared: CompareModels;
  remote: RemoteWeights;
}

const noSubscription = () => () => {};
const notReady = () => false;

export function App({ store, compare, train, runnerLoader }: { store: ModelStore; compare: CompareStore; train: TrainStore; runnerLoader: Promise<LiveParts> }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const training = useSyncExternalStore(train.subscribe, () => train.getState().open);
  const comparing = useSyncExternalStore(compare.subscribe, () => compare.getState().open) && !training;
  const section: View = training ? 'train' : comparing ? 'compare' : 'build';
  const showSection = (v: View) => {
    train.setOpen(v === 'train');
    compare.setOpen(v === 'compare');
  };
  const [live, setLive] = useState<LiveParts | null>(null);
  useEffect(() => {
    void runnerLoader.then(setLive);
  }, [runnerLoader]);
  const runner = live?.runner ?? null;
  const session = live?.session ?? null;
  const remote = live?.remote ?? null;
  const modelReady = useSyncExternalStore(runner?.subscribe ?? noSubscription, runner ? () => runner.getState().status === 'ready' : notReady);
  const [lang, setLang] = useLangChoice();
  const t = (text: string | Phrase) => translate(lang, text);
  const { theme, cycle } = useTheme();
  const mode = useLayoutMode();
  const [tab, setTab] = useState<InspectorTab>('model');
  /** Phones: the configurator, the graph or the inspector (its tab says which panel). */
  const [pane, setPane] = useState<'build' | 'graph' | 'inspector'>('graph');
  const [drawer, setDrawer] = useState(false);
  const [touring, setTouring] = useState(() => !tourDone());
  const [library, setLibrary] = useState<SavedModel[]>(() => loadLibrary(storage));
  const [code, setCode] = useState<CodeKind | null>(null);
  const [table, setTable] = useState(false);
  const { analysis } = state;
  const fileBase = modelFileName(state.preset);

  // The live model follows the configured one.
  useEffect(() => runner?.setSpec(analysis), [runner, analysis]);

  const showRun = useCallback(() => {
    setTab('run');
    setPane('inspector');
  }, []);
  const { openFile, fileError, dismissFileError } = useOpenFile(store, runner, session, showRun);
  const dropped = useCallback((f: File) => void openFile(f), [openFile]);
  const drop = useFileDrop(dropped);
  useShortcuts(store, compare, train);

  // The view's collapse state starts from a default that fits each new model; edits keep it.
  const [view, setView] = useState<{ generation: number; collapse: CollapseState }>(() => ({
    generation: state.generation,
    collapse: defaultCollapse(analysis),
  }));
  if (view.generation !== state.generation) setView({ generation: state.generation, collapse: defaultCollapse(analysis) });
  const collapse = view.collapse;
  const setCollapse = useCallback((f: (c: CollapseState) => CollapseState) => setView((v) => ({ ...v, collapse: f(v.collapse) })), []);
  const layout = useMemo(() => layoutGraph(analysis, collapse), [analysis, collapse]);

  // The selection is what the user picked: a layer, or a block or stage (drawn collapsed or not).
  const [selected, setSelected] = useState<string | null>(null);
  // What the graph should bring into view: a node, or (just expanded) the first member of a group.
  const [focus, setFocus] = useState<(FocusRequest & { group?: boolean }) | null>(null);
  const focusOn = useCallback((key: string, group = false) => setFocus((f) => ({ key, group, seq: (f?.seq ?? 0) + 1 })), []);
  const graphFocus: FocusRequest | null = focus?.group
    ? { key: layout.nodes.filter((n) => n.key.startsWith(`${focus.key}.`)).sort((a, b) => a.y - b.y || a.x - b.x)[0]?.key ?? focus.key, seq: focus.seq }
    : focus;
  const drawn = (key: string | null) => key !== null && layout.nodes.some((n) => n.key === key);
  const known = selected !== null && (selected === 'input' || analysis.byId.has(selected) || isGroup(selected, analysis));
  const current = known ? selected : null;
  // The graph highlights the node itself, or (once it is expanded) the layer that outputs it.
  const highlighted = drawn(current) ? current : drawn(outputLayerOf(current, analysis)) ? outputLayerOf(current, analysis) : null;
  const selectedOutput = outputLayerOf(current, analysis);
  useEffect(() => session?.selectLayer(selectedOutput), [session, selectedOutput]);

  /** Expand or collapse a block or stage; the group becomes the selection and stays in view. */
  const toggle = useCallback(
    (name: string, collapsed: boolean) => {
      setCollapse((c) => setCollapsed(c, name, collapsed));
      setSelected(name);
      // It stays in view: collapsed, the group's own node; expanded, its first member.
      focusOn(name, !collapsed);
    },
    [setCollapse, focusOn],
  );
  const collapseParent = useCallback(
    (key: string) => {
      const group = parentGroup(key, analysis);
      if (group) toggle(group, true);
    },
    [analysis, toggle],
  );

  // Selecting something brings its details to the top of the inspector.
  const inspector = useRef<HTMLElement>(null);
  useEffect(() => {
    if (current) inspector.current?.scrollTo({ top: 0 });
  }, [current]);

  const focusLayer = useCallback(
    (id: string) => {
      const layer = analysis.byId.get(id);
      if (!layer) return;
      setCollapse((c) => reveal(c, layer.layer.name));
      setSelected(id);
      focusOn(id);
    },
    [analysis, setCollapse, focusOn],
  );

  const find = (text: string): string | null => {
    const q = text.trim();
    const layer =
      analysis.layers.find((l) => l.layer.id === q || l.layer.name === q) ??
      analysis.layers.find((l) => l.layer.name.startsWith(q)) ??
      analysis.layers.find((l) => l.layer.name.includes(q));
    if (!layer) return t(phrase('No layer named "{name}" in this model', { name: q }));
    focusLayer(layer.layer.id);
    return null;
  };

  // Phones show one pane; the tour needs the graph, and Escape closes the drawer.
  const phonePane: PhonePane = training ? 'train' : comparing ? 'compare' : pane === 'inspector' ? tab : pane;
  const pickPane = (p: PhonePane) => {
    showSection(p === 'compare' || p === 'train' ? p : 'build');
    if (isInspectorTab(p)) {
      setTab(p);
      setPane('inspector');
    } else if (p !== 'compare' && p !== 'train') setPane(p);
  };
  const startTour = () => {
    setTouring(true);
    setPane('graph');
    showSection('build');
  };
  useEffect(() => {
    if (!drawer) return;
    const key = (e: KeyboardEvent) => e.key === 'Escape' && setDrawer(false);
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [drawer]);
  const drawerOpen = drawer && mode === 'medium';

  const runSelection =
    current && selectedOutput ? { node: current, layerId: selectedOutput, layerName: analysis.byId.get(selectedOutput)?.layer.name ?? selectedOutput } : null;
  const details = <SelectionDetails selected={current} analysis={analysis} layout={layout} onToggle={toggle} />;

  return (
    <LangContext.Provider value={lang}>
      <div className="app" data-mode={mode} data-pane={phonePane} data-section={section === 'build' ? pane : section}>
        <Header
          inert={drawerOpen}
          state={state}
          mode={mode}
          view={section}
          onView={showSection}
          onUndo={() => store.undo()}
          onRedo={() => store.redo()}
          onTour={startTour}
          lang={lang}
          onLang={setLang}
          theme={theme}
          onTheme={cycle}
          drawerOpen={drawerOpen}
          onDrawer={setDrawer}
        />
        {fileError && <Banner text={t(fileError)} onDismiss={dismissFileError} />}
        {state.linkError && <Banner text={t(state.linkError)} onDismiss={() => store.dismissLinkError()} />}
        {comparing && <CompareView store={compare} models={live?.compared ?? null} built={analysis.graph.spec} saved={library} />}
        {training && (
          <TrainView
            store={train}
            current={analysis.graph.spec}
            saved={library}
            fit={fitFashionMnist}
            onUse={async (w) => {
              await sendToRun(store, runner, w);
              showSection('build');
              showRun();
            }}
          />
        )}
        <div className="workspace" hidden={comparing || training}>
          <aside className={`sidebar${drawerOpen ? ' open' : ''}`} id="configurator" aria-label={t('Build')}>
            {drawerOpen && (
              <button type="button" className="drawer-close" onClick={() => setDrawer(false)}>
                {t('Close')}
              </button>
            )}
            <Configurator state={state} onPreset={(n) => store.pickPreset(n)} onDraft={(d, f) => store.editDraft(d, f)} />
          </aside>
          {drawerOpen && <div className="drawer-backdrop" onClick={() => setDrawer(false)} aria-hidden="true" />}
          <main className="main" inert={drawerOpen}>
            {touring && section === 'build' && <Tour analysis={analysis} touch={mode === 'phone'} onFocus={focusLayer} onClose={() => setTouring(false)} />}
            <GraphView
              analysis={analysis}
              layout={layout}
              selected={highlighted}
              onSelect={setSelected}
              onToggle={toggle}
              onCollapseParent={collapseParent}
              refitKey={state.generation}
              focus={graphFocus}
              session={session}
              onOpenActivations={showRun}
              toolbar={
                <GraphToolbar
                  analysis={analysis}
                  onExpandAll={() => setCollapse(() => EXPANDED)}
                  onCollapseAll={() => setCollapse(() => COLLAPSED)}
                  onFind={find}
                  onTable={() => setTable(true)}
                  onDrawing={(f) => void exportDrawing(f, analysis, fileBase)}
                  onCode={setCode}
                  onTfjs={() => runner && void exportTfjs(runner, fileBase)}
                  onOnnx={() => runner && void exportOnnx(runner, fileBase)}
                  tfjsReady={modelReady}
                />
              }
            />
            {mode === 'phone' && current && current !== 'input' && (
              <SelectionBar
                selected={current}
                analysis={analysis}
                expands={layout.nodes.find((n) => n.key === current)?.expands ?? null}
                onDetails={() => pickPane('model')}
                onExpand={(name) => toggle(name, false)}
              />
            )}
          </main>
          <aside className="inspector" aria-label={t('Details')} ref={inspector} inert={drawerOpen}>
            <InspectorTabs tab={tab} onTab={setTab} />
            {tab === 'run' && runner && session && (
              <RunTab runner={runner} session={session} analysis={analysis} selection={runSelection} onOpenImage={dropped}
                weightsOffer={remote && <ImagenetWeightsOffer remote={remote} spec={analysis.graph.spec} />}
              />
            )}
            {tab === 'run' && !session && <p className="muted">{t('Loading TensorFlow.js…')}</p>}
            <div hidden={tab !== 'model'} className="tab-model">
              {current && details}
              {runner ? (
                <RunPanel
                  runner={runner}
                  fileBase={fileBase}
                  onOpenWeights={(f) => void openFile(f, 'weights')}
                  onSwitchSpec={(spec) => store.loadSpec(spec)}
                  networkWeights={remote && <WeightsFromNetwork remote={remote} spec={analysis.graph.spec} />}
                />
              ) : (
                <section className="panel">
                  <h2>{t('Live model')}</h2>
                  <p className="muted" data-testid="model-status" data-status="loading">
                    {t('Loading TensorFlow.js…')}
                  </p>
                </section>
              )}
              <ModelSummary analysis={analysis} onTable={() => setTable(true)} />
              {!current && details}
              <ExportPanel
                fileBase={fileBase}
                runner={runner}
                onCode={setCode}
                onOpenSpec={dropped}
                onSave={(name) => setLibrary(saveToLibrary(storage, name, analysis.graph.spec))}
                saved={library.length}
              />
            </div>
          </aside>
        </div>
        {mode === 'phone' && <BottomTabs active={phonePane} onPick={pickPane} />}
        <DropOverlay kinds={drop.kinds} />
        <CodeDialog key={code ?? 'closed'} kind={code} analysis={analysis} fileBase={fileBase} onClose={() => setCode(null)} />
        <LayerTableDialog open={table} analysis={analysis} onClose={() => setTable(false)} />
      </div>
    </LangContext.Provider>
  );
}

function InspectorTabs({ tab, onTab }: { tab: InspectorTab; onTab: (t: InspectorTab) => void }) {
  const t = useT();
  return (
    <div className="tabs" role="tablist" aria-label={t('Panels')}>
      {INSPECTOR_TABS.map((x) => (
        <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} onClick={() => onTab(x.id)}>
          {t(x.label)}
        </button>
      ))}
    </div>
  );
}

function Banner({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  const t = useT();
  return (
    <div className="banner" role="alert">
      {text}
      <button type="button" className="link" onClick={onDismiss}>
        {t('Dismiss')}
      </button>
    </div>
  );
}
