import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { presetLabel, summaryCsv, summaryMarkdown } from '../core';
import { COLLAPSED, EXPANDED, defaultCollapse, reveal, setCollapsed, type CollapseState } from '../layout/collapse';
import { layoutGraph } from '../layout/layout';
import type { CompareModels } from '../runtime/compareModels';
import type { InferenceSession } from '../runtime/inference';
import type { CompareStore } from '../state/compareStore';
import { loadLibrary, saveToLibrary, type KeyValueStore, type SavedModel } from '../state/library';
import { CompareView } from './compare/CompareView';
import type { ModelRunner } from '../runtime/runner';
import type { ModelStore } from '../state/modelStore';
import { Configurator } from './Configurator';
import { download, standaloneSvg, svgToPng } from './graph/exportGraph';
import { GraphView, type FocusRequest } from './graph/GraphView';
import { ModelSummary, SelectionDetails } from './Inspector';
import { ExportPanel } from './ExportPanel';
import { RunPanel } from './RunPanel';
import { RunTab } from './run/RunTab';
import type { TrainStore } from '../state/trainStore';
import { TrainView } from './train/TrainView';
import { sendToRun } from './train/sendToRun';
import { fitFashionMnist } from './train/fashionMnistFit';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|avif)$/i;

/** The layer whose activations a selected node stands for: itself, or a block's or stage's output. */
function outputLayerOf(key: string | null, a: import('../core').ModelAnalysis): string | null {
  if (!key || key === 'input') return null;
  if (a.byId.has(key)) return key;
  for (const st of a.graph.stages) {
    if (st.name === key) return st.blocks.at(-1)!.outputId;
    const b = st.blocks.find((x) => x.name === key);
    if (b) return b.outputId;
  }
  return null;
}
import { LangContext, translate, useLangChoice } from '../i18n/i18n';
import { Tour, tourDone } from './learn/Tour';
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

function modelFileName(preset: string | null): string {
  return preset ?? 'custom-resnet';
}

export interface LiveParts {
  runner: ModelRunner;
  session: InferenceSession;
  compared: CompareModels;
}

