/**
 * The architecture graph: d3-zoom for zoom and pan (d3 computes, React renders), a minimap, hover details,
 * keyboard navigation between nodes, and the toolbar (expand, collapse, fit, find, export).
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import 'd3-transition';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatShape, type ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';
import type { GraphLayout, PlacedNode } from '../../layout/layout';
import { GraphContent } from './GraphContent';
import { EDGE_COLOUR, GRAPH_CSS, LEGEND } from './graphStyle';
import { Minimap } from './Minimap';

export interface FocusRequest {
  key: string;
  seq: number;
}

interface Props {
  analysis: ModelAnalysis;
  layout: GraphLayout;
  selected: string | null;
  onSelect: (key: string | null) => void;
  onToggle: (name: string, collapsed: boolean) => void;
  /** A change refits the view (a new model arrived); edits keep the view where it is. */
  refitKey: number;
  focus: FocusRequest | null;
  toolbar: React.ReactNode;
}

const MARGIN = 24;
const FAR = 0.42;

function fitTransform(layout: GraphLayout, vw: number, vh: number, whole: boolean): ZoomTransform {
  const W = layout.width + 2 * MARGIN;
  const H = layout.height + 2 * MARGIN;
  let k = Math.min(vw / W, vh / H, 1.25);
  let y = (vh - H * k) / 2;
  if (!whole && k < 0.6) {
    // Too tall to read whole: fit the width and start at the top (the minimap shows the rest).
    k = Math.min(vw / W, 1);
    y = 0;
  }
  return zoomIdentity.translate((vw - W * k) / 2 + MARGIN * k, y + MARGIN * k).scale(k);
}

