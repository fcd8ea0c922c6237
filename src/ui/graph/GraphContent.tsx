/**
 * The drawn graph: group boxes, edges and nodes, straight from the layout. Renders only; events are delegated.
 * Every piece is memoised by what it shows (same.ts), so an edit re-renders only the pieces it changed. Where a
 * node or an edge only moved (an edit in stage 3 moves what follows it; folded into columns, up to hundreds of
 * nodes when the cuts between columns shift), React does not render it again: a layout effect writes the new
 * `transform` or path straight onto its element, before the frame is painted.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n';
import { textUnits } from '../../layout/labels';
import type { GraphLayout, PlacedEdge, PlacedGroup, PlacedNode } from '../../layout/layout';
import type { NodeActivation } from './activations';
import { sameActivation, sameEdge, sameEdgeLook, sameGroup, sameNodeLook } from './same';

/** Rough text widths (px per character) of the node fonts, to keep a label clear of what sits beside it. */
const CHAR_12 = 6.9;
const CHAR_11_MONO = 6.7;
const CHAR_11 = 6.2;
/** ‖F(x)‖/‖x‖ drawn as a bar: full length at 2 (the branch twice the shortcut) and beyond. */
const RATIO_FULL = 2;


const clip = (text: string, px: number, perChar: number) => {
  const room = px / perChar;
  if (textUnits(text) <= room) return text;
  let out = '';
  let used = 1; // the ellipsis
  for (const ch of text) {
    if (used + textUnits(ch) > room && out) break;
    out += ch;
    used += textUnits(ch);
  }
  return `${out}…`;
};

function RatioTitle({ ratio }: { ratio: number }) {
  const t = useT();
  return <title>{t("‖F(x)‖ / ‖x‖ = {ratio}: how much this block's residual branch changes what passes through", { ratio: ratio.toFixed(3) })}</title>;
}

const Group = memo(function Group({ g, selected }: { g: PlacedGroup; selected: boolean }) {
  const t = useT();
  const label = t(g.label);
  return (
    <g className={`group ${g.kind}${selected ? ' selected' : ''}`} data-group={g.key}>
      <rect className="box" x={g.x} y={g.y} width={g.w} height={g.h} rx={g.kind === 'block' ? 6 : 10} />
      <text className="title" x={g.x + 10} y={g.y + 15}>
        {label}
      </text>
      {/* Zoomed far out, a stage keeps a short title drawn at a fixed size on screen. */}
      {g.kind !== 'block' && (
        <text className="title-far" x={g.x + 10} y={g.y + 6}>
          {label.replace(/:.*$/, '')}
        </text>
      )}
      {g.collapses && (
        <g
          className="toggle"
          data-collapse={g.collapses}
          role="button"
          tabIndex={0}
          aria-label={t('Collapse {name}', { name: g.collapses })}
          transform={`translate(${g.x + g.w - 24},${g.y + 4})`}
        >
          <title>{t('Collapse {name}', { name: g.collapses })}</title>
          <rect width={18} height={16} rx={4} />
          <text x={9} y={12.5}>
            −
          </text>
        </g>
      )}
    </g>
  );
}, (a, b) => a.selected === b.selected && sameGroup(a.g, b.g));

/**
 * A node where the layout puts it: its place, its selection, and what a screen reader reads; the drawing inside.
 * Its place is written here when it renders, and by GraphContent's layout effect when it only moved.
 */
const Node = memo(
  function Node({ n, selected, act }: { n: PlacedNode; selected: boolean; act?: NodeActivation }) {
    const t = useT();
    const nodeLabel = t(n.label);
    const detail = n.detail ? t(n.detail) : undefined;
    const what = n.kind === 'Add' ? t('{name}: residual add', { name: n.name }) : n.kind === 'Stage' ? nodeLabel : `${n.name}: ${detail ?? nodeLabel}`;
    const cls = `node ${n.kind}${selected ? ' selected' : ''}${n.downsamples ? ' downsamples' : ''}`;
    const actData = act
      ? { 'data-thumb': act.layerId, 'data-output-mean': act.outputMean.toPrecision(6), ...(act.ratio !== undefined ? { 'data-ratio': act.ratio.toPrecision(6) } : {}) }
      : {};
    return (
      <g
        className={cls}
        data-key={n.key}
        data-layer={n.name}
        data-shape={n.shape}
        tabIndex={0}
        role="button"
        aria-label={t(n.expands ? '{what}, output {shape} (collapsed; + expands)' : '{what}, output {shape}', { what, shape: n.shape })}
        aria-pressed={selected}
        transform={`translate(${n.x},${n.y})`}
        {...actData}
      >
        <NodeBody n={n} act={act} />
      </g>
    );
  },
  (a, b) => a.selected === b.selected && sameNodeLook(a.n, b.n) && sameActivation(a.act, b.act),
);

