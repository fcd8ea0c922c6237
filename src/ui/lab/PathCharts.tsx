/** Paths through a residual network (Veit et al. 2016, Fig. 6): how many of each length, and their gradient. */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { effectiveRange, gradientByLength, pathLengthShares } from '../../core/lab';
import { useT } from '../../i18n/i18n';
import type { NetView } from '../../state/labStore';
import { NetLegend, netColor } from './parts';

const W = 620;
const H = 240;
const M = { t: 14, r: 14, b: 40, l: 52 };

function XAxis({ x, n }: { x: ReturnType<typeof scaleLinear<number, number>>; n: number }) {
  const t = useT();
  return (
    <g className="axes">
      {x.ticks(Math.min(n, 12)).filter(Number.isInteger).map((k) => (
        <g key={k} transform={`translate(${x(k)},${H - M.b})`}>
          <line y2={4} />
          <text y={16} textAnchor="middle">
            {k}
          </text>
        </g>
      ))}
      <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} />
      <text x={(M.l + W - M.r) / 2} y={H - 6} textAnchor="middle" className="axis-label">
        {t('path length (residual branches it goes through)')}
      </text>
    </g>
  );
}

/**
 * Bars: the share of all paths of each length (Binomial(n, ½)); with measured gradients, the share of the
 * total gradient each length carries (outlined bars) and the effective range shaded.
 */
export function PathShareChart({ nets }: { nets: NetView[] }) {
  const t = useT();
  const residual = nets.filter((n) => n.spec.residual && n.blocks.length > 0);
  const maxN = Math.max(1, ...residual.map((n) => n.blocks.length));
  const x = scaleLinear().domain([-0.5, maxN + 0.5]).range([M.l, W - M.r]);
  const shares = residual.map((n) => pathLengthShares(n.blocks.length));
  const grads = residual.map((n) => (n.paths?.result && n.paths.progress.status === 'done' ? gradientByLength(n.paths.result.mean) : null));
  const top = Math.max(0.05, ...shares.flat(), ...grads.flatMap((g) => g ?? []));
  const y = scaleLinear().domain([0, top * 1.08]).range([H - M.b, M.t]).nice();
  const slot = (x(1) - x(0)) / Math.max(1, residual.length);
  return (
    <figure className="lab-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Share of paths, and of the gradient, by path length')} data-testid="path-share-chart">
        {y.ticks(4).map((v) => (
          <g key={v} transform={`translate(${M.l},${y(v)})`} className="axes">
            <line x2={W - M.l - M.r} className="grid" />
            <text x={-6} dy="0.32em" textAnchor="end">
              {Math.round(v * 100)}%
            </text>
          </g>
        ))}
        <XAxis x={x} n={maxN} />
        {residual.map((n, r) => {
          const color = netColor(n, nets);
          const g = grads[r];
          const eff = g ? effectiveRange(g, 0.9) : null;
          const left = (k: number) => x(k) - (slot * residual.length) / 2 + slot * r + 1;
          return (
            <g key={n.key} data-testid="path-shares" data-net={n.key} data-blocks={n.blocks.length}>
              {eff && <rect className="effective" x={x(eff.from - 0.5)} width={x(eff.to + 0.5) - x(eff.from - 0.5)} y={M.t} height={H - M.b - M.t} fill={color} data-testid="effective-range" data-from={eff.from} data-to={eff.to} />}
              {shares[r].map((s, k) => (
                <rect key={k} x={left(k)} width={Math.max(1, slot - 2)} y={y(s)} height={y(0) - y(s)} fill={color} className="paths-bar">
                  <title>{t('{net}: {share} of the paths go through {k} residual branches', { net: n.label, share: `${(s * 100).toPrecision(3)}%`, k })}</title>
                </rect>
              ))}
              {g?.map((s, k) => (
                <rect key={`g${k}`} x={left(k)} width={Math.max(1, slot - 2)} y={y(s)} height={y(0) - y(s)} stroke={color} className="grad-bar">
                  <title>{t('{net}: {share} of the gradient comes through paths of length {k}', { net: n.label, share: `${(s * 100).toPrecision(3)}%`, k })}</title>
                </rect>
              ))}
              {eff && (
                <text x={(x(eff.from - 0.5) + x(eff.to + 0.5)) / 2} y={M.t + 12} textAnchor="middle" fill={color} className="effective-label">
                  {t('effective paths: {from}–{to}', { from: eff.from, to: eff.to })}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <NetLegend nets={residual} />
        {t('Filled: the share of paths of each length; outlined: the share of the gradient they carry (once measured); shaded: the lengths carrying 90% of it.')}
      </figcaption>
    </figure>
  );
}

/** The gradient magnitude of one path, by its length, on a log scale: each sample and their mean. */
export function PathGradientChart({ nets }: { nets: NetView[] }) {
  const t = useT();
  const withData = nets.filter((n) => n.paths?.result);
  const all = withData.flatMap((n) => n.paths!.result!.samples.flat()).filter((v) => v > 0 && Number.isFinite(v));
  const maxN = Math.max(1, ...withData.map((n) => n.paths!.result!.n));
  const x = scaleLinear().domain([-0.5, maxN + 0.5]).range([M.l, W - M.r]);
  const y = scaleLog()
    .domain(all.length ? [Math.min(...all) / 1.5, Math.max(...all) * 1.5] : [1e-4, 1])
    .range([H - M.b, M.t])
    .nice();
  const fmt = y.tickFormat(5, '.0e');
  const mean = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .defined((d) => d[1] > 0 && Number.isFinite(d[1]));
  return (
    <figure className="lab-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Gradient magnitude of one path by its length')} data-testid="path-gradient-chart">
        {y.ticks(5).map((v) => (
          <g key={v} transform={`translate(${M.l},${y(v)})`} className="axes">
            <line x2={W - M.l - M.r} className="grid" />
            <text x={-6} dy="0.32em" textAnchor="end">
              {fmt(v)}
            </text>
          </g>
        ))}
        <XAxis x={x} n={maxN} />
        <text transform={`translate(12,${(M.t + H - M.b) / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          {t('‖gradient‖ at the first block (log)')}
        </text>
        {withData.map((n) => {
          const r = n.paths!.result!;
          const color = netColor(n, nets);
          return (
            <g key={n.key} data-testid="path-gradients" data-net={n.key} data-lengths={r.mean.filter(Number.isFinite).length}>
              {r.samples.flatMap((ss, k) => ss.map((v, i) => (v > 0 ? <circle key={`${k}-${i}`} cx={x(k)} cy={y(v)} r={2} fill={color} className="sample" /> : null)))}
              <path d={mean(r.mean.map((m, k) => [k, m] as [number, number])) ?? ''} stroke={color} className="mean" />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <NetLegend nets={withData} />
        {t('Dots: single sampled paths; line: their mean for each length.')}
      </figcaption>
    </figure>
  );
}
