/**
 * The loss landscape (Li et al. 2018): a 2-D slice as a heat map with contour lines and as a shaded surface,
 * every network on one colour scale (log of the loss), and 1-D slices as curves. d3 computes (scales,
 * contours, colours), React draws; the grid fills in as the worker computes it.
 */
import { contours } from 'd3-contour';
import { rgb } from 'd3-color';
import { scaleLinear, scaleLog, scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import { lossOf } from '../../core/lab';
import { useT } from '../../i18n/i18n';
import type { Landscape, LandscapeKind, NetView } from '../../state/labStore';
import { loss4 } from './explain';
import { NetLegend, netColor } from './parts';

/** The loss at each grid point (NaN until computed). */
const lossGrid = (l: Landscape) => l.grid.map((row) => row.map((s) => (s ? lossOf(s) : NaN)));

/** One log-colour scale over every network's computed points. */
export function sharedScale(ls: Landscape[]): { lo: number; hi: number; color: (v: number) => string } {
  const v = ls.flatMap((l) => lossGrid(l).flat()).filter((x) => x > 0 && Number.isFinite(x));
  const lo = v.length ? Math.min(...v) : 0.1;
  const hi = v.length ? Math.max(...v, lo * 1.01) : 10;
  const s = scaleSequential(interpolateViridis).domain([Math.log(lo), Math.log(hi)]).clamp(true);
  return { lo, hi, color: (x: number) => s(Math.log(Math.max(x, 1e-12))) };
}

const S = 260;
const M = 30;

/** Contour coordinates: grid value i sits at i + 0.5 (d3-contour's convention). */
function ringPath(ring: number[][], px: (c: number) => number, py: (c: number) => number): string {
  return ring.map(([a, b], i) => `${i ? 'L' : 'M'}${px(a).toFixed(1)},${py(b).toFixed(1)}`).join('') + 'Z';
}

/** Heat map of the computed points, contour lines once the grid is complete; α across, β up. */
export function ContourMap({ n, l, scale }: { n: NetView; l: Landscape; scale: ReturnType<typeof sharedScale> }) {
  const t = useT();
  const g = lossGrid(l);
  const na = l.alphas.length;
  const nb = l.betas.length;
  const x = scaleLinear().domain([l.alphas[0], l.alphas[na - 1]]).range([M, S - 8]);
  const y = scaleLinear().domain([l.betas[0], l.betas[nb - 1]]).range([S - M, 8]);
  const cw = (x.range()[1] - x.range()[0]) / Math.max(1, na - 1);
  const ch = (y.range()[0] - y.range()[1]) / Math.max(1, nb - 1);
  const complete = l.progress.status === 'done';
  // d3-contour reads values row-major with x fastest: here x is α (i), y is β (j).
  const values = Array.from({ length: na * nb }, (_, k) => Math.log(g[k % na][Math.floor(k / na)]));
  const levels = complete ? contours().size([na, nb]).thresholds(12)(values) : [];
  const px = scaleLinear().domain([0.5, na - 0.5]).range(x.range());
  const py = scaleLinear().domain([0.5, nb - 0.5]).range(y.range());
  const clip = `lab-clip-${n.key}`;
  return (
    <svg viewBox={`0 0 ${S} ${S}`} className="lab-map" role="img" aria-label={t('{net}: loss over the α–β plane', { net: n.label })} data-testid="contour-map" data-net={n.key} data-computed={l.progress.done}>
      <defs>
        <clipPath id={clip}>
          <rect x={x.range()[0] - cw / 2} y={y.range()[1] - ch / 2} width={x.range()[1] - x.range()[0] + cw} height={y.range()[0] - y.range()[1] + ch} />
        </clipPath>
      </defs>
      {g.map((row, i) =>
        row.map((v, j) =>
          Number.isFinite(v) ? (
            <rect key={`${i},${j}`} x={x(l.alphas[i]) - cw / 2} y={y(l.betas[j]) - ch / 2} width={cw + 0.5} height={ch + 0.5} fill={scale.color(v)} data-loss={v}>
              <title>{`α ${l.alphas[i]}, β ${l.betas[j]}: ${loss4(v)}`}</title>
            </rect>
          ) : null,
        ),
      )}
      <g clipPath={`url(#${clip})`} className="contours">
        {levels.map((c) => (
          <path key={c.value} d={c.coordinates.map((poly) => poly.map((ring) => ringPath(ring, px, py)).join('')).join('')} />
        ))}
      </g>
      <circle cx={x(0)} cy={y(0)} r={3.5} className="centre">
        <title>{t('the trained weights')}</title>
      </circle>
      <g className="axes">
        {[l.alphas[0], 0, l.alphas[na - 1]].map((a) => (
          <text key={`a${a}`} x={x(a)} y={S - M + 14} textAnchor="middle">
            {a}
          </text>
        ))}
        {[l.betas[0], 0, l.betas[nb - 1]].map((b) => (
          <text key={`b${b}`} x={M - 6} y={y(b)} dy="0.32em" textAnchor="end">
            {b}
          </text>
        ))}
        <text x={(M + S) / 2} y={S - 2} textAnchor="middle" className="axis-label">
          α (d₁)
        </text>
        <text transform={`translate(9,${S / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          β (d₂)
        </text>
      </g>
    </svg>
  );
}

/** The same grid as a shaded surface: height and colour the log of the loss, lit from the upper left. */
export function ShadedSurface({ n, l, scale }: { n: NetView; l: Landscape; scale: ReturnType<typeof sharedScale> }) {
  const t = useT();
  const g = lossGrid(l);
  const na = l.alphas.length;
  const nb = l.betas.length;
  const span = Math.log(scale.hi) - Math.log(scale.lo) || 1;
  const z = (v: number) => Math.min(1, Math.max(0, (Math.log(v) - Math.log(scale.lo)) / span));
  const W = S;
  const cx = W / 2;
  const base = S * 0.62;
  // An axonometric view: α to the lower right, β to the lower left, the loss up.
  const proj = (i: number, j: number, h: number): [number, number] => {
    const u = na > 1 ? i / (na - 1) : 0.5;
    const v = nb > 1 ? j / (nb - 1) : 0.5;
    return [cx + (u - v) * W * 0.42, base + (u + v - 1) * S * 0.2 - h * S * 0.42];
  };
  const light = [-0.5, -0.6, 0.62];
  const quads: { key: string; d: string; fill: string; depth: number }[] = [];
  for (let i = 0; i < na - 1; i++) {
    for (let j = 0; j < nb - 1; j++) {
      const c = [g[i][j], g[i + 1][j], g[i + 1][j + 1], g[i][j + 1]];
      if (!c.every(Number.isFinite)) continue;
      const h = c.map(z);
      const pts = [proj(i, j, h[0]), proj(i + 1, j, h[1]), proj(i + 1, j + 1, h[2]), proj(i, j + 1, h[3])];
      // The quad's normal in (u, v, height) space, for Lambert shading.
      const du = [1 / (na - 1), 0, (h[1] - h[0] + h[2] - h[3]) / 2];
      const dv = [0, 1 / (nb - 1), (h[3] - h[0] + h[2] - h[1]) / 2];
      const nx = du[1] * dv[2] - du[2] * dv[1];
      const ny = du[2] * dv[0] - du[0] * dv[2];
      const nz = du[0] * dv[1] - du[1] * dv[0];
      const len = Math.hypot(nx, ny, nz) || 1;
      const lambert = Math.max(0, (nx * light[0] + ny * light[1] + nz * light[2]) / len / Math.hypot(...light));
      const mean = Math.exp(c.reduce((a, v) => a + Math.log(v), 0) / 4);
      const fill = rgb(scale.color(mean)).darker(0.9 * (1 - lambert)).formatHex();
      quads.push({ key: `${i},${j}`, d: `M${pts.map((p) => p.map((q) => q.toFixed(1)).join(',')).join('L')}Z`, fill, depth: i + j });
    }
  }
  quads.sort((a, b) => a.depth - b.depth);
  const ci = l.alphas.indexOf(0);
  const cj = l.betas.indexOf(0);
  const centre = ci >= 0 && cj >= 0 && Number.isFinite(g[ci][cj]) ? proj(ci, cj, z(g[ci][cj])) : null;
  return (
    <svg viewBox={`0 0 ${W} ${S}`} className="lab-surface" role="img" aria-label={t('{net}: the loss surface, shaded', { net: n.label })} data-testid="surface" data-net={n.key} data-quads={quads.length}>
      <g className="floor">
        <path d={`M${proj(0, 0, 0).join(',')}L${proj(na - 1, 0, 0).join(',')}L${proj(na - 1, nb - 1, 0).join(',')}L${proj(0, nb - 1, 0).join(',')}Z`} />
      </g>
      {quads.map((q) => (
        <path key={q.key} d={q.d} fill={q.fill} stroke={q.fill} strokeWidth={0.4} />
      ))}
      {centre && <circle cx={centre[0]} cy={centre[1]} r={3} className="centre" />}
      <text x={proj(na - 1, 0, 0)[0]} y={proj(na - 1, 0, 0)[1] + 14} textAnchor="middle" className="axis-label">
        α
      </text>
      <text x={proj(0, nb - 1, 0)[0]} y={proj(0, nb - 1, 0)[1] + 14} textAnchor="middle" className="axis-label">
        β
      </text>
    </svg>
  );
}

/** The shared colour key: log scale from the lowest to the highest loss computed. */
export function ColourKey({ scale }: { scale: ReturnType<typeof sharedScale> }) {
  const t = useT();
  const stops = Array.from({ length: 11 }, (_, k) => Math.exp(Math.log(scale.lo) + ((Math.log(scale.hi) - Math.log(scale.lo)) * k) / 10));
  return (
    <div className="lab-key" data-testid="colour-key">
      <span>{loss4(scale.lo)}</span>
      <span className="ramp" style={{ background: `linear-gradient(to right, ${stops.map((s) => scale.color(s)).join(', ')})` }} />
      <span>{loss4(scale.hi)}</span>
      <span className="muted">{t('test loss (one colour scale for every network; log)')}</span>
    </div>
  );
}

const SW = 620;
const SH = 240;
const SM = { t: 14, r: 14, b: 38, l: 52 };

/** 1-D slices (along one random direction, or the line to the initial weights) for every network. */
export function SliceChart({ nets, kind }: { nets: NetView[]; kind: Extract<LandscapeKind, 'slice' | 'initial'> }) {
  const t = useT();
  const withData = nets.filter((n) => n.landscapes[kind]);
  const all = withData.flatMap((n) => lossGrid(n.landscapes[kind]!).flat()).filter((v) => v > 0 && Number.isFinite(v));
  const alphas = withData.flatMap((n) => n.landscapes[kind]!.alphas);
  const x = scaleLinear().domain([Math.min(0, ...alphas), Math.max(1, ...alphas)]).range([SM.l, SW - SM.r]);
  const y = scaleLog()
    .domain(all.length ? [Math.min(...all) / 1.2, Math.max(...all) * 1.2] : [0.1, 10])
    .range([SH - SM.b, SM.t])
    .nice();
  const path = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .defined((d) => Number.isFinite(d[1]) && d[1] > 0);
  return (
    <figure className="lab-chart">
      <svg viewBox={`0 0 ${SW} ${SH}`} role="img" aria-label={kind === 'initial' ? t('Loss along the line from the trained to the initial weights') : t('Loss along one random direction')} data-testid={`slice-${kind}`}>
        {y.ticks(5).map((v) => (
          <g key={v} transform={`translate(${SM.l},${y(v)})`} className="axes">
            <line x2={SW - SM.l - SM.r} className="grid" />
            <text x={-6} dy="0.32em" textAnchor="end">
              {y.tickFormat(5)(v)}
            </text>
          </g>
        ))}
        {x.ticks(8).map((a) => (
          <g key={a} transform={`translate(${x(a)},${SH - SM.b})`} className="axes">
            <line y2={4} />
            <text y={16} textAnchor="middle">
              {a}
            </text>
          </g>
        ))}
        <text x={(SM.l + SW - SM.r) / 2} y={SH - 4} textAnchor="middle" className="axis-label">
          {kind === 'initial' ? t('α: 0 the trained weights, 1 the initial ones') : t('α along d₁ (0: the trained weights)')}
        </text>
        <text transform={`translate(12,${(SM.t + SH - SM.b) / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          {t('test loss (log)')}
        </text>
        {withData.map((n) => {
          const l = n.landscapes[kind]!;
          const pts = l.alphas.map((a, i) => [a, l.grid[i][0] ? lossOf(l.grid[i][0]!) : NaN] as [number, number]);
          const color = netColor(n, nets);
          return (
            <g key={n.key} data-testid="slice-series" data-net={n.key} data-computed={l.progress.done}>
              <path d={path(pts) ?? ''} stroke={color} className="mean" />
              {pts.map(([a, v]) => (Number.isFinite(v) ? <circle key={a} cx={x(a)} cy={y(v)} r={2.5} fill={color} /> : null))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <NetLegend nets={withData} />
      </figcaption>
    </figure>
  );
}
