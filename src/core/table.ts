/** The per-layer table (torchinfo's columns), as rows and as text, CSV and Markdown. */
import { formatShape, type ModelAnalysis } from './analysis';
import { formatCount } from './format';
import type { ResNetSpec } from './spec';

/** The shortcuts in words, for the summary's footer. */
export function shortcutSummary(spec: Pick<ResNetSpec, 'shortcut' | 'residual'>): string {
  if (!spec.residual) return 'none (plain network: no shortcuts, no adds)';
  return spec.shortcut === 'A'
    ? 'option A (identity; where the shape changes, parameter-free: subsample and zero-pad channels)'
    : 'option B (identity; where the shape changes, 1×1 conv + BN projection)';
}

export interface LayerRow {
  name: string;
  type: string;
  out: number[];
  params: number;
  macs: number;
}

export interface SummaryJson {
  input: number[];
  params: number;
  macs: number;
  output: number[];
  /** The spec's shortcut option and residual switch (a plain net has no shortcuts whatever the option). */
  shortcut: ResNetSpec['shortcut'];
  residual: boolean;
  layers: LayerRow[];
}

export function summaryJson(a: ModelAnalysis): SummaryJson {
  const { input } = a.graph.spec;
  return {
    input: [input.channels, input.height, input.width],
    params: a.params,
    macs: a.macs,
    output: a.output,
    shortcut: a.graph.spec.shortcut,
    residual: a.graph.spec.residual,
    layers: a.layers.map((l) => ({
      name: l.layer.name,
      type: l.layer.type,
      out: l.outShape,
      params: l.params,
      macs: l.macs,
    })),
  };
}

const HEADERS = ['Layer', 'Type', 'Output shape', 'Params', 'MACs'];

function cells(r: LayerRow): string[] {
  return [r.name, r.type, formatShape(r.out), formatCount(r.params), formatCount(r.macs)];
}

/** A fixed-width table with totals, for the terminal. */
export function summaryText(a: ModelAnalysis): string {
  const json = summaryJson(a);
  const rows = json.layers.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((x, y) => x + y + 2, -2));
  return [
    line(HEADERS),
    rule,
    ...rows.map(line),
    rule,
    `Input: ${formatShape(json.input)}    Output: ${formatShape(json.output)}`,
    `Shortcuts: ${shortcutSummary(a.graph.spec)}`,
    `Total params: ${formatCount(a.params)}`,
    `Total MACs: ${formatCount(a.macs)} (${(a.macs / 1e9).toFixed(2)} GMACs)`,
    `Weighted depth: ${a.depth}    Weights (fp32): ${(a.weightBytes / 1e6).toFixed(1)} MB    ` +
      `Activations (batch 1, fp32): ${((a.activations * 4) / 1e6).toFixed(1)} MB`,
  ].join('\n');
}

const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

export function summaryCsv(a: ModelAnalysis): string {
  const rows = summaryJson(a).layers.map((r) => [r.name, r.type, formatShape(r.out), String(r.params), String(r.macs)]);
  return [HEADERS, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function summaryMarkdown(a: ModelAnalysis): string {
  const rows = summaryJson(a).layers.map(cells);
  const md = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    md(HEADERS),
    '| --- | --- | --- | ---: | ---: |',
    ...rows.map(md),
    md(['**Total**', '', formatShape(a.output), `**${formatCount(a.params)}**`, `**${formatCount(a.macs)}**`]),
  ].join('\n') + '\n';
}
