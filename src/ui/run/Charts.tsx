/** Small charts of a run: residual contribution along the body, and per-layer timing (d3 scales, React renders). */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { LayerTime, ResidualRatio } from '../../runtime/inference';
import { useT } from '../../i18n/i18n';

const W = 330;

export function ResidualChart({ ratios }: { ratios: ResidualRatio[] }) {
  const t = useT();
  const H = 120;
  const x = scaleBand<string>().domain(ratios.map((r) => r.block)).range([28, W - 4]).padding(0.15);
  const max = Math.max(1, ...ratios.map((r) => r.ratio));
  const y = scaleLinear().domain([0, max]).range([H - 18, 6]).nice();
  const stageOf = (b: string) => b.split('.')[0];
  return (
    <svg width={W} height={H} className="chart" data-testid="residual-contribution" role="img" aria-label={t('Residual contribution per block')}>
      {y.ticks(3).map((t) => (
        <g key={t}>
          <line x1={28} x2={W - 4} y1={y(t)} y2={y(t)} className="grid" />
          <text x={24} y={y(t)} className="tick" textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {ratios.map((r) => (
        <rect
          key={r.block}
          data-block={r.block}
          x={x(r.block)}
          y={y(r.ratio)}
          width={x.bandwidth()}
          height={y(0) - y(r.ratio)}
          className={`bar stage-${Number(stageOf(r.block).slice(5)) % 2}${r.projection ? ' projection' : ''}`}
        >
          <title>{t(r.projection ? '{block}: ||F(x)|| / ||x|| = {ratio} (projection shortcut)' : '{block}: ||F(x)|| / ||x|| = {ratio}', { block: r.block, ratio: r.ratio.toFixed(3) })}</title>
        </rect>
      ))}
      {[...new Set(ratios.map((r) => stageOf(r.block)))].map((s) => {
        const first = ratios.find((r) => stageOf(r.block) === s)!;
        return (
          <text key={s} x={x(first.block)} y={H - 4} className="tick">
            {s}
          </text>
        );
      })}
    </svg>
  );
}

export function TimingChart({ times }: { times: LayerTime[] }) {
  const t = useT();
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 12);
  const total = times.reduce((s, x) => s + x.ms, 0);
  const ROW = 16;
  const x = scaleLinear().domain([0, slowest[0]?.ms ?? 1]).range([0, W - 170]);
  const byType = new Map<string, number>();
  for (const x of times) byType.set(x.type, (byType.get(x.type) ?? 0) + x.ms);
  return (
    <div data-testid="layer-timing">
      <p className="hint">
        {t('{n} layers, {ms} ms in all (each layer awaited before the next, so a little slower than a normal run).', { n: times.length, ms: total.toFixed(0) })}{' '}
        {[...byType]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([type, ms]) => `${type} ${((ms / total) * 100).toFixed(0)}%`)
          .join(', ')}
        .
      </p>
      <svg width={W} height={slowest.length * ROW + 4} className="chart" role="img" aria-label={t('Slowest layers')}>
        {slowest.map((l, i) => (
          <g key={l.id} transform={`translate(0,${i * ROW})`}>
            <text x={118} y={ROW / 2} className="tick mono" textAnchor="end">
              {l.id.replace(/#\d+$/, '')}
            </text>
            <rect x={124} y={2} width={Math.max(1, x(l.ms))} height={ROW - 4} className={`bar type-${l.type}`} />
            <text x={128 + x(l.ms)} y={ROW / 2} className="tick">
              {l.ms.toFixed(1)} ms
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
