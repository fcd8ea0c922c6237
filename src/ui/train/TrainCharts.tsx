/** The Train tab's charts: d3 computes scales and paths, React draws the SVG. */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { useT } from '../../i18n/i18n';
import { GRADIENT_NORM_EVERY, type RunView } from '../../state/trainStore';
import { smooth } from '../../core/lesson';

/** One colour per run slot, readable on light and dark backgrounds. */
export const RUN_COLORS = ['#e8590c', '#c2255c', '#1c7ed6', '#0ca678'];

const W = 560;
const H = 240;
const M = { t: 12, r: 12, b: 34, l: 52 };

function Axes({ x, y, xLabel, yLabel, yTicks }: { x: ReturnType<typeof scaleLinear<number, number>>; y: { (v: number): number; ticks(n?: number): number[] }; xLabel: string; yLabel: string; yTicks?: (v: number) => string }) {
  return (
    <g className="axes">
      {x.ticks(6).map((v) => (
        <g key={`x${v}`} transform={`translate(${x(v)},${H - M.b})`}>
          <line y2={4} />
          <text y={16} textAnchor="middle">
            {v}
          </text>
        </g>
      ))}
      {y.ticks(5).map((v) => (
        <g key={`y${v}`} transform={`translate(${M.l},${y(v)})`}>
          <line x2={W - M.l - M.r} className="grid" />
          <text x={-6} dy="0.32em" textAnchor="end">
            {yTicks ? yTicks(v) : v}
          </text>
        </g>
      ))}
      <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} />
      <text x={(M.l + W - M.r) / 2} y={H - 4} textAnchor="middle" className="axis-label">
        {xLabel}
      </text>
      <text transform={`translate(12,${(M.t + H - M.b) / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
        {yLabel}
      </text>
    </g>
  );
}

function Legend({ runs }: { runs: readonly RunView[] }) {
  return (
    <ul className="train-legend">
      {runs.map((r, i) => (
        <li key={r.id}>
          <span className="swatch" style={{ background: RUN_COLORS[i] }} />
          {r.label}
        </li>
      ))}
    </ul>
  );
}

const maxStep = (runs: readonly RunView[], steps: number) => Math.max(steps, ...runs.map((r) => r.points.at(-1)?.step ?? 0));

/** Training loss: the smoothed curve, with the raw per-batch loss faint behind it. */
export function LossChart({ runs, steps }: { runs: readonly RunView[]; steps: number }) {
  const t = useT();
  const finite = runs.flatMap((r) => r.points.map((p) => p.loss)).filter((v) => Number.isFinite(v));
  const top = Math.min(Math.max(2.5, ...finite.filter((v) => v < 10)), 10);
  const x = scaleLinear().domain([0, maxStep(runs, steps)]).range([M.l, W - M.r]);
  const y = scaleLinear().domain([0, top]).range([H - M.b, M.t]).clamp(true);
  const path = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .defined((d) => Number.isFinite(d[1]));
  return (
    <figure className="train-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Training loss by step')} data-testid="loss-chart">
        <Axes x={x} y={y} xLabel={t('step')} yLabel={t('training loss')} />
        {runs.map((r, i) => {
          const raw = r.points.map((p) => [p.step, p.loss] as [number, number]);
          const sm = smooth(r.points.map((p) => p.loss));
          return (
            <g key={r.id} data-testid="loss-series" data-run={r.label} data-points={r.points.length}>
              <path d={path(raw) ?? ''} stroke={RUN_COLORS[i]} className="raw" />
              <path d={path(raw.map((p, k) => [p[0], sm[k]])) ?? ''} stroke={RUN_COLORS[i]} className="smoothed" />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Legend runs={runs} />
        {t('Faint: each batch’s loss; bold: smoothed (moving average).')}
      </figcaption>
    </figure>
  );
}

/** Accuracy: on the training batches (smoothed) and, as dots, on the test set. */
export function AccuracyChart({ runs, steps }: { runs: readonly RunView[]; steps: number }) {
  const t = useT();
  const x = scaleLinear().domain([0, maxStep(runs, steps)]).range([M.l, W - M.r]);
  const y = scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
  const path = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]));
  return (
    <figure className="train-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Accuracy by step')} data-testid="accuracy-chart">
        <Axes x={x} y={y} xLabel={t('step')} yLabel={t('accuracy')} yTicks={(v) => `${Math.round(v * 100)}%`} />
        {runs.map((r, i) => {
          const sm = smooth(r.points.map((p) => p.accuracy));
          return (
            <g key={r.id}>
              <path d={path(r.points.map((p, k) => [p.step, sm[k]])) ?? ''} stroke={RUN_COLORS[i]} className="smoothed" />
              {r.tests.map((p) => (
                <circle key={p.step} cx={x(p.step)} cy={y(p.accuracy)} r={4.5} fill={RUN_COLORS[i]} className="test-dot" data-testid="test-dot">
                  <title>{`${r.label}: ${t('test accuracy')} ${(p.accuracy * 100).toFixed(1)}% @ ${p.step}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Legend runs={runs} />
        {t('Lines: training batches (smoothed); dots: the test set.')}
      </figcaption>
    </figure>
  );
}

