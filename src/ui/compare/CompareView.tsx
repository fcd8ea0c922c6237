/**
 * Two to four variants side by side, all at one input size: aligned graphs (a stage opens to its blocks), a
 * table of figures, charts and predictions.
 */
import { Fragment, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  analyseAt,
  compareSizeOptions,
  formatCount,
  formatDelta,
  formatMB,
  formatSI,
  formatSize,
  joinPhrases,
  matchPreset,
  presetLabel,
  stageDeltas,
  variantFigures,
  type ModelAnalysis,
  type ResNetSpec,
} from '../../core';
import classNames from '../../data/imagenet-classes.json';
import { useT } from '../../i18n/i18n';
import { compareLayout, LINE_H, STAGE_H, type CompareCell } from '../../layout/compareLayout';
import type { ColumnState, CompareModels } from '../../runtime/compareModels';
import type { Thumbnail } from '../../runtime/model/thumbnails';
import { thumbUrl } from '../graph/activations';
import type { CompareStore } from '../../state/compareStore';
import type { SavedModel } from '../../state/library';
import { MAX_VARIANTS, variantLabel } from '../../state/compareState';
import { AccuracyChart, StageBars, VARIANT_COLORS, bestAccuracy } from './CompareCharts';
import './compare.css';
import { useKeyboardScroll } from '../useKeyboardScroll';
import { ModelPicker } from '../ModelPicker';

const NO_COLUMNS: never[] = [];
const noSubscription = () => () => {};
const noColumns = () => NO_COLUMNS;

/** Exact figures on hover, for a cell that shows them rounded. */
const exact = (n: number | null, signed = false) => (n === null ? '' : `${signed && n > 0 ? '+' : ''}${formatCount(n)}`);