/** What a node draws, at its own origin: the same wherever the node moves. */
const NodeBody = memo(
  function NodeBody({ n, act }: { n: PlacedNode; act?: NodeActivation }) {
    const t = useT();
    const nodeLabel = t(n.label);
    const detail = n.detail ? t(n.detail) : undefined;
    if (n.kind === 'Add') {
      const r = n.w / 2;
      return (
        <>
          <circle cx={r} cy={r} r={r} />
          <text className="plus" x={r} y={r + 1}>
            +
          </text>
          {act && (
            <>
              <image className="thumb" href={act.url} x={-30} y={0} width={24} height={24} preserveAspectRatio="xMidYMid meet" />
              {act.ratio !== undefined && (
                <g className="ratio">
                  <rect className="ratio-track" x={-96} y={r - 2} width={60} height={4} rx={2} />
                  <rect className="ratio-bar" x={-36 - 60 * Math.min(1, act.ratio / RATIO_FULL)} y={r - 2} width={60 * Math.min(1, act.ratio / RATIO_FULL)} height={4} rx={2} />
                  <RatioTitle ratio={act.ratio} />
                </g>
              )}
            </>
          )}
        </>
      );
    }
    // With a thumbnail the text moves right of it; what no longer fits is shortened or left to the tooltip.
    const thumb = act ? Math.min(24, n.h - 6) + 6 : 0;
    const x0 = 13 + thumb;
    const label = n.kind === 'Stage' ? n.name : nodeLabel;
    const room = n.w - x0 - (n.expands ? 24 : 8);
    // The output shape beside the label; where a thumbnail leaves no room for both, under it (never dropped).
    const below = !detail && !!act && x0 + textUnits(label) * CHAR_12 + 10 >= n.w - 8 - n.shape.length * CHAR_11_MONO;
    return (
      <>
        <rect className="body" width={n.w} height={n.h} rx={6} />
        <rect className="bar" width={5} height={n.h} rx={2} />
        {act && <image className="thumb" href={act.url} x={8} y={(n.h - thumb + 6) / 2} width={thumb - 6} height={thumb - 6} preserveAspectRatio="xMidYMid meet" />}
        <text className="label" x={x0} y={detail ? n.h / 2 - 8 : below ? n.h / 2 - 7 : n.h / 2}>
          {act ? clip(label, room, CHAR_12) : label}
        </text>
        {detail ? (
          <text className="detail" x={x0} y={n.h / 2 + 9}>
            {act ? clip(detail, room, CHAR_11) : detail}
          </text>
        ) : (
          <text className={below ? 'shape below' : 'shape'} x={n.w - 8} y={below ? n.h / 2 + 7 : n.h / 2}>
            {n.shape}
          </text>
        )}
        {act?.ratio !== undefined && (
          <g className="ratio">
            <rect className="ratio-track" x={x0} y={n.h - 6} width={n.w - x0 - 10} height={3} rx={1.5} />
            <rect className="ratio-bar" x={x0} y={n.h - 6} width={(n.w - x0 - 10) * Math.min(1, act.ratio / RATIO_FULL)} height={3} rx={1.5} />
            <RatioTitle ratio={act.ratio} />
          </g>
        )}
        {n.expands && (
          <g className="expand" data-expand={n.expands}>
            <rect x={n.w - 28} width={28} height={n.h} style={{ fill: 'transparent' }} />
            <text className="more" x={n.w - 14} y={n.h / 2}>
              +
            </text>
          </g>
        )}
      </>
    );
  },
  (a, b) => sameNodeLook(a.n, b.n) && sameActivation(a.act, b.act),
);

/** An edge; its path is written here when it renders, and by GraphContent's layout effect when it only moved. */
const Edge = memo(
  function Edge({ e }: { e: PlacedEdge }) {
    return <path className={`edge ${e.kind}`} data-edge-key={e.key} d={e.path} markerEnd={`url(#arrow-${e.kind})`} />;
  },
  (a, b) => sameEdgeLook(a.e, b.e),
);

/** Writes an attribute where it differs (reading one is far cheaper than writing it: a write invalidates). */
function put(el: Element, name: string, value: string) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** The element drawn for `key`: the i-th child (React keeps the children in the layout's order), else by its key. */
function child(parent: Element, i: number, attr: string, key: string): Element | null {
  const el = parent.children[i];
  return el?.getAttribute(attr) === key ? el : parent.querySelector(`:scope > [${attr}="${CSS.escape(key)}"]`);
}

const EdgeLabel = memo(
  function EdgeLabel({ e }: { e: PlacedEdge }) {
    const t = useT();
    return (
      <text className={`edge-label ${e.kind}`} data-edge={e.key} x={e.label!.x} y={e.label!.y}>
        {t(e.label!.text)}
      </text>
    );
  },
  (a, b) => sameEdge(a.e, b.e),
);

export const GraphContent = memo(function GraphContent({
  layout,
  selected,
  activations,
}: {
  layout: GraphLayout;
  selected: string | null;
  activations: Map<string, NodeActivation> | null;
}) {
  const nodesRef = useRef<SVGGElement>(null);
  const edgesRef = useRef<SVGGElement>(null);
  // The nodes and edges that only moved: their new places, written before the browser paints.
  useLayoutEffect(() => {
    const nodes = nodesRef.current!;
    layout.nodes.forEach((n, i) => {
      const el = child(nodes, i, 'data-key', n.key);
      if (el) put(el, 'transform', `translate(${n.x},${n.y})`);
    });
    const edges = edgesRef.current!;
    layout.edges.forEach((e, i) => {
      const el = child(edges, i, 'data-edge-key', e.key);
      if (el) put(el, 'd', e.path);
    });
  }, [layout]);
  return (
    <>
      <g className="groups">
        {layout.groups.map((g) => (
          // An expanded block or stage that is selected is ringed (a stage folded into columns, on each of its boxes).
          <Group key={g.key} g={g} selected={selected !== null && (g.key === selected || g.key.startsWith(`${selected}~`))} />
        ))}
      </g>
      <g className="edges" ref={edgesRef}>
        {layout.edges.map((e) => (
          <Edge key={e.key} e={e} />
        ))}
        {layout.edges.map((e) => e.label && <EdgeLabel key={`${e.key}:label`} e={e} />)}
      </g>
      <g className="nodes" ref={nodesRef}>
        {layout.nodes.map((n) => (
          <Node key={n.key} n={n} selected={n.key === selected} act={activations?.get(n.key)} />
        ))}
      </g>
    </>
  );
});
