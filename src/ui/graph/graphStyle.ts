/**
 * The graph's CSS, placed inside the <svg> so an exported SVG carries its own look. Colours are CSS variables
 * set by the app's theme; the exporter writes their resolved values into the file.
 */
export const THEME_VARS = [
  '--g-bg',
  '--g-text',
  '--g-muted',
  '--g-node',
  '--g-edge',
  '--g-identity',
  '--g-projection',
  '--g-group',
  '--g-group-stroke',
  '--g-focus',
  '--c-Conv2d',
  '--c-BatchNorm2d',
  '--c-ReLU',
  '--c-MaxPool2d',
  '--c-Add',
  '--c-AdaptiveAvgPool2d',
  '--c-Linear',
  '--c-Block',
  '--c-Stage',
  '--c-Input',
] as const;

export const GRAPH_CSS = `
.graph-root { font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", sans-serif; }
.group rect.box { fill: var(--g-group); stroke: var(--g-group-stroke); stroke-width: 1; }
/* A stage's box is drawn after its blocks' boxes: it must not take the clicks meant for a block's "−". */
.group rect.box { pointer-events: none; }
.group.stage rect.box, .group.stem rect.box, .group.head rect.box { stroke-dasharray: 5 4; }
.group.block rect.box { fill: none; }
.group text.title { fill: var(--g-muted); font-size: 12px; font-weight: 600; }
.group.block text.title { font-weight: 500; font-size: 11px; }
.group .toggle rect { fill: var(--g-node); stroke: var(--g-group-stroke); }
.group .toggle text { fill: var(--g-muted); font-size: 13px; font-weight: 700; text-anchor: middle; }
.group .toggle { cursor: pointer; }
.edge { fill: none; stroke: var(--g-edge); stroke-width: 1.5; }
.edge.identity { stroke: var(--g-identity); stroke-dasharray: 5 3; stroke-width: 1.8; }
.edge.projection { stroke: var(--g-projection); stroke-width: 1.8; }
.edge.zeropad { stroke: var(--g-identity); stroke-dasharray: 0.5 3.5; stroke-linecap: round; stroke-width: 2.6; }
.edge-label { fill: var(--g-identity); font-size: 10.5px; font-weight: 600; dominant-baseline: central; }
.node { cursor: pointer; }
.node rect.body { fill: var(--g-node); stroke: var(--accent); stroke-width: 1.2; }
.node rect.bar { fill: var(--accent); }
.node text { fill: var(--g-text); font-size: 12px; dominant-baseline: central; }
.node text.shape { fill: var(--g-muted); font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; text-anchor: end; }
.node text.shape.below { font-size: 10px; }
.node.Add circle { fill: var(--g-node); stroke: var(--accent); stroke-width: 1.5; }
.node.Add text.plus { text-anchor: middle; font-size: 16px; font-weight: 700; fill: var(--accent); }
.node.Block rect.body, .node.Stage rect.body { stroke-width: 1.6; }
.node.Stage text.label, .node.Block text.label { font-weight: 600; }
.node text.detail { fill: var(--g-muted); font-size: 11px; }
.node text.more { fill: var(--accent); font-weight: 700; font-size: 15px; text-anchor: middle; }
.node.downsamples rect.body { stroke-dasharray: none; }
.node:focus { outline: none; }
/* The keyboard's place: dashed, in the text colour, so it never reads as the (fuchsia) selection. */
.node:focus-visible rect.body, .node:focus-visible circle { stroke: var(--g-text); stroke-width: 2.5; stroke-dasharray: 5 3; }
.node.selected rect.body, .node.selected circle { stroke: var(--g-focus); stroke-width: 3; }
.node.match rect.body { stroke: var(--g-focus); stroke-dasharray: 4 2; }
.node:hover rect.body { filter: brightness(0.97); }
.node image.thumb { image-rendering: pixelated; }
.node .ratio-track { fill: var(--g-group-stroke); }
.node .ratio-bar { fill: var(--g-identity); }
.lod-far .node text, .lod-far .group text.title { display: none; }
.group text.title-far { display: none; fill: var(--g-text); font-weight: 700; dominant-baseline: hanging; }
.lod-far .group text.title-far { display: inline; font-size: calc(13px / var(--k, 1)); }
.lod-far .group.block rect.box { stroke-width: calc(1px / var(--k, 1)); }
.node.selected rect.body, .node.selected circle { filter: drop-shadow(0 0 3px var(--g-focus)); }
.group.selected > rect.box { stroke: var(--g-focus); stroke-width: 2.5; stroke-dasharray: none; }
${['Conv2d', 'BatchNorm2d', 'ReLU', 'MaxPool2d', 'Add', 'AdaptiveAvgPool2d', 'Linear', 'Block', 'Stage', 'Input']
  .map((t) => `.node.${t} { --accent: var(--c-${t}); }`)
  .join('\n')}
`;

/** The colour variable of each edge kind (option A's edges are parameter-free, like the identity: same colour). */
export const EDGE_COLOUR = { main: '--g-edge', identity: '--g-identity', projection: '--g-projection', zeropad: '--g-identity' } as const;

/** Legend entries: what each colour means, in the order a learner meets them. */
export const LEGEND: { kind: string; label: string }[] = [
  { kind: 'Conv2d', label: 'Convolution' },
  { kind: 'BatchNorm2d', label: 'Batch norm' },
  { kind: 'ReLU', label: 'ReLU' },
  { kind: 'MaxPool2d', label: 'Max-pool' },
  { kind: 'Add', label: 'Residual add' },
  { kind: 'AdaptiveAvgPool2d', label: 'Global avg pool' },
  { kind: 'Linear', label: 'Fully connected' },
  { kind: 'Block', label: 'Block (collapsed)' },
  { kind: 'Stage', label: 'Stage (collapsed)' },
];