export function GraphView({ analysis, layout, selected, onSelect, onToggle, refitKey, focus, toolbar }: Props) {
  const t = useT();
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [size, setSize] = useState({ w: 800, h: 600 });
  const [hover, setHover] = useState<string | null>(null);
  const nodesByKey = useMemo(() => new Map(layout.nodes.map((n) => [n.key, n])), [layout]);
  const order = useMemo(() => [...layout.nodes].sort((a, b) => a.y - b.y || a.x - b.x).map((n) => n.key), [layout]);

  // A layout effect, declared first, so the behaviour exists before the first fit below.
  useLayoutEffect(() => {
    const svg = svgRef.current!;
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .on('zoom', (e: { transform: ZoomTransform }) => {
        const g = viewportRef.current!;
        g.setAttribute('transform', e.transform.toString());
        g.classList.toggle('lod-far', e.transform.k < FAR);
        setTransform(e.transform);
      });
    select(svg).call(behaviour).on('dblclick.zoom', null);
    zoomRef.current = behaviour;
    const ro = new ResizeObserver(() => setSize({ w: svg.clientWidth, h: svg.clientHeight }));
    ro.observe(svg);
    return () => ro.disconnect();
  }, []);

  const apply = useCallback((t: ZoomTransform, animate = false) => {
    const svg = select(svgRef.current!);
    if (animate) svg.transition().duration(350).call(zoomRef.current!.transform, t);
    else svg.call(zoomRef.current!.transform, t);
  }, []);

  const fit = useCallback(
    (whole: boolean, animate = false) => {
      const svg = svgRef.current!;
      apply(fitTransform(layout, svg.clientWidth || 800, svg.clientHeight || 600, whole), animate);
    },
    [apply, layout],
  );

  // A new model: fit it. (The layout of an edit arrives with the same refitKey and keeps the view.)
  const lastRefit = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (lastRefit.current === refitKey) return;
    lastRefit.current = refitKey;
    fit(false);
  }, [refitKey, fit]);

  const centerOn = useCallback(
    (n: PlacedNode, animate = true) => {
      const svg = svgRef.current!;
      const k = Math.max(transform.k, 0.8);
      const t = zoomIdentity
        .translate(svg.clientWidth / 2 - (n.x + n.w / 2) * k, svg.clientHeight / 2 - (n.y + n.h / 2) * k)
        .scale(k);
      apply(t, animate);
    },
    [apply, transform.k],
  );

  const lastFocus = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || lastFocus.current === focus.seq) return;
    const n = nodesByKey.get(focus.key);
    if (!n) return;
    lastFocus.current = focus.seq;
    centerOn(n);
    svgRef.current?.querySelector<SVGGElement>(`[data-key="${CSS.escape(n.key)}"]`)?.focus({ preventScroll: true });
  }, [focus, nodesByKey, centerOn]);

  // For the benchmark: when a new layout reaches the DOM.
  useEffect(() => {
    performance.mark('graph:rendered', { detail: layout.nodes.length });
  }, [layout]);

  const keyOf = (e: React.SyntheticEvent) => (e.target as Element).closest('[data-key]')?.getAttribute('data-key') ?? null;

  const activate = (key: string) => {
    const n = nodesByKey.get(key);
    if (!n) return;
    onSelect(key);
    if (n.expands) onToggle(n.expands, false);
  };

  const onClick = (e: React.MouseEvent) => {
    const toggle = (e.target as Element).closest('[data-collapse]');
    if (toggle) {
      onToggle(toggle.getAttribute('data-collapse')!, true);
      return;
    }
    const key = keyOf(e);
    if (key) activate(key);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const toggle = (e.target as Element).closest('[data-collapse]');
    if (toggle && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onToggle(toggle.getAttribute('data-collapse')!, true);
      return;
    }
    const key = keyOf(e);
    if (!key) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(key);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const i = order.indexOf(key);
      const j =
        e.key === 'Home' ? 0 : e.key === 'End' ? order.length - 1 : Math.max(0, Math.min(order.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)));
      const next = svgRef.current!.querySelector<SVGGElement>(`[data-key="${CSS.escape(order[j])}"]`);
      next?.focus({ preventScroll: true });
    } else if (e.key === 'Escape') {
      onSelect(null);
    }
  };

  // Keep a keyboard-focused node in view.
  const onFocus = (e: React.FocusEvent) => {
    const key = keyOf(e);
    const n = key ? nodesByKey.get(key) : undefined;
    if (!n) return;
    const [x0, y0] = transform.apply([n.x, n.y]);
    const [x1, y1] = transform.apply([n.x + n.w, n.y + n.h]);
    if (x0 < 0 || y0 < 0 || x1 > size.w || y1 > size.h) centerOn(n, false);
  };

  const hovered = hover ? nodesByKey.get(hover) : undefined;
  const zoomBy = (f: number) => select(svgRef.current!).transition().duration(200).call(zoomRef.current!.scaleBy, f);

  return (
    <div className="graph-view">
      <div className="graph-toolbar" role="toolbar" aria-label="Graph">
        {toolbar}
        <span className="spacer" />
        <button type="button" onClick={() => zoomBy(1 / 1.3)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        <span className="zoom-level" aria-live="polite">
          {Math.round(transform.k * 100)}%
        </span>
        <button type="button" onClick={() => zoomBy(1.3)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" onClick={() => fit(true, true)}>
          {t('Fit to screen')}
        </button>
      </div>
      <div className="graph-canvas">
        <svg
          ref={svgRef}
          className="graph-svg"
          data-testid="architecture-graph"
          role="group"
          aria-label={`Architecture graph: ${layout.nodes.length} nodes`}
          onClick={onClick}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          onPointerOver={(e) => setHover(keyOf(e))}
          onPointerLeave={() => setHover(null)}
        >
          <style>{GRAPH_CSS}</style>
          <defs>
            {(['main', 'identity', 'projection', 'zeropad'] as const).map((k) => (
              <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                <path d="M0,1L9,5L0,9z" style={{ fill: `var(${EDGE_COLOUR[k]})` }} />
              </marker>
            ))}
          </defs>
          <g ref={viewportRef} data-viewport className="graph-root">
            <GraphContent layout={layout} selected={selected} />
          </g>
        </svg>
        {hovered && <Tooltip node={hovered} analysis={analysis} transform={transform} size={size} />}
        <Minimap layout={layout} transform={transform} size={size} onCenter={(x, y) => {
          const t = zoomIdentity.translate(size.w / 2 - x * transform.k, size.h / 2 - y * transform.k).scale(transform.k);
          apply(t);
        }} />
      </div>
      <Legend />
    </div>
  );
}

function Tooltip({ node, analysis, transform, size }: { node: PlacedNode; analysis: ModelAnalysis; transform: ZoomTransform; size: { w: number; h: number } }) {
  const stats = analysis.byId.get(node.key);
  const [x, y] = transform.apply([node.x + node.w, node.y]);
  const left = Math.min(x + 12, size.w - 260);
  const top = Math.max(8, Math.min(y, size.h - 140));
  return (
    <div className="tooltip" role="tooltip" style={{ left, top }}>
      <strong>{node.name}</strong>
      <span className="muted"> {stats ? stats.layer.type : node.kind}</span>
      <div>
        {stats ? `${formatShape(stats.inShape)} → ` : ''}
        {node.shape}
      </div>
      {stats && (
        <div className="muted">
          {formatCount(stats.params)} params · {formatCount(stats.macs)} MACs
        </div>
      )}
      {node.expands && <div className="muted">Click to expand</div>}
    </div>
  );
}

function Legend() {
  const t = useT();
  return (
    <div className="legend" aria-label="Legend">
      {LEGEND.map((l) => (
        <span key={l.kind} className="legend-item">
          <i style={{ background: `var(--c-${l.kind})` }} />
          {t(l.label)}
        </span>
      ))}
      {[
        ['identity', 'Identity shortcut'],
        ['projection', 'Projection shortcut (1×1 conv + BN)'],
        ['zeropad', 'Parameter-free shortcut (option A: subsample, zero-pad)'],
      ].map(([kind, label]) => (
        <span key={kind} className="legend-item">
          <svg width="22" height="8" aria-hidden="true">
            {kind === 'zeropad' ? (
              <line x1="1" y1="4" x2="22" y2="4" style={{ stroke: `var(${EDGE_COLOUR.zeropad})`, strokeWidth: 2.6, strokeDasharray: '0.5 3.5', strokeLinecap: 'round' }} />
            ) : (
              <line x1="0" y1="4" x2="22" y2="4" className={`legend-${kind}`} />
            )}
          </svg>
          {t(label)}
        </span>
      ))}
    </div>
  );
}