export function App({ store, compare, train, runnerLoader }: { store: ModelStore; compare: CompareStore; train: TrainStore; runnerLoader: Promise<LiveParts> }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const training = useSyncExternalStore(train.subscribe, () => train.getState().open);
  const comparing = useSyncExternalStore(compare.subscribe, () => compare.getState().open) && !training;
  const [live, setLive] = useState<LiveParts | null>(null);
  useEffect(() => {
    void runnerLoader.then(setLive);
  }, [runnerLoader]);
  const runner = live?.runner ?? null;
  const session = live?.session ?? null;
  const [tab, setTab] = useState<'model' | 'run'>('model');
  const [lang, setLang] = useLangChoice();
  const t = (text: string) => translate(lang, text);
  const [touring, setTouring] = useState(() => !tourDone());
  const [library, setLibrary] = useState<SavedModel[]>(() => loadLibrary(storage));
  const { analysis } = state;
  const { theme, cycle } = useTheme();
  const [fileError, setFileError] = useState<string | null>(null);

  // The live model follows the configured one.
  useEffect(() => runner?.setSpec(analysis), [runner, analysis]);

  const openFile = useCallback(
    async (file: File) => {
      setFileError(null);
      const name = file.name.toLowerCase();
      const isImage = file.type.startsWith('image/') || IMAGE_EXTENSIONS.test(name);
      if (isImage || !(name.endsWith('.safetensors') || name.endsWith('.json'))) {
        if (!session) {
          setFileError('TensorFlow.js is still loading; give it the image again in a moment.');
          return;
        }
        setTab('run');
        await session.setImage(file, file.name);
      } else if (name.endsWith('.safetensors')) {
        if (!runner) {
          setFileError('TensorFlow.js is still loading; drop the weights again in a moment.');
          return;
        }
        await runner.loadWeights(file.name, new Uint8Array(await file.arrayBuffer()));
      } else if (name.endsWith('.json')) {
        let raw: unknown;
        try {
          raw = JSON.parse(await file.text());
        } catch {
          setFileError(`${file.name} is not valid JSON, so no model was opened from it.`);
          return;
        }
        const errors = store.loadSpec(raw);
        if (errors.length) setFileError(`${file.name} is not a model spec this app can build: ${errors.map((e) => e.message).join('; ')}`);
      }
    },
    [runner, session, store],
  );

  // Paste a picture from the clipboard.
  useEffect(() => {
    const paste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return;
      e.preventDefault();
      void openFile(new File([file], file.name || 'pasted image', { type: file.type }));
    };
    window.addEventListener('paste', paste);
    return () => window.removeEventListener('paste', paste);
  }, [openFile]);

  // Drop a file anywhere on the page.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void openFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);

  // The view's collapse state starts from a default that fits each new model; edits keep it.
  const [view, setView] = useState<{ generation: number; collapse: CollapseState }>(() => ({
    generation: state.generation,
    collapse: defaultCollapse(analysis),
  }));
  if (view.generation !== state.generation) setView({ generation: state.generation, collapse: defaultCollapse(analysis) });
  const collapse = view.collapse;
  const setCollapse = useCallback(
    (f: (c: CollapseState) => CollapseState) => setView((v) => ({ ...v, collapse: f(v.collapse) })),
    [],
  );

  const layout = useMemo(() => layoutGraph(analysis, collapse), [analysis, collapse]);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [query, setQuery] = useState('');
  const [findError, setFindError] = useState<string | null>(null);

  // A selected block or stage that has since been expanded stands for its output layer.
  const drawn = (key: string | null) => key !== null && layout.nodes.some((n) => n.key === key);
  const selectedShown = drawn(selected) ? selected : drawn(outputLayerOf(selected, analysis)) ? outputLayerOf(selected, analysis) : null;
  const selectedOutput = outputLayerOf(selectedShown, analysis);
  useEffect(() => session?.selectLayer(selectedOutput), [session, selectedOutput]);

  const onToggle = useCallback((name: string, collapsed: boolean) => setCollapse((c) => setCollapsed(c, name, collapsed)), [setCollapse]);

  const find = (text: string) => {
    const q = text.trim();
    if (!q) return;
    const layer =
      analysis.layers.find((l) => l.layer.id === q || l.layer.name === q) ??
      analysis.layers.find((l) => l.layer.name.startsWith(q)) ??
      analysis.layers.find((l) => l.layer.name.includes(q));
    if (!layer) {
      setFindError(`No layer named "${q}" in this model`);
      return;
    }
    setFindError(null);
    setCollapse((c) => reveal(c, layer.layer.name));
    setSelected(layer.layer.id);
    setFocus((f) => ({ key: layer.layer.id, seq: (f?.seq ?? 0) + 1 }));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || (e.target as Element | null)?.closest?.('[data-own-undo]')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) store.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') store.redo();
      else return;
      e.preventDefault();
    };
    const onPop = () => {
      store.syncFromUrl();
      compare.syncFromUrl();
      train.syncFromUrl();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('popstate', onPop);
    };
  }, [store, compare, train]);

  const exportMenu = useRef<HTMLDetailsElement>(null);
  const exportAs = async (format: 'svg' | 'png' | 'csv' | 'md') => {
    if (exportMenu.current) exportMenu.current.open = false;
    const name = modelFileName(state.preset);
    if (format === 'csv') return download(`${name}-layers.csv`, summaryCsv(analysis), 'text/csv');
    if (format === 'md') return download(`${name}-layers.md`, summaryMarkdown(analysis), 'text/markdown');
    const svg = document.querySelector<SVGSVGElement>('[data-testid="architecture-graph"]')!;
    const text = standaloneSvg(svg, layout.width, layout.height);
    if (format === 'svg') return download(`${name}-graph.svg`, text, 'image/svg+xml');
    download(`${name}-graph.png`, await svgToPng(text, layout.width + 32, layout.height + 32));
  };

  const focusLayer = useCallback(
    (id: string) => {
      const layer = analysis.byId.get(id);
      if (!layer) return;
      setCollapse((c) => reveal(c, layer.layer.name));
      setSelected(id);
      setFocus((f) => ({ key: id, seq: (f?.seq ?? 0) + 1 }));
    },
    [analysis, setCollapse],
  );

  const layerNames = useMemo(() => [...new Set(analysis.layers.map((l) => l.layer.name))], [analysis]);

  return (
    <LangContext.Provider value={lang}>
    <div className="app">
      <header className="app-header">
        <h1>
          <span className="logo" aria-hidden="true" />
          ResNet Explorer
        </h1>
        <p className="tagline">
          {state.preset ? presetLabel(state.preset) : 'Custom ResNet'} · {analysis.depth} layers deep ·{' '}
          {(analysis.params / 1e6).toFixed(1)} M parameters · {(analysis.macs / 1e9).toFixed(2)} GMACs
        </p>
        <nav className="views" role="tablist" aria-label="Views">
          <button type="button" role="tab" aria-selected={!comparing && !training} onClick={() => (train.setOpen(false), compare.setOpen(false))}>
            {t('Build')}
          </button>
          <button type="button" role="tab" aria-selected={comparing} onClick={() => (train.setOpen(false), compare.setOpen(true))}>
            {t('Compare')}
          </button>
          <button type="button" role="tab" aria-selected={training} onClick={() => (compare.setOpen(false), train.setOpen(true))}>
            {t('Train')}
          </button>
        </nav>
        <span className="spacer" />
        <button type="button" onClick={() => store.undo()} disabled={!state.canUndo} title="Undo (Ctrl+Z)">
          {t('Undo')}
        </button>
        <button type="button" onClick={() => store.redo()} disabled={!state.canRedo} title="Redo (Ctrl+Shift+Z)">
          {t('Redo')}
        </button>
        <button type="button" onClick={() => setTouring(true)}>
          {t('Guided tour')}
        </button>
        <select aria-label="Language" value={lang} onChange={(e) => setLang(e.target.value as 'en' | 'ko')}>
          <option value="en">English</option>
          <option value="ko">한국어</option>
        </select>
        <button type="button" onClick={cycle} aria-label={`Theme: ${theme}`} title="Theme: system, light or dark">
          {t(`Theme: ${theme}`)}
        </button>
      </header>
      {fileError && (
        <div className="banner" role="alert">
          {fileError}
          <button type="button" className="link" onClick={() => setFileError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {state.linkError && (
        <div className="banner" role="alert">
          {state.linkError}
          <button type="button" className="link" onClick={() => store.dismissLinkError()}>
            Dismiss
          </button>
        </div>
      )}
      {comparing && <CompareView store={compare} models={live?.compared ?? null} built={analysis.graph.spec} saved={library} />}
      {training && (
        <TrainView
          store={train}
          current={analysis.graph.spec}
          saved={library}
          fit={fitFashionMnist}
          onUse={async (w) => {
            await sendToRun(store, runner, w);
            train.setOpen(false);
            setTab('run');
          }}
        />
      )}
      <div className="workspace" hidden={comparing || training}>
        <aside className="sidebar" aria-label="Build">
          <Configurator state={state} onPreset={(n) => store.pickPreset(n)} onDraft={(d, f) => store.editDraft(d, f)} />
        </aside>
        <main className="main">
          {touring && !comparing && <Tour analysis={analysis} onFocus={focusLayer} onClose={() => setTouring(false)} />}
          <GraphView
            analysis={analysis}
            layout={layout}
            selected={selectedShown}
            onSelect={setSelected}
            onToggle={onToggle}
            refitKey={state.generation}
            focus={focus}
            toolbar={
              <>
                <button type="button" onClick={() => setCollapse(() => EXPANDED)}>
                  {t('Expand all')}
                </button>
                <button type="button" onClick={() => setCollapse(() => COLLAPSED)}>
                  {t('Collapse all')}
                </button>
                <form
                  className="find"
                  role="search"
                  onSubmit={(e) => {
                    e.preventDefault();
                    find(query);
                  }}
                >
                  <input
                    type="search"
                    aria-label="Find layer"
                    placeholder="Find layer, e.g. layer3.2.conv2"
                    list="layer-names"
                    value={query}
                    data-own-undo
                    aria-invalid={findError ? true : undefined}
                    onChange={(e) => {
                      setQuery(e.target.value);
                      setFindError(null);
                    }}
                  />
                  <datalist id="layer-names">
                    {layerNames.map((n) => (
                      <option key={n} value={n} />
                    ))}
                  </datalist>
                  <button type="submit">{t('Find')}</button>
                  {findError && (
                    <span className="field-error" role="alert">
                      {findError}
                    </span>
                  )}
                </form>
                <details className="menu" ref={exportMenu}>
                  <summary>{t('Export')}</summary>
                  <div className="menu-items">
                    <button type="button" onClick={() => void exportAs('svg')}>
                      {t('Graph as SVG')}
                    </button>
                    <button type="button" onClick={() => void exportAs('png')}>
                      {t('Graph as PNG')}
                    </button>
                    <button type="button" onClick={() => void exportAs('csv')}>
                      {t('Layer table as CSV')}
                    </button>
                    <button type="button" onClick={() => void exportAs('md')}>
                      {t('Layer table as Markdown')}
                    </button>
                  </div>
                </details>
              </>
            }
          />
        </main>
        <aside className="inspector" aria-label="Details">
          <div className="tabs" role="tablist" aria-label="Panels">
            <button type="button" role="tab" aria-selected={tab === 'model'} onClick={() => setTab('model')}>
              {t('Model')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'run'} onClick={() => setTab('run')}>
              {t('Run')}
            </button>
          </div>
          {tab === 'run' && runner && session && (
            <RunTab
              runner={runner}
              session={session}
              analysis={analysis}
              selectedName={selectedOutput ? (analysis.byId.get(selectedOutput)?.layer.name ?? null) : null}
              onOpenImage={(f) => void openFile(f)}
            />
          )}
          {tab === 'run' && !session && <p className="muted">Loading TensorFlow.js…</p>}
          <div hidden={tab !== 'model'} className="tab-model">
          {runner ? (
            <RunPanel
              runner={runner}
              fileBase={modelFileName(state.preset)}
              onOpenWeights={(f) => void openFile(f)}
              onSwitchSpec={(spec) => store.loadSpec(spec)}
            />
          ) : (
            <section className="panel">
              <h2>Live model</h2>
              <p className="muted" data-testid="model-status" data-status="loading">
                Loading TensorFlow.js…
              </p>
            </section>
          )}
          <ModelSummary analysis={analysis} />
          <SelectionDetails selected={selectedShown} analysis={analysis} layout={layout} onExpand={(n) => onToggle(n, false)} />
          <ExportPanel
            analysis={analysis}
            fileBase={modelFileName(state.preset)}
            runner={runner}
            onOpenSpec={(f) => void openFile(f)}
            onSave={(name) => setLibrary(saveToLibrary(storage, name, analysis.graph.spec))}
            saved={library.length}
          />
          </div>
        </aside>
      </div>
    </div>
    </LangContext.Provider>
  );
}
