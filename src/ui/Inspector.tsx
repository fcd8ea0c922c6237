/** The right-hand panel: the model's totals and chart, and the details of the selected node. */
import { formatCount, formatMB, formatShape, phrase, type LayerStats, type ModelAnalysis, type Phrase } from '../core';
import { useContext } from 'react';
import { LangContext, useT } from '../i18n/i18n';
import type { GraphLayout } from '../layout/layout';
import { summarize } from '../layout/selection';
import { explain } from './learn/explain';
import { StageChart } from './StageChart';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  const t = useT();
  return (
    <>
      <dt>{t(label)}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

export function ModelSummary({ analysis, onTable }: { analysis: ModelAnalysis; onTable: () => void }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('Model')}</h2>
      <dl className="stats">
        <Row label={t('Parameters')} testId="total-params">
          {formatCount(analysis.params)}
        </Row>
        <Row label="MACs" testId="total-macs">
          {formatCount(analysis.macs)}
        </Row>
        <Row label="GMACs">{(analysis.macs / 1e9).toFixed(2)}</Row>
        <Row label={t('Weighted depth')} testId="depth">
          {analysis.depth}
        </Row>
        <Row label={t('Weights (fp32)')} testId="weight-size">
          {formatMB(analysis.weightBytes)}
        </Row>
        <Row label={t('Activations (fp32)')}>{formatMB(analysis.activations * 4)}</Row>
        <Row label={t('Output')}>{formatShape(analysis.output)}</Row>
      </dl>
      <StageChart analysis={analysis} />
      <button type="button" className="secondary" onClick={onTable}>
        {t('See every layer')}
      </button>
    </section>
  );
}

function partName(s: LayerStats, a: ModelAnalysis): Phrase {
  const p = s.layer.part;
  if (p.kind === 'stem') return phrase('Stem');
  if (p.kind === 'head') return phrase('Head');
  const stage = a.graph.stages[p.stage].name;
  return phrase(s.layer.onShortcut ? '{stage}, block {n} (projection shortcut)' : '{stage}, block {n}', { stage, n: p.block });
}

function LayerDetails({ s, a }: { s: LayerStats; a: ModelAnalysis }) {
  const t = useT();
  const l = s.layer;
  return (
    <dl className="stats">
      <Row label="Type" testId="selected-type">
        {l.type === 'Add' ? t('Add (residual sum)') : l.type}
      </Row>
      <Row label="Part">{t(partName(s, a))}</Row>
      {l.kernel !== undefined && <Row label="Kernel">{`${l.kernel}×${l.kernel}`}</Row>}
      {l.stride !== undefined && <Row label="Stride">{l.stride}</Row>}
      {l.padding !== undefined && <Row label="Padding">{l.padding}</Row>}
      {l.groups !== undefined && <Row label="Groups">{l.groups}</Row>}
      <Row label="Input">{formatShape(s.inShape)}</Row>
      <Row label="Output">
        <span data-testid="selected-shape">{formatShape(s.outShape)}</span>
      </Row>
      <Row label="Parameters">{formatCount(s.params)}</Row>
      <Row label="MACs">{formatCount(s.macs)}</Row>
      <Row label="Activation">{t('{n} values ({mb})', { n: formatCount(s.activations), mb: formatMB(s.activations * 4) })}</Row>
      <Row label="Receptive field">{t('{rf}×{rf} px, jump {jump}', { rf: s.receptiveField, jump: s.jump })}</Row>
      {l.inputs.length > 1 && (
        <Row label="Inputs">
          {l.inputs.map((i) => `${i.from.replace(/#\d+$/, '')} (${t(i.kind)})`).join(' + ')}
        </Row>
      )}
    </dl>
  );
}

/** A block's or a stage's summary: what it is, what goes in and out, and what it costs. */
function GroupDetails({ name, a, drawn, onToggle }: { name: string; a: ModelAnalysis; drawn: boolean; onToggle: (name: string, collapsed: boolean) => void }) {
  const t = useT();
  const g = summarize(name, a);
  if (!g) return null;
  return (
    <>
      <dl className="stats">
        <Row label={t('Type')} testId="selected-type">
          {g.type}
        </Row>
        {g.blocks !== undefined && <Row label={t('Blocks')}>{g.blocks}</Row>}
        <Row label={t('Layers')}>{g.layers}</Row>
        <Row label={t('Input')}>{formatShape(g.inShape)}</Row>
        <Row label={t('Output')}>
          <span data-testid="selected-shape">{formatShape(g.outShape)}</span>
        </Row>
        <Row label={t('Parameters')} testId="selected-params">
          {formatCount(g.params)}
        </Row>
        <Row label="MACs" testId="selected-macs">
          {formatCount(g.macs)}
        </Row>
        <Row label={t('Receptive field')}>{`${g.receptiveField}×${g.receptiveField} px`}</Row>
      </dl>
      <button type="button" onClick={() => onToggle(name, !drawn)}>
        {t(drawn ? 'Expand {name}' : 'Collapse {name}', { name })}
      </button>
    </>
  );
}

export function SelectionDetails({
  selected,
  analysis,
  layout,
  onToggle,
}: {
  selected: string | null;
  analysis: ModelAnalysis;
  layout: GraphLayout;
  onToggle: (name: string, collapsed: boolean) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const node = selected ? layout.nodes.find((n) => n.key === selected) : undefined;
  const stats = selected ? analysis.byId.get(selected) : undefined;
  const about = selected ? explain(selected, analysis, lang) : null;
  return (
    <section className="panel" aria-labelledby="selection-title" data-testid="layer-details">
      <h2 id="selection-title">{selected ? (node?.name ?? stats?.layer.name ?? selected) : t('Layer')}</h2>
      {!selected && <p className="muted">{t('Select a node in the graph (click it, or Tab to it and press Enter) to see its details.')}</p>}
      {selected === 'input' && (
        <dl className="stats">
          <Row label="Input">{node?.shape}</Row>
        </dl>
      )}
      {stats && <LayerDetails s={stats} a={analysis} />}
      {!stats && selected && selected !== 'input' && <GroupDetails name={selected} a={analysis} drawn={!!node} onToggle={onToggle} />}
      {about && (
        <div className="explanation" data-testid="explanation">
          <h3>
            {t('What this does')}: {about.title}
          </h3>
          {about.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
    </section>
  );
}
