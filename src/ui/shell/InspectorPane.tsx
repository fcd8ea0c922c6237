/** The right-hand column: the Model tab (selection, live model, summary, exports) and the Run tab. */
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useT } from '../../i18n/i18n';
import type { ModelStore } from '../../state/modelStore';
import { selectedOutput, type ViewState, type ViewStore } from '../../state/viewStore';
import { ExportPanel } from '../ExportPanel';
import { ModelSummary, SelectionDetails } from '../Inspector';
import { RunTab } from '../run/RunTab';
import { RunPanel } from '../RunPanel';
import { HubNamesNote } from '../weights/HubNamesNote';
import { ImagenetWeightsOffer, WeightsFromNetwork } from '../weights/WeightsFromNetwork';
import type { FileKind } from '../fileKind';
import type { CodeKind } from '../export/CodeDialog';
import type { ResNetSpec } from '../../core';
import { INSPECTOR_TABS, type InspectorTab } from '../../state/panes';
import { onTablistKey, rovingTabIndex } from './tablistKeys';
import type { LiveParts } from './useLive';

interface Props {
  store: ModelStore;
  view: ViewStore;
  v: ViewState;
  live: LiveParts | null;
  inert: boolean;
  fileBase: string;
  openFiles: (files: File[], as?: FileKind) => void;
  saved: number;
  onSave: (name: string) => void;
}

export function InspectorPane({ store, view, v, live, inert, fileBase, openFiles, saved, onSave }: Props) {
  const t = useT();
  const { analysis, selected } = v;
  const { runner = null, session = null, remote = null } = live ?? {};
  const output = selectedOutput(v);
  const runSelection = selected && output ? { node: selected, layerId: output, layerName: analysis.byId.get(output)?.layer.name ?? output } : null;
  const details = <SelectionDetails selected={selected} analysis={analysis} layout={v.layout} onToggle={(n, c) => view.toggle(n, c)} />;
  const openOne = (f: File) => openFiles([f]);
  // The live model's and the exports' panels do not show the model's layers: with stable callbacks and elements
  // they skip an edit's render.
  const openWeights = useCallback((f: File) => openFiles([f], 'weights'), [openFiles]);
  const switchSpec = useCallback((spec: ResNetSpec) => store.loadSpec(spec), [store]);
  const showCode = useCallback((k: CodeKind) => view.showCode(k), [view]);
  const openSpec = useCallback((files: File[]) => openFiles(files), [openFiles]);
  const setTab = useCallback((tab: InspectorTab) => view.setTab(tab), [view]);
  const hub = remote?.hub;
  const namesNote = useMemo(() => runner && hub && <HubNamesNote hub={hub} runner={runner} />, [runner, hub]);
  const spec = analysis.graph.spec;
  const networkWeights = useMemo(() => remote && <WeightsFromNetwork remote={remote} spec={spec} />, [remote, spec]);

  // Selecting something brings its details to the top.
  const pane = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected) pane.current?.scrollTo({ top: 0 });
  }, [selected]);

  return (
    <section className="inspector" aria-label={t('Details')} ref={pane} inert={inert}>
      <InspectorTabs tab={v.tab} onTab={setTab} />
      <div hidden={v.tab !== 'run'} className="tab-run" role="tabpanel" id="panel-run" aria-labelledby="tab-run">
        {v.tab === 'run' && runner && session && (
          <RunTab runner={runner} session={session} analysis={analysis} selection={runSelection} onOpenImage={openOne}
            weightsOffer={remote && <ImagenetWeightsOffer remote={remote} spec={analysis.graph.spec} />}
          />
        )}
        {v.tab === 'run' && !session && <p className="muted">{t('Loading TensorFlow.js…')}</p>}
      </div>
      <div hidden={v.tab !== 'model'} className="tab-model" role="tabpanel" id="panel-model" aria-labelledby="tab-model">
        {selected && details}
        {runner ? (
          <LiveModel
            runner={runner}
            fileBase={fileBase}
            onOpenWeights={openWeights}
            onSwitchSpec={switchSpec}
            networkWeights={networkWeights}
          />
        ) : (
          <section className="panel">
            <h2>{t('Live model')}</h2>
            <p className="muted" data-testid="model-status" data-status="loading">
              {t('Loading TensorFlow.js…')}
            </p>
          </section>
        )}
        <ModelSummary analysis={analysis} onTable={() => view.showTable(true)} />
        {!selected && details}
        <Exports fileBase={fileBase} runner={runner} onCode={showCode} onOpenSpec={openSpec} onSave={onSave} saved={saved} note={namesNote} />
      </div>
    </section>
  );
}

const Exports = memo(ExportPanel);
const LiveModel = memo(RunPanel);

const InspectorTabs = memo(function InspectorTabs({ tab, onTab }: { tab: InspectorTab; onTab: (t: InspectorTab) => void }) {
  const t = useT();
  return (
    <div className="tabs" role="tablist" aria-label={t('Panels')} onKeyDown={onTablistKey}>
      {INSPECTOR_TABS.map((x) => (
        <button
          key={x.id}
          type="button"
          role="tab"
          id={`tab-${x.id}`}
          aria-controls={`panel-${x.id}`}
          aria-selected={tab === x.id}
          tabIndex={rovingTabIndex(tab === x.id)}
          onClick={() => onTab(x.id)}
        >
          {t(x.label)}
        </button>
      ))}
    </div>
  );
});