export function CompareView({ store, models, built, saved }: { store: CompareStore; models: CompareModels | null; built: ResNetSpec; saved: SavedModel[] }) {
  const t = useT();
  const tableScroller = useKeyboardScroll<HTMLDivElement>();
  const state = useSyncExternalStore(store.subscribe, store.getState);
  // Before TensorFlow.js has loaded there are no models: a stable empty snapshot.
  const columns = useSyncExternalStore(models?.subscribe ?? noSubscription, models?.getState ?? noColumns);
  // One input size for every variant: the user's choice, else the built model's.
  const builtSize = { height: built.input.height, width: built.input.width };
  const size = state.size ?? builtSize;
  const { analyses, notes } = useMemo(() => analyseAt(state.variants, size), [state.variants, size.height, size.width]); // eslint-disable-line react-hooks/exhaustive-deps
  const labels = state.variants.map((v) => t(variantLabel(v)));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggleRow = (row: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(row)) next.add(row);
      return next;
    });
  const charts = useRef<HTMLDivElement>(null);

  // Hold exactly the compared models; free them all when the comparison closes.
  useEffect(() => {
    void models?.setVariants(analyses);
  }, [models, analyses]);
  useEffect(() => () => void models?.setVariants([]), [models]);

  const builtIsPreset = matchPreset(built);
  const builtLabel = `${t('The model you are building')}${builtIsPreset ? ` (${presetLabel(builtIsPreset)})` : ''}`;

  const figures = analyses.map(variantFigures);
  const deltas = stageDeltas(analyses);
  const stageNames = [...new Set(deltas.flat().map((d) => d.name))];
  const names = classNames as string[];
  const accuracies = state.variants.map((v) => {
    const p = matchPreset(v);
    return p ? bestAccuracy(p) : undefined;
  });

  return (
    <main className="compare" aria-label={t('Compare')}>
      <div className="compare-pickers">
        {state.variants.map((v, i) => (
          <div key={i} className="picker">
            <label htmlFor={`variant-${i}`}>{t('Variant {n}', { n: i + 1 })}</label>
            <div className="row">
              <ModelPicker id={`variant-${i}`} value={v} valueLabel={t(variantLabel(v))} built={built} builtLabel={builtLabel} saved={saved} onPick={(spec) => store.setVariant(i, spec)} />
              <button type="button" className="icon" aria-label={t('Remove variant {n}', { n: i + 1 })} title={t('Remove variant {n}', { n: i + 1 })} disabled={state.variants.length <= 1} onClick={() => store.remove(i)}>
                ×
              </button>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => store.add(built)} disabled={state.variants.length >= MAX_VARIANTS}>
          {t('Add variant')}
        </button>
      </div>
      <div className="compare-size" data-testid="compare-size">
        <label htmlFor="compare-size">{t('Compare at')}</label>
        <select
          id="compare-size"
          value={formatSize(size)}
          onChange={(e) => {
            const [h, w] = e.target.value.split('×').map(Number);
            store.setSize(h === builtSize.height && w === builtSize.width ? null : { height: h, width: w });
          }}
        >
          {compareSizeOptions(builtSize).map((o) => (
            <option key={formatSize(o)} value={formatSize(o)}>
              {formatSize(o)}
              {o.height === builtSize.height && o.width === builtSize.width ? ` (${t('the model you are building')})` : ''}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="compare-size-note">
          {state.size && formatSize(state.size) !== formatSize(builtSize)
            ? t('Every variant is analysed at {size}; the model you are building takes {built}.', { size: formatSize(size), built: formatSize(builtSize) })
            : t('Every variant is analysed at {size}, the size of the model you are building, so MACs, memory and latency compare like for like.', { size: formatSize(size) })}
        </span>
        <button type="button" className="link charts-hint" onClick={() => charts.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
          {t('Charts below ↓')}
        </button>
      </div>
      {notes.length > 0 && (
        <div className="banner" role="alert">
          {notes.map((n) => t(n)).join(' ')}
        </div>
      )}
      {state.linkErrors.length > 0 && (
        <div className="banner" role="alert">
          {t('Some variants in the link could not be opened: {problems}', { problems: joinPhrases(state.linkErrors.map((e) => e.phrase)) })}
        </div>
      )}
      <div className="compare-body">
        <div className="compare-graph-box">
          <p className="compare-legend" data-testid="compare-legend">
            <i className="swatch diff" aria-hidden="true" /> {t('Differs from variant 1 (hover a cell for how)')}
            <span className="muted"> · {t('Click a stage to see its blocks side by side')}</span>
          </p>
          <CompareGraph analyses={analyses} open={open} onToggle={toggleRow} columns={columns} />
        </div>
        <div className="compare-side">
          {/* The row labels stay while the figures scroll sideways (a phone, four variants). */}
          <div ref={tableScroller} className="compare-table-box" data-testid="compare-table" role="region" aria-label={t('Figures')}>
            <table className="compare-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="sr-only">{t('Figure')}</span>
                  </th>
                  {labels.map((l, i) => (
                    <th key={i} scope="col" className="variant-head">
                      <i className="swatch" style={{ background: VARIANT_COLORS[i] }} aria-hidden="true" />
                      {/* A name wraps between its words only (never at ResNeXt-50's hyphen). */}
                      {l.split(' ').map((word, k) => (
                        <Fragment key={k}>
                          {k > 0 ? ' ' : ''}
                          <span className="word">{word}</span>
                        </Fragment>
                      ))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <Row label={t('Parameters')} values={figures.map((f) => formatCount(f.params))} />
                {/* MACs in G (as the header says them), the exact count on hover: the columns stay narrow enough for a phone. */}
                <Row label="MACs" values={figures.map((f) => formatSI(f.macs))} titles={figures.map((f) => t('{macs} MACs', { macs: formatCount(f.macs) }))} />
                <Row label={t('Weighted depth')} values={figures.map((f) => String(f.depth))} />
                <Row label={t('Weight size (fp32)')} values={figures.map((f) => formatMB(f.weightBytes))} />
                <Row label={t('Activation memory (batch 1)')} values={figures.map((f) => formatMB(f.activationBytes))} />
                <Row label={t('Receptive field, last stage')} values={figures.map((f) => `${f.receptiveField} px`)} />
                <Row
                  label={t(columns.length ? 'Latency (measured)' : 'Latency (loading)')}
                  wraps
                  values={state.variants.map((_, i) => {
                    const c = columns[i];
                    if (!c) return '…';
                    if (c.status === 'ready') return `${c.latencyMs!.toFixed(0)} ms`;
                    if (c.status === 'skipped' || c.status === 'error') return t(c.note ?? c.status);
                    return t(c.status === 'building' ? 'building…' : 'waiting…');
                  })}
                />
                {/* Published accuracy in three short rows (top-1, top-5, which weights), not one wide cell. */}
                <Row label="ImageNet top-1" values={accuracies.map((a) => (a ? `${a['acc@1']}%` : '—'))} />
                <Row label="ImageNet top-5" values={accuracies.map((a) => (a ? `${a['acc@5']}%` : '—'))} />
                <Row
                  label={t('torchvision weights')}
                  values={accuracies.map((a) => (a ? a.weights : '—'))}
                  render={(v) => (v.includes('_') ? v.split('_').map((part, k) => (k ? [<wbr key={k} />, `_${part}`] : part)) : v)}
                />
                <tr className="group-head">
                  <th scope="colgroup" colSpan={labels.length + 1}>
                    <span>{t('Per stage: parameters over MACs; after the first variant, the difference from it')}</span>
                  </th>
                </tr>
                {stageNames.map((n) => {
                  const cells = deltas.map((d, i) => {
                    const s = d.find((x) => x.name === n);
                    if (!s) return { lines: ['—'], title: '' };
                    if (i === 0 || s.dParams === null || s.dMacs === null)
                      return { lines: [formatSI(s.params, 1), formatSI(s.macs, 1)], title: t('{params} parameters / {macs} MACs', { params: exact(s.params), macs: exact(s.macs) }) };
                    return { lines: [formatDelta(s.dParams), formatDelta(s.dMacs)], title: t('{params} parameters / {macs} MACs', { params: exact(s.dParams, true), macs: exact(s.dMacs, true) }) };
                  });
                  return (
                    <tr key={n} className="stage-row" data-stage={n}>
                      <th scope="row" aria-label={t('{name}: Δ params / Δ MACs', { name: t(n) })}>
                        <span className="stage-name">{t(n)}</span>
                      </th>
                      {cells.map((c, i) => (
                        <td key={i} title={c.title || undefined}>
                          {c.lines.map((l, k) => (
                            <span key={k} className="figure">
                              {k > 0 && <span className="sr-only"> / </span>}
                              {l}
                            </span>
                          ))}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="hint">
            {t(
              "Latency: median of 3 passes of a 1-image batch on this page's backend, with random weights. Hover a figure for its exact value.",
            )}
          </p>
          {columns.some((c) => c?.top) && (
            <div className="compare-predictions" data-testid="compare-predictions">
              <h3>{t('The same image through each')}</h3>
              <div className="row">
                {state.variants.map((v, i) => (
                  <ol key={i} aria-label={t('Predictions of variant {n}', { n: i + 1 })}>
                    {(columns[i]?.top ?? []).map((top) => (
                      <li key={top.index}>
                        {/* ImageNet's class names are the dataset's own English names, as in the Run tab. */}
                        {v.numClasses === names.length ? <span lang="en">{names[top.index]}</span> : t('class {n}', { n: top.index })} <span className="muted">{(top.p * 100).toFixed(1)}%</span>
                      </li>
                    ))}
                  </ol>
                ))}
              </div>
              <p className="hint">{t('Random weights unless loaded: these only show that every variant runs.')}</p>
            </div>
          )}
        </div>
      </div>
      <div className="compare-charts" id="compare-charts" ref={charts}>
        <AccuracyChart variants={analyses} />
        <StageBars variants={analyses} labels={labels} />
      </div>
    </main>
  );
}

function Row({ label, values, titles, wraps, render }: { label: string; values: string[]; titles?: string[]; wraps?: boolean; render?: (v: string) => React.ReactNode }) {
  return (
    <tr className={wraps ? 'wraps' : undefined}>
      <th scope="row">{label}</th>
      {values.map((v, i) => (
        <td key={i} title={titles?.[i]}>
          {titles ? <span className="figure">{v}</span> : render ? render(v) : v}
        </td>
      ))}
    </tr>
  );
}

/** The aligned graphs at their natural size (text at 12–13 px), scrolling inside their box when wide. */
function CompareGraph({
  analyses,
  open,
  onToggle,
  columns,
}: {
  analyses: ModelAnalysis[];
  open: ReadonlySet<string>;
  onToggle: (row: string) => void;
  columns: (ColumnState | undefined)[];
}) {
  const t = useT();
  const layout = useMemo(() => compareLayout(analyses, open), [analyses, open]);
  return (
    <svg
      className="compare-graph"
      width={layout.width + 2}
      height={layout.height + 2}
      data-testid="compare-graph"
      role="group"
      aria-label={t('The variants side by side, stage by stage')}
    >
      <g transform="translate(1,1)">
        {layout.edges.map((e) => (
          <line key={e.key} x1={e.x} x2={e.x} y1={e.y1} y2={e.y2} className="cmp-edge" />
        ))}
        {layout.cells.map((c) => (
          <Cell key={c.key} c={c} open={open.has(c.row)} onToggle={onToggle} thumb={columns[c.column]?.thumbs?.[c.row]} />
        ))}
      </g>
    </svg>
  );
}

const THUMB = 30;

function Cell({ c, open, onToggle, thumb }: { c: CompareCell; open: boolean; onToggle: (row: string) => void; thumb?: Thumbnail }) {
  const t = useT();
  const title = t(c.title);
  const diff = c.diff.map((d) => t(d)).join(', ');
  const toggle = c.opens ? { role: 'button', tabIndex: 0, 'aria-expanded': open, onClick: () => onToggle(c.row), onKeyDown: (e: React.KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onToggle(c.row)) } : {};
  return (
    <g
      transform={`translate(${c.x},${c.y})`}
      className={`cmp-cell ${c.row.startsWith('layer') ? 'stage' : c.row}${c.diff.length ? ' diff' : ''}${c.opens ? ' opens' : ''}`}
      data-row={c.row}
      data-column={c.column}
      aria-label={c.diff.length ? t('{title}, differs: {diff}', { title, diff }) : title}
      {...toggle}
    >
      <title>{c.diff.length > 0 ? t('Differs from variant 1: {diff}', { diff }) : title}</title>
      <rect width={c.w} height={c.h} rx={8} />
      {thumb && (
        // The shared image's output here, on this cell's own colour scale (the graph's legend explains it).
        <image
          className="cmp-thumb"
          href={thumbUrl(thumb).url}
          x={c.w - THUMB - 8}
          y={Math.min(c.h, STAGE_H) - THUMB - 6}
          width={THUMB}
          height={THUMB}
          data-output-mean={thumb.outputMean.toPrecision(6)}
          style={{ imageRendering: 'pixelated' }}
        />
      )}
      <text x={10} y={17} className="title">
        {c.opens ? `${open ? '▾' : '▸'} ` : ''}
        {title}
      </text>
      <text x={c.w - 8} y={17} className="shape">
        {c.shape}
      </text>
      {c.lines.map((l, i) => (
        <text key={i} x={10} y={37 + i * LINE_H} className="line">
          {t(l)}
        </text>
      ))}
      {c.blocks.map((b, i) => (
        <g key={b.name} className="cmp-block" data-block={b.name}>
          <text x={18} y={STAGE_H + 8 + i * LINE_H} className="line">
            {t(b.text)}
          </text>
          <text x={c.w - 8} y={STAGE_H + 8 + i * LINE_H} className="line figures">
            {formatSI(b.params, 1)} · {formatSI(b.macs, 1)}
          </text>
          <title>{t('{name}: {params} parameters, {macs} MACs', { name: b.name, params: formatCount(b.params), macs: formatCount(b.macs) })}</title>
        </g>
      ))}
    </g>
  );
}