/**
 * Gradient flow: each weighted layer's gradient norm by depth on a log scale, dashed at initialisation and
 * solid (with a dot per layer) at the latest reading, every run on the same axes.
 */
export function GradientFlowChart({ runs }: { runs: readonly RunView[] }) {
  const t = useT();
  const all = runs.flatMap((r) => [...(r.flowInit ?? []), ...(r.flowLatest?.norms ?? [])]).filter((n) => n.norm > 0 && Number.isFinite(n.norm));
  const depth = Math.max(2, ...all.map((n) => n.depth));
  const lo = all.length ? Math.min(...all.map((n) => n.norm)) : 1e-3;
  const hi = all.length ? Math.max(...all.map((n) => n.norm)) : 10;
  const x = scaleLinear().domain([1, depth]).range([M.l, W - M.r]);
  const y = scaleLog()
    .domain([lo / 1.5, hi * 1.5])
    .range([H - M.b, M.t])
    .nice();
  const path = line<{ depth: number; norm: number }>()
    .x((d) => x(d.depth))
    .y((d) => y(d.norm))
    .defined((d) => d.norm > 0 && Number.isFinite(d.norm));
  const main = (ns: readonly { onShortcut: boolean; depth: number; norm: number }[]) => ns.filter((n) => !n.onShortcut);
  const fmt = y.tickFormat(5, '.0e');
  return (
    <figure className="train-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Gradient norm of each layer by depth')} data-testid="flow-chart">
        <Axes x={x} y={y} xLabel={t('layer (by depth)')} yLabel={t('‖gradient‖ (log)')} yTicks={(v) => fmt(v)} />
        {runs.map((r, i) => (
          <g key={r.id}>
            {r.flowInit && <path d={path(main(r.flowInit)) ?? ''} stroke={RUN_COLORS[i]} className="init" data-testid="flow-series" data-kind="init" data-run={r.label} />}
            {(r.flowLatest?.norms ?? r.flowInit) && (
              <g data-testid="flow-series" data-kind="latest" data-run={r.label} data-step={r.flowLatest?.step ?? 0}>
                <path d={path(main(r.flowLatest?.norms ?? r.flowInit!)) ?? ''} stroke={RUN_COLORS[i]} className="smoothed" />
                {(r.flowLatest?.norms ?? r.flowInit!).map((n) => (
                  <circle key={n.key} cx={x(n.depth)} cy={y(Math.max(n.norm, y.domain()[0]))} r={n.onShortcut ? 2.5 : 2} fill={RUN_COLORS[i]} data-layer={n.key}>
                    <title>{`${r.label} ${n.key}: ${n.norm.toPrecision(3)}`}</title>
                  </circle>
                ))}
              </g>
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <Legend runs={runs} />
        {t('Dashed: at initialisation; solid with dots: the latest reading (every {n} steps). One dot per weight layer.', { n: GRADIENT_NORM_EVERY })}
      </figcaption>
    </figure>
  );
}
