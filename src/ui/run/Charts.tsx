/** Small charts of a run: residual contribution along the body, and per-layer timing (d3 scales, React renders). */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { LayerTime, ResidualRatio } from '../../runtime/inference';
import { useT } from '../../i18n/i18n';

const W = 330;

/** A tick label's width at 10 px, generously (DejaVu Sans is wide). */
const tickWidth = (text: string) => text.length * 6.4;
const ROW_H = 13;

export function ResidualChart({ ratios }: { ratios: ResidualRatio[] }) {
  const t = useT();
  const x = scaleBand<string>().domain(ratios.map((r) => r.block)).range([28, W - 4]).padding(0.15);
  const stageOf = (b: string) => b.split('.')[0];
  // Each stage named under the middle of its blocks, on a second row where it would touch its neighbour
  // (ResNet-152's three-block layer1 beside layer2).
  const stageLabels: { stage: string; x: number; x0: number; x1: number; row: number }[] = [];
  for (const stage of new Set(ratios.map((r) => stageOf(r.block)))) {
    const blocks = ratios.filter((r) => stageOf(r.block) === stage);
    const x0 = x(blocks[0].block)!;
    const x1 = x(blocks.at(-1)!.block)! + x.bandwidth();
    const w = tickWidth(stage);
    const mid = Math.min(W - w / 2, Math.max(w / 2, (x0 + x1) / 2));
    const clash = (row: number) => stageLabels.some((l) => l.row === row && Math.abs(l.x - mid) < (tickWidth(l.stage) + w) / 2 + 4);
    stageLabels.push({ stage, x: mid, x0, x1, row: clash(0) ? 1 : 0 });
  }
  const rows = Math.max(1, ...stageLabels.map((l) => l.row + 1));
  const H = 120 + (rows - 1) * ROW_H;
  const max = Math.max(1, ...ratios.map((r) => r.ratio));
  const y = scaleLinear().domain([0, max]).range([H - 18 - (rows - 1) * ROW_H, 6]).nice();
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
      {stageLabels.map((l) => (
        <g key={l.stage} className="stage-span">
          <line x1={l.x0} x2={l.x1} y1={y(0) + 3 + l.row * ROW_H} y2={y(0) + 3 + l.row * ROW_H} className="span" />
          <text x={l.x} y={y(0) + 11 + l.row * ROW_H} className="tick" textAnchor="middle">
            {l.stage}
          </text>
        </g>
      ))}
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
