/** The lesion study's charts (Veit et al. 2016, Figs. 3 and 5): d3 computes scales and paths, React draws. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { accuracyOf } from '../../core/lab';
import { useT } from '../../i18n/i18n';
import type { NetView } from '../../state/labStore';
import { CHANCE, byK, pct, singles } from './explain';
import { NetLegend, netColor } from './parts';

const W = 620;
const H = 260;
const M = { t: 14, r: 14, b: 40, l: 48 };

function YAxis({ y }: { y: ReturnType<typeof scaleLinear<number, number>> }) {
  return (
    <g className="axes">
      {y.ticks(5).map((v) => (
        <g key={v} transform={`translate(${M.l},${y(v)})`}>
          <line x2={W - M.l - M.r} className="grid" />
          <text x={-6} dy="0.32em" textAnchor="end">
            {Math.round(v * 100)}%
          </text>
        </g>
      ))}
      <line x1={M.l} x2={W - M.r} y1={H - M.b} y2={H - M.b} />
    </g>
  );
}

function ChanceLine({ y }: { y: ReturnType<typeof scaleLinear<number, number>> }) {
  const t = useT();
  return (
    <g className="chance">
      <line x1={M.l} x2={W - M.r} y1={y(CHANCE)} y2={y(CHANCE)} />
      <text x={W - M.r - 4} y={y(CHANCE) - 4} textAnchor="end">
        {t('chance')}
      </text>
    </g>
  );
}

/** A bar per block switched off alone, the whole network as a line, for each network on the same axes. */
export function EachInTurnChart({ nets }: { nets: NetView[] }) {
  const t = useT();
  const withData = nets.filter((n) => n.each);
  const blocks = [...new Set(withData.flatMap((n) => n.blocks.map((b) => b.name)))];
  const x = scaleBand<string>().domain(blocks).range([M.l, W - M.r]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand<string>()
    .domain(withData.map((n) => n.key))
    .range([0, x.bandwidth()])
    .padding(0.08);
  const y = scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
  const every = Math.ceil(blocks.length / 14);
  return (
    <figure className="lab-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Test accuracy with each block switched off alone')} data-testid="each-chart">
        <YAxis y={y} />
        <ChanceLine y={y} />
        {blocks.map((b, i) => (
          <g key={b} transform={`translate(${x(b)! + x.bandwidth() / 2},${H - M.b})`} className="axes">
            {i % every === 0 && (
              <text y={14} textAnchor="end" transform="rotate(-35) translate(0,4)">
                {b}
              </text>
            )}
          </g>
        ))}
        {withData.map((n) => {
          const s = n.each!;
          const color = netColor(n, nets);
          const whole = s.scores[0].count ? accuracyOf(s.scores[0]) : null;
          const deletable = new Set(n.blocks.filter((b) => b.deletable).map((b) => b.name));
          return (
            <g key={n.key} data-testid="each-series" data-net={n.key} data-label={n.label}>
              {singles(s).map(([b, sc]) =>
                sc.count ? (
                  <rect key={b} x={x(b)! + inner(n.key)!} width={inner.bandwidth()} y={y(accuracyOf(sc))} height={y(0) - y(accuracyOf(sc))} fill={color} data-block={b} data-accuracy={accuracyOf(sc)} data-count={sc.count}>
                    <title>{t('{net} without {block}: {acc} (on {count} images so far)', { net: n.label, block: b, acc: pct(accuracyOf(sc)), count: sc.count })}</title>
                  </rect>
                ) : null,
              )}
              {n.blocks
                .filter((b) => !deletable.has(b.name))
                .map((b) => (
                  <text key={b.name} x={x(b.name)! + inner(n.key)! + inner.bandwidth() / 2} y={y(0) - 4} textAnchor="middle" className="cannot" fill={color}>
                    ×<title>{b.why ? t(b.why) : ''}</title>
                  </text>
                ))}
              {whole !== null && (
                <g className="whole-line">
                  <line x1={M.l} x2={W - M.r} y1={y(whole)} y2={y(whole)} stroke={color} data-testid="whole-line" data-accuracy={whole} />
                  <text x={M.l + 4} y={y(whole) - 4} fill={color}>
                    {t('whole {net}: {acc}', { net: n.label, acc: pct(whole) })}
                  </text>
                </g>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <NetLegend nets={withData} />
        {t('Bars: test accuracy with one block switched off; lines: the whole network; ×: a block that cannot be removed.')}
      </figcaption>
    </figure>
  );
}

/** Accuracy against the number of blocks switched off at random: the mean, and a band over the draws. */
export function RandomKChart({ nets }: { nets: NetView[] }) {
  const t = useT();
  const withData = nets.filter((n) => n.random);
  const maxK = Math.max(1, ...withData.map((n) => n.blocks.filter((b) => b.deletable).length));
  const x = scaleLinear().domain([0, maxK]).range([M.l, W - M.r]);
  const y = scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
  type P = { k: number; mean: number; lo: number; hi: number };
  const band = area<P>()
    .x((d) => x(d.k))
    .y0((d) => y(d.lo))
    .y1((d) => y(d.hi));
  const mid = line<P>()
    .x((d) => x(d.k))
    .y((d) => y(d.mean));
  return (
    <figure className="lab-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('Test accuracy against the number of blocks switched off at random')} data-testid="random-chart">
        <YAxis y={y} />
        <ChanceLine y={y} />
        {x.ticks(Math.min(maxK, 10)).filter(Number.isInteger).map((k) => (
          <g key={k} transform={`translate(${x(k)},${H - M.b})`} className="axes">
            <line y2={4} />
            <text y={16} textAnchor="middle">
              {k}
            </text>
          </g>
        ))}
        <text x={(M.l + W - M.r) / 2} y={H - 6} textAnchor="middle" className="axis-label">
          {t('blocks switched off at random (k)')}
        </text>
        {withData.map((n) => {
          const s = n.random!;
          if (!s.scores[0].count) return null;
          const rows: P[] = [{ k: 0, mean: accuracyOf(s.scores[0]), lo: accuracyOf(s.scores[0]), hi: accuracyOf(s.scores[0]) }, ...byK(s).filter((r) => Number.isFinite(r.mean))];
          const color = netColor(n, nets);
          return (
            <g key={n.key} data-testid="random-series" data-net={n.key} data-points={rows.length}>
              <path d={band(rows) ?? ''} fill={color} className="band" />
              <path d={mid(rows) ?? ''} stroke={color} className="mean" />
              {rows.map((r) => (
                <circle key={r.k} cx={x(r.k)} cy={y(r.mean)} r={3} fill={color}>
                  <title>{t('{net}, {k} off: {acc} on average ({lo} to {hi})', { net: n.label, k: r.k, acc: pct(r.mean), lo: pct(r.lo), hi: pct(r.hi) })}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <NetLegend nets={withData} />
        {t('Line: the mean over the random draws; band: the lowest to the highest draw.')}
      </figcaption>
    </figure>
  );
}
