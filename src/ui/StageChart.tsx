/** Parameters and MACs per part of the model (stem, each stage, head) as bars: d3 scales, React renders. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { formatSI, totalsByPart, type ModelAnalysis } from '../core';
import { useT } from '../i18n/i18n';

const W = 300;
const ROW = 26;
const LABEL_W = 52;
const GAP = 16;

export function StageChart({ analysis }: { analysis: ModelAnalysis }) {
  const t = useT();
  const parts = totalsByPart(analysis);
  const colW = (W - LABEL_W - GAP) / 2;
  const y = scaleBand()
    .domain(parts.map((p) => p.name))
    .range([20, 20 + parts.length * ROW])
    .padding(0.22);
  const params = scaleLinear().domain([0, Math.max(...parts.map((p) => p.params))]).range([0, colW - 50]);
  const macs = scaleLinear().domain([0, Math.max(...parts.map((p) => p.macs))]).range([0, colW - 50]);
  const height = 20 + parts.length * ROW + 4;
  return (
    <svg className="stage-chart" width={W} height={height} role="img" aria-label={t('Parameters and MACs per stage')} data-testid="stage-chart">
      <text className="chart-head" x={LABEL_W} y={12}>
        {t('Parameters')}
      </text>
      <text className="chart-head" x={LABEL_W + colW + GAP} y={12}>
        MACs
      </text>
      {parts.map((p) => {
        const top = y(p.name)!;
        const h = y.bandwidth();
        return (
          <g key={p.name}>
            <title>{t('{name}: {params} parameters, {macs} MACs', { name: t(p.name), params: p.params.toLocaleString('en-US'), macs: p.macs.toLocaleString('en-US') })}</title>
            <text className="chart-label" x={0} y={top + h / 2}>
              {t(p.name)}
            </text>
            <rect className="bar-params" x={LABEL_W} y={top} width={Math.max(1, params(p.params))} height={h} rx={2} />
            <text className="chart-value" x={LABEL_W + params(p.params) + 4} y={top + h / 2}>
              {formatSI(p.params, 1)}
            </text>
            <rect className="bar-macs" x={LABEL_W + colW + GAP} y={top} width={Math.max(1, macs(p.macs))} height={h} rx={2} />
            <text className="chart-value" x={LABEL_W + colW + GAP + macs(p.macs) + 4} y={top + h / 2}>
              {formatSI(p.macs, 1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
