/**
 * The Build view: the configurator (a drawer on medium screens), the graph with its toolbar (and the tour and
 * the phone's selection bar), and the inspector. Everything it shows comes from the model and view stores.
 */
import { useCallback, useRef } from 'react';
import type { ModelState, ModelStore } from '../../state/modelStore';
import { focusTarget, highlightedNode, type ViewState, type ViewStore } from '../../state/viewStore';
import { useT } from '../../i18n/i18n';
import { Configurator } from '../Configurator';
import { GraphToolbar } from '../GraphToolbar';
import { GraphView, type GraphHandle } from '../graph/GraphView';
import { Tour } from '../learn/Tour';
import type { FileKind } from '../fileKind';
import { InspectorPane } from './InspectorPane';
import { SelectionBar } from './SelectionBar';
import { useExports } from './useExports';
import type { LayoutMode } from './useLayoutMode';
import type { LiveParts } from './useLive';

interface Props {
  store: ModelStore;
  model: ModelState;
  view: ViewStore;
  v: ViewState;
  live: LiveParts | null;
  ready: boolean;
  mode: LayoutMode;
  drawerOpen: boolean;
  fileBase: string;
  openFiles: (files: File[], as?: FileKind) => void;
  library: { saved: number; save: (name: string) => void };
  /** Drawn over the graph (the lab's switched-off blocks). */
  graphOverlay?: React.ReactNode;
}

export function BuildView({ store, model, view, v, live, ready, mode, drawerOpen, fileBase, openFiles, library, graphOverlay }: Props) {
  const t = useT();
  const graph = useRef<GraphHandle>(null);
  const exports = useExports(graph, v.analysis, fileBase, live?.runner ?? null);
  const { analysis, selected, layout } = v;
  const closeDrawer = () => view.setDrawer(false);
  // The tour focuses each step's layer in an effect keyed on this callback: it must stay the same.
  const tourFocus = useCallback((id: string) => view.focusLayer(id), [view]);
  return (
    <main className="workspace" hidden={v.section !== 'build'}>
      <section
        className={`sidebar${drawerOpen ? ' open' : ''}`}
        id="configurator"
        aria-label={t('Build')}
        role={drawerOpen ? 'dialog' : undefined}
        aria-modal={drawerOpen || undefined}
      >
        {/* The open drawer is a modal dialog: the keyboard starts in it, on its Close button. */}
        {drawerOpen && (
          <button type="button" className="drawer-close" autoFocus onClick={closeDrawer}>
            {t('Close')}
          </button>
        )}
        <Configurator state={model} onPreset={(n) => store.pickPreset(n)} onDraft={(d, f) => store.editDraft(d, f)} />
      </section>
      {drawerOpen && <div className="drawer-backdrop" onClick={closeDrawer} aria-hidden="true" />}
      <section className="main" aria-label={t('Graph')} inert={drawerOpen}>
        {v.touring && v.section === 'build' && (
          <Tour analysis={analysis} touch={mode === 'phone'} onFocus={tourFocus} onClose={() => view.endTour()} />
        )}
        <GraphView
          ref={graph}
          analysis={analysis}
          layout={layout}
          selected={highlightedNode(v)}
          onSelect={(k) => view.select(k)}
          onToggle={(n, c) => view.toggle(n, c)}
          onCollapseParent={(k) => view.collapseParent(k)}
          refitKey={v.generation}
          focus={focusTarget(v.focus, layout)}
          session={live?.session ?? null}
          onOpenActivations={() => view.showRun()}
          overlay={graphOverlay}
          toolbar={
            <GraphToolbar
              analysis={analysis}
              onExpandAll={() => view.expandAll()}
              onCollapseAll={() => view.collapseAll()}
              onFind={(q) => view.find(q)}
              onTable={() => view.showTable(true)}
              onDrawing={exports.drawing}
              onCode={(k) => view.showCode(k)}
              onTfjs={exports.tfjs}
              onOnnx={exports.onnx}
              tfjsReady={ready}
            />
          }
        />
        {mode === 'phone' && selected && selected !== 'input' && (
          <SelectionBar
            selected={selected}
            analysis={analysis}
            expands={layout.nodes.find((n) => n.key === selected)?.expands ?? null}
            onDetails={() => view.pickPane('model')}
            onExpand={(name) => view.toggle(name, false)}
          />
        )}
      </section>
      <InspectorPane
        store={store}
        view={view}
        v={v}
        live={live}
        inert={drawerOpen}
        fileBase={fileBase}
        openFiles={openFiles}
        saved={library.saved}
        onSave={library.save}
      />
    </main>
  );
}
