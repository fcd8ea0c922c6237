/** Two to four variants side by side: aligned graphs, a table of figures, charts and predictions. */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  PRESET_NAMES,
  checkModel,
  formatCount,
  formatMB,
  matchPreset,
  presetLabel,
  presetSpec,
  stageDeltas,
  variantFigures,
  type ModelAnalysis,
  type PresetName,
  type ResNetSpec,
} from '../../core';
import classNames from '../../data/imagenet-classes.json';
import { compareLayout } from '../../layout/compareLayout';
import type { CompareModels } from '../../runtime/compareModels';
import type { CompareStore } from '../../state/compareStore';
import type { SavedModel } from '../../state/library';
import { MAX_VARIANTS, variantLabel } from '../../state/compareState';
import { AccuracyChart, StageBars, bestAccuracy } from './CompareCharts';

const NO_COLUMNS: never[] = [];
const noSubscription = () => () => {};
const noColumns = () => NO_COLUMNS;

const signed = (n: number | null) => (n === null ? '' : n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`);

function analyze(spec: ResNetSpec): ModelAnalysis {
  const r = checkModel(spec);
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.value;
}

export function CompareView({ store, models, built, saved }: { store: CompareStore; models: CompareModels | null; built: ResNetSpec; saved: SavedModel[] }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  // Before TensorFlow.js has loaded there are no models: a stable empty snapshot.
  const columns = useSyncExternalStore(models?.subscribe ?? noSubscription, models?.getState ?? noColumns);
  const analyses = useMemo(() => state.variants.map(analyze), [state.variants]);
  const labels = state.variants.map(variantLabel);

  // Hold exactly the compared models; free them all when the comparison closes.
  useEffect(() => {
    void models?.setVariants(analyses);
  }, [models, analyses]);
  useEffect(() => () => void models?.setVariants([]), [models]);

  const builtIsPreset = matchPreset(built);
  const choose = (i: number, value: string) => {
    if (value === 'built') store.setVariant(i, built);
    else if (value.startsWith('preset:')) store.setVariant(i, presetSpec(value.slice(7) as PresetName));
    else if (value.startsWith('saved:')) store.setVariant(i, saved[Number(value.slice(6))].spec);
  };
  const same = (a: ResNetSpec, b: ResNetSpec) => JSON.stringify(a) === JSON.stringify(b);
  const valueOf = (spec: ResNetSpec) => {
    const p = matchPreset(spec);
    if (p) return `preset:${p}`;
    if (same(spec, built)) return 'built';
    const k = saved.findIndex((m) => same(m.spec, spec));
    return k >= 0 ? `saved:${k}` : 'link';
  };

  const figures = analyses.map(variantFigures);
  const deltas = stageDeltas(analyses);
  const stageNames = [...new Set(deltas.flat().map((d) => d.name))];
  const names = classNames as string[];

  return (
    <div className="compare">
      <div className="compare-pickers">
        {state.variants.map((v, i) => (
          <div key={i} className="picker">
            <label htmlFor={`variant-${i}`}>Variant {i + 1}</label>
            <div className="row">
              <select id={`variant-${i}`} value={valueOf(v)} onChange={(e) => choose(i, e.target.value)}>
                {valueOf(v) === 'link' && <option value="link">{variantLabel(v)}</option>}
                <option value="built">The model you are building{builtIsPreset ? ` (${presetLabel(builtIsPreset)})` : ''}</option>
                <optgroup label="torchvision">
                  {PRESET_NAMES.map((n) => (
                    <option key={n} value={`preset:${n}`}>
                      {presetLabel(n)}
                    </option>
                  ))}
                </optgroup>
                {saved.length > 0 && (
                  <optgroup label="Saved models">
                    {saved.map((m, k) => (
                      <option key={m.name} value={`saved:${k}`}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
              <button type="button" className="icon" aria-label={`Remove variant ${i + 1}`} title={`Remove variant ${i + 1}`} disabled={state.variants.length <= 1} onClick={() => store.remove(i)}>
                ×
              </button>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => store.add(built)} disabled={state.variants.length >= MAX_VARIANTS}>
          Add variant
        </button>
      </div>
      {state.linkErrors.length > 0 && (
        <div className="banner" role="alert">
          Some variants in the link could not be opened: {state.linkErrors.map((e) => e.message).join('; ')}
        </div>
      )}
      <div className="compare-body">
        <CompareGraph analyses={analyses} />
        <div className="compare-side">
          <table className="compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col" />
                {labels.map((l, i) => (
                  <th key={i} scope="col">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <Row label="Parameters" values={figures.map((f) => formatCount(f.params))} />
              <Row label="MACs" values={figures.map((f) => formatCount(f.macs))} />
              <Row label="Weighted depth" values={figures.map((f) => String(f.depth))} />
              <Row label="Weight size (fp32)" values={figures.map((f) => formatMB(f.weightBytes))} />
              <Row label="Activation memory (batch 1)" values={figures.map((f) => formatMB(f.activationBytes))} />
              <Row label="Receptive field, last stage" values={figures.map((f) => `${f.receptiveField} px`)} />
              <Row
                label={`Latency (${columns.length ? 'measured' : 'loading'})`}
                values={state.variants.map((_, i) => {
                  const c = columns[i];
                  if (!c) return '…';
                  if (c.status === 'ready') return `${c.latencyMs!.toFixed(0)} ms`;
                  if (c.status === 'skipped' || c.status === 'error') return c.note ?? c.status;
                  return c.status === 'building' ? 'building…' : 'waiting…';
                })}
              />
              <Row
                label="ImageNet top-1 / top-5"
                values={state.variants.map((v) => {
                  const p = matchPreset(v);
                  const a = p ? bestAccuracy(p) : undefined;
                  return a ? `${a['acc@1']}% / ${a['acc@5']}% (${a.weights})` : '—';
                })}
              />
              {stageNames.map((n) => (
                <Row
                  key={n}
                  label={`${n}: Δ params / Δ MACs`}
                  values={deltas.map((d, i) => {
                    const s = d.find((x) => x.name === n);
                    if (!s) return '—';
                    return i === 0 ? `${formatCount(s.params)} / ${formatCount(s.macs)}` : `${signed(s.dParams)} / ${signed(s.dMacs)}`;
                  })}
                />
              ))}
            </tbody>
          </table>
          <p className="hint">Latency: median of 3 passes of a 1-image batch on this page's backend, with random weights. Stage rows: the first variant's figures, then each other's difference from it.</p>
          {columns.some((c) => c?.top) && (
            <div className="compare-predictions" data-testid="compare-predictions">
              <h3>The same image through each</h3>
              <div className="row">
                {state.variants.map((v, i) => (
                  <ol key={i} aria-label={`Predictions of variant ${i + 1}`}>
                    {(columns[i]?.top ?? []).map((t) => (
                      <li key={t.index}>
                        {v.numClasses === names.length ? names[t.index] : `class ${t.index}`} <span className="muted">{(t.p * 100).toFixed(1)}%</span>
                      </li>
                    ))}
                  </ol>
                ))}
              </div>
              <p className="hint">Random weights unless loaded: these only show that every variant runs.</p>
            </div>
          )}
        </div>
      </div>
      <div className="compare-charts">
        <AccuracyChart variants={analyses} />
        <StageBars variants={analyses} labels={labels} />
      </div>
    </div>
  );
}

function Row({ label, values }: { label: string; values: string[] }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {values.map((v, i) => (
        <td key={i}>{v}</td>
      ))}
    </tr>
  );
}

function CompareGraph({ analyses }: { analyses: ModelAnalysis[] }) {
  const layout = useMemo(() => compareLayout(analyses), [analyses]);
  const svg = useRef<SVGSVGElement>(null);
  const g = useRef<SVGGElement>(null);
  const [t, setT] = useState<ZoomTransform>(zoomIdentity);
  useLayoutEffect(() => {
    const el = svg.current!;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.2, 3])
      .on('zoom', (e: { transform: ZoomTransform }) => setT(e.transform));
    select(el).call(z).on('dblclick.zoom', null);
    const k = Math.min(1, (el.clientWidth - 20) / layout.width, (el.clientHeight - 20) / layout.height);
    select(el).call(z.transform, zoomIdentity.translate(Math.max(10, (el.clientWidth - layout.width * k) / 2), 10).scale(k));
  }, [layout]);
  return (
    <svg ref={svg} className="compare-graph" data-testid="compare-graph" role="img" aria-label="The variants side by side, stage by stage">
      <g ref={g} transform={t.toString()}>
        {layout.edges.map((e) => (
          <line key={e.key} x1={e.x} x2={e.x} y1={e.y1} y2={e.y2} className="cmp-edge" />
        ))}
        {layout.cells.map((c) => (
          <g key={c.key} transform={`translate(${c.x},${c.y})`} className={`cmp-cell ${c.row.startsWith('layer') ? 'stage' : c.row}${c.diff.length ? ' diff' : ''}`} data-row={c.row} data-column={c.column}>
            <rect width={c.w} height={c.h} rx={8} />
            <text x={10} y={16} className="title">
              {c.title}
            </text>
            <text x={c.w - 8} y={16} className="shape">
              {c.shape}
            </text>
            {c.lines.map((l, i) => (
              <text key={i} x={10} y={34 + i * 15} className="line">
                {l}
              </text>
            ))}
            {c.diff.length > 0 && (
              <title>{`Differs from variant 1: ${c.diff.join(', ')}`}</title>
            )}
          </g>
        ))}
      </g>
    </svg>
  );
}
