/** Accuracy against MACs for torchvision's presets, and parameters and MACs per stage as grouped bars. */
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { PRESET_NAMES, analyzeSpec, formatSI, matchPreset, presetLabel, presetSpec, totalsByPart, type ModelAnalysis, type PublishedAccuracy } from '../../core';
import accuracy from '../../data/torchvision-imagenet-accuracy.json';
import { placeLabels } from '../../layout/labels';
import { useT } from '../../i18n/i18n';

const ACC = accuracy as Record<string, PublishedAccuracy[]>;
/** One colour per variant, the same in the table's heads, the scatter and the bars. */
export const VARIANT_COLORS = ['var(--c-Conv2d)', 'var(--g-projection)', 'var(--c-BatchNorm2d)', 'var(--c-MaxPool2d)'];
const COLORS = VARIANT_COLORS;

export function bestAccuracy(name: string): PublishedAccuracy | undefined {
  return [...(ACC[name] ?? [])].sort((a, b) => b['acc@1'] - a['acc@1'])[0];
}

const PRESET_POINTS = PRESET_NAMES.map((name) => ({ name, macs: analyzeSpec(presetSpec(name)).macs, acc: bestAccuracy(name)! })).filter((p) => p.acc);

export function AccuracyChart({ variants }: { variants: ModelAnalysis[] }) {
  const t = useT();
  const W = 420;
  const H = 260;
  const m = { l: 44, r: 12, t: 10, b: 34 };
  const x = scaleLog().domain([1.5e9, 3e10]).range([m.l, W - m.r]);
  const y = scaleLinear().domain([69, 84]).range([H - m.b, m.t]);
  // Presets are matched by architecture: a preset compared at another input size is still that preset.
  // Each compared preset in its variant's colour (the first variant that is it, when two are).
  const compared = new Map<string, number>();
  variants.forEach((v, i) => {
    const p = matchPreset({ ...v.graph.spec, input: presetSpec('resnet50').input });
    if (p && !compared.has(p)) compared.set(p, i);
  });
  const shown = PRESET_POINTS.filter((p) => compared.has(p.name));
  // Only the compared presets are named (the others crowd together; hover them for their names), never overlapping.
  const labels = placeLabels(
    shown.map((p) => ({ key: p.name, x: x(p.macs), y: y(p.acc['acc@1']), r: 6, text: presetLabel(p.name) })),
    { x0: m.l, y0: 0, x1: W, y1: H - m.b },
    // Bold 12 px in the system sans-serif (DejaVu Sans is among the widest): room enough that no name is cut.
    { charWidth: 8.4, height: 15 },
  );
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={t('ImageNet top-1 accuracy against MACs')} data-testid="accuracy-chart">
      {[2e9, 5e9, 1e10, 2e10].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={m.t} y2={H - m.b} className="grid" />
          <text x={x(t)} y={H - m.b + 12} className="tick" textAnchor="middle">
            {formatSI(t, 0)}
          </text>
        </g>
      ))}
      {[70, 74, 78, 82].map((t) => (
        <g key={t}>
          <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid" />
          <text x={m.l - 6} y={y(t)} className="tick" textAnchor="end">
            {t}%
          </text>
        </g>
      ))}
      <text x={(W + m.l) / 2} y={H - 4} className="tick" textAnchor="middle">
        {t('MACs at 224×224 (log scale)')}
      </text>
      {/* The compared presets drawn last, over the others. */}
      {[...PRESET_POINTS].sort((a, b) => Number(compared.has(a.name)) - Number(compared.has(b.name))).map((p) => (
        <g key={p.name} className={compared.has(p.name) ? 'point compared' : 'point'} data-variant={compared.get(p.name)}>
          <circle cx={x(p.macs)} cy={y(p.acc['acc@1'])} r={compared.has(p.name) ? 6 : 4} style={compared.has(p.name) ? { fill: COLORS[compared.get(p.name)!] } : undefined}>
            <title>{`${presetLabel(p.name)}: ${p.acc['acc@1']}% top-1, ${p.acc['acc@5']}% top-5 (${p.acc.weights}), ${formatSI(p.macs)} MACs`}</title>
          </circle>
        </g>
      ))}
      {labels.map((l) => (
        <g key={l.key} className="point-label-group" data-label={l.key}>
          {l.leader && <line className="leader" x1={l.leader.x1} y1={l.leader.y1} x2={l.leader.x2} y2={l.leader.y2} />}
          <text x={l.x} y={l.y} textAnchor={l.anchor} className="point-label">
            {presetLabel(l.key as (typeof PRESET_NAMES)[number])}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function StageBars({ variants, labels }: { variants: ModelAnalysis[]; labels: string[] }) {
  const t = useT();
  const W = 420;
  const H = 200;
  const m = { l: 56, r: 8, t: 8, b: 28 };
  const parts = variants.map(totalsByPart);
  const names = [...new Set(parts.flat().map((p) => p.name))];
  const x0 = scaleBand().domain(names).range([m.l, W - m.r]).padding(0.2);
  const x1 = scaleBand().domain(variants.map((_, i) => String(i))).range([0, x0.bandwidth()]).padding(0.08);
  const chart = (key: 'params' | 'macs', title: string) => {
    const max = Math.max(...parts.flat().map((p) => p[key]));
    const y = scaleLinear().domain([0, max]).range([H - m.b, m.t]).nice();
    return (
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={t('{what} per stage', { what: t(title) })} data-testid={`stage-bars-${key}`}>
        <text x={m.l} y={m.t + 4} className="tick">
          {t(title)}
        </text>
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={m.l - 6} y={y(t)} className="tick" textAnchor="end">
              {formatSI(t, 0)}
            </text>
          </g>
        ))}
        {names.map((n) => (
          <g key={n} transform={`translate(${x0(n)},0)`}>
            {parts.map((ps, i) => {
              const p = ps.find((q) => q.name === n);
              if (!p) return null;
              return (
                <rect key={i} x={x1(String(i))} y={y(p[key])} width={x1.bandwidth()} height={y(0) - y(p[key])} style={{ fill: COLORS[i] }}>
                  <title>{`${labels[i]} ${t(n)}: ${p[key].toLocaleString('en-US')}`}</title>
                </rect>
              );
            })}
            <text x={x0.bandwidth() / 2} y={H - m.b + 12} className="tick" textAnchor="middle">
              {t(n)}
            </text>
          </g>
        ))}
      </svg>
    );
  };
  return (
    <div>
      {chart('params', 'Parameters')}
      {chart('macs', 'MACs')}
      <p className="legend-inline">
        {labels.map((l, i) => (
          <span key={i}>
            <i style={{ background: COLORS[i] }} /> {l}
          </span>
        ))}
      </p>
    </div>
  );
}
