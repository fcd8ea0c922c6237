/**
 * The page: the header, then Build (configurator, graph, inspector), Compare or Train; three columns, the
 * configurator in a drawer on medium screens, one pane at a time on phones. The stores hold the state
 * (model, view, compare, train); the hooks in `shell/` hold the wiring; this component only composes.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { CompareStore } from '../state/compareStore';
import type { LabStore } from '../state/labStore';
import type { ModelStore } from '../state/modelStore';
import type { TrainStore } from '../state/trainStore';
import { phonePane, selectedOutput, type ViewStore } from '../state/viewStore';
import { LangContext, useLangChoice } from '../i18n/i18n';
import { CompareView } from './compare/CompareView';
import { CodeDialog } from './export/CodeDialog';
import { modelFileName } from './export/exportActions';
import { LayerTableDialog } from './export/LayerTable';
import { Banner } from './shell/Banner';
import { BottomTabs } from './shell/BottomTabs';
import { BuildView } from './shell/BuildView';
import { DropOverlay } from './shell/DropOverlay';
import { Header } from './shell/Header';
import { useFileDrop } from './shell/useFileDrop';
import { useLayoutMode } from './shell/useLayoutMode';
import { useLibrary } from './shell/useLibrary';
import { useLive, type LiveParts } from './shell/useLive';
import { useOpenFile } from './shell/useOpenFile';
import { useShortcuts } from './shell/useShortcuts';
import { fitFashionMnist } from './train/fashionMnistFit';
import { sendToRun } from './train/sendToRun';
import { TrainView } from './train/TrainView';
import { LabGraphOverlay } from './lab/GraphOverlay';
import { LabView } from './lab/LabView';
import { useTheme } from './useTheme';

export type { LiveParts };

interface Props {
  store: ModelStore;
  view: ViewStore;
  compare: CompareStore;
  train: TrainStore;
  lab: LabStore;
  runnerLoader: Promise<LiveParts>;
}

export function App({ store, view, compare, train, lab, runnerLoader }: Props) {
  const model = useSyncExternalStore(store.subscribe, store.getState);
  const v = useSyncExternalStore(view.subscribe, view.getState);
  const { analysis } = model;
  const { live, ready } = useLive(runnerLoader, analysis, selectedOutput(v));
  const runner = live?.runner ?? null;
  const [lang, setLang] = useLangChoice();
  const { theme, cycle } = useTheme();
  const mode = useLayoutMode();
  const library = useLibrary();
  const fileBase = modelFileName(model.preset);
  const showRun = useCallback(() => view.showRun(), [view]);
  const { openFiles, fileError, dismissFileError } = useOpenFile(store, runner, live?.session ?? null, showRun);
  const drop = useFileDrop(openFiles);
  useShortcuts(store, compare, train, view);
  const drawerOpen = v.drawer && mode === 'medium';
  const spec = analysis.graph.spec;
  // Saving names the model built when the button is pressed; the callback stays the same across edits, so the
  // panels that hold it do not re-render on an edit.
  const specNow = useRef(spec);
  useLayoutEffect(() => {
    specNow.current = spec;
  }, [spec]);
  const { save } = library;
  const saveBuilt = useCallback((name: string) => save(name, specNow.current), [save]);
  // The dialogs, closed, do not follow the model: an edit does not re-render them.
  const codeKind = v.code;
  const codeAnalysis = codeKind ? analysis : null;
  const codeDialog = useMemo(
    () => <CodeDialog key={codeKind ?? 'closed'} kind={codeKind} analysis={codeAnalysis ?? analysis} fileBase={fileBase} onClose={() => view.showCode(null)} />,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `analysis` counts only while the dialog is open (codeAnalysis)
    [codeKind, codeAnalysis, fileBase, view],
  );
  const tableAnalysis = v.table ? analysis : null;
  const tableDialog = useMemo(
    () => <LayerTableDialog open={v.table} analysis={tableAnalysis ?? analysis} onClose={() => view.showTable(false)} />,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `analysis` counts only while the dialog is open (tableAnalysis)
    [v.table, tableAnalysis, view],
  );

  return (
    <LangContext.Provider value={lang}>
      <div className="app" data-mode={mode} data-pane={phonePane(v)} data-section={v.section === 'build' ? v.pane : v.section}>
        <Header
          inert={drawerOpen}
          state={model}
          mode={mode}
          view={v.section}
          onView={(s) => view.showSection(s)}
          onUndo={() => store.undo()}
          onRedo={() => store.redo()}
          onTour={() => view.startTour()}
          lang={lang}
          onLang={setLang}
          theme={theme}
          onTheme={cycle}
          drawerOpen={drawerOpen}
          onDrawer={(open) => view.setDrawer(open)}
        />
        {fileError && <Banner text={fileError} onDismiss={dismissFileError} />}
        {model.linkError && <Banner text={model.linkError} onDismiss={() => store.dismissLinkError()} />}
        {v.section === 'compare' && <CompareView store={compare} models={live?.compared ?? null} built={spec} saved={library.saved} />}
        {v.section === 'train' && (
          <TrainView
            store={train}
            current={spec}
            saved={library.saved}
            fit={fitFashionMnist}
            onUse={async (w) => {
              await sendToRun(store, runner, w);
              view.showSection('build');
              view.showRun();
            }}
            onStudy={async (index) => {
              await lab.studyRun(index, (w) => sendToRun(store, runner, w));
              view.showSection('lab');
            }}
          />
        )}
        {v.section === 'lab' && <LabView store={lab} train={train} />}
        <BuildView
          store={store}
          model={model}
          view={view}
          v={v}
          live={live}
          ready={ready}
          mode={mode}
          drawerOpen={drawerOpen}
          fileBase={fileBase}
          openFiles={openFiles}
          library={{ saved: library.saved.length, save: saveBuilt }}
          graphOverlay={<LabGraphOverlay lab={lab} analysis={analysis} layout={v.layout} selected={v.selected} onOpenLab={() => view.showSection('lab')} />}
        />
        {mode === 'phone' && <BottomTabs active={phonePane(v)} onPick={(p) => view.pickPane(p)} />}
        <DropOverlay kinds={drop.kinds} />
        {codeDialog}
        {tableDialog}
      </div>
    </LangContext.Provider>
  );
}
