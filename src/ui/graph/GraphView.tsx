/**
 * The architecture graph: d3-zoom for zoom and pan (d3 computes, React renders), a minimap, hover details,
 * keyboard navigation between nodes, and the toolbar (expand, collapse, fit, find, export).
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform as zoomTransformOf, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import 'd3-transition';
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type Ref } from 'react';
import { formatCount, formatShape, type ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';
import type { GraphLayout, PlacedNode } from '../../layout/layout';
import { wrapLayout } from '../../layout/wrap';
import type { InferenceSession } from '../../runtime/inference';
import type { ThumbMode } from '../../runtime/model/thumbnails';
import { nodeActivations, useThumbMode, useThumbnails, type NodeActivation } from './activations';
import { GraphContent } from './GraphContent';
import { EDGE_COLOUR, GRAPH_CSS, LEGEND } from './graphStyle';
import { Minimap } from './Minimap';
import './graph.css';
import { useKeyboardScroll } from '../useKeyboardScroll';

export interface FocusRequest {
  key: string;
  seq: number;
}

/** What the graph view lends its owner: the drawing itself, for the SVG and PNG exports. */
export interface GraphHandle {
  svg(): SVGSVGElement | null;
}

interface Props {
  analysis: ModelAnalysis;
  layout: GraphLayout;
  selected: string | null;
  onSelect: (key: string | null) => void;
  /** Expands (false) or collapses (true) a block or stage: the node's "+", a double-click, the + and − keys. */
  onToggle: (name: string, collapsed: boolean) => void;
  /** Collapses the block or stage holding a node (the − key). */
  onCollapseParent: (key: string) => void;
  /** A change refits the view (a new model arrived); edits keep the view where it is. */
  refitKey: number;
  focus: FocusRequest | null;
  toolbar: React.ReactNode;
  /** The live session: once an image has run, the graph carries its activations. */
  session?: InferenceSession | null;
  /** A click on a node's thumbnail: show that node's feature maps. */
  onOpenActivations?: (key: string) => void;
  /** Drawn over the graph, in its zoomed coordinates (the lab's switched-off blocks). */
  overlay?: React.ReactNode;
  ref?: Ref<GraphHandle>;
}

const MARGIN = 24;
const FAR = 0.42;
/** Below this scale a first view would be unreadable: it fits the width instead and starts at the top. */
const READABLE = 0.6;

/**
 * The whole drawing in view (`whole`: centred; a drawing folded into columns), or a first view (also the Fit
 * button's): the whole drawing when it is readable, else the width, starting at the top either way (no blank band
 * above the input).
 */
export function fitTransform(layout: { width: number; height: number }, vw: number, vh: number, whole: boolean): ZoomTransform {
  const W = layout.width + 2 * MARGIN;
  const H = layout.height + 2 * MARGIN;
  let k = Math.min(vw / W, vh / H, 1.25);
  let y = whole ? (vh - H * k) / 2 : 0;
  if (!whole && k < READABLE) {
    k = Math.min(vw / W, 1);
    y = 0;
  }
  return zoomIdentity.translate((vw - W * k) / 2 + MARGIN * k, y + MARGIN * k).scale(k);
}

/** Wheel steps as zoom: a mouse notch (±100) is ~15 %; a trackpad pinch (Ctrl + small deltas) is amplified. */
function wheelDelta(e: WheelEvent): number {
  const unit = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
  return -e.deltaY * unit * (e.ctrlKey && Math.abs(e.deltaY) < 50 ? 5 : 1);
}

/** The canvas' width / height in quarter steps, so the wrapped layout only changes on a real resize. */
const aspectOf = (size: { w: number; h: number }) => Math.min(3, Math.max(0.5, Math.round((size.w / Math.max(1, size.h)) * 4) / 4));

export function GraphView({ analysis, layout: column, selected, onSelect, onToggle, onCollapseParent, refitKey, focus, toolbar, session = null, onOpenActivations, overlay, ref }: Props) {
  const t = useT();
  const svgRef = useRef<SVGSVGElement>(null);
  useImperativeHandle(ref, () => ({ svg: () => svgRef.current }), []);
  const viewportRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [size, setSize] = useState({ w: 800, h: 600 });
  const [hover, setHover] = useState<string | null>(null);
  const aspect = aspectOf(size);
  // Big expanded graphs are folded into columns that suit the canvas.
  const layout = useMemo(() => wrapLayout(column, aspect), [column, aspect]);
  const nodesByKey = useMemo(() => new Map(layout.nodes.map((n) => [n.key, n])), [layout]);
  const run = useThumbnails(session, analysis);
  const activations = useMemo(() => (run ? nodeActivations(analysis, layout.nodes, run) : null), [run, analysis, layout]);
  const mode = useThumbMode(session);
  const setThumbMode = useCallback((m: ThumbMode) => session?.setThumbMode(m), [session]);
  const order = useMemo(() => [...layout.nodes].sort((a, b) => a.y - b.y || a.x - b.x).map((n) => n.key), [layout]);

  // A layout effect, declared first, so the behaviour exists before the first fit below.
  useLayoutEffect(() => {
    const svg = svgRef.current!;
    // Netron's and the map tools' convention: the wheel (and a two-finger trackpad scroll) pans; Ctrl/⌘ +
    // wheel and a pinch (which browsers send as Ctrl + wheel) zoom; drag pans; two fingers pinch on touch.
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .filter((e: Event) => {
        if (e.type === 'wheel') return (e as WheelEvent).ctrlKey || (e as WheelEvent).metaKey;
        const m = e as MouseEvent;
        return !m.ctrlKey && !m.button;
      })
      .wheelDelta(wheelDelta)
      .on('zoom', (e: { transform: ZoomTransform }) => {
        const g = viewportRef.current!;
        g.setAttribute('transform', e.transform.toString());
        g.classList.toggle('lod-far', e.transform.k < FAR);
        g.style.setProperty('--k', String(e.transform.k));
        setTransform(e.transform);
        // A tooltip belongs to where the pointer was: it goes when the view moves.
        setHover(null);
      });
    select(svg).call(behaviour).on('dblclick.zoom', null);
    zoomRef.current = behaviour;
    const pan = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode ? svg.clientHeight : 1;
      // Shift + wheel scrolls sideways, as in a document.
      const [dx, dy] = e.shiftKey && !e.deltaX ? [e.deltaY, 0] : [e.deltaX, e.deltaY];
      const k = zoomTransformOf(svg).k;
      behaviour.translateBy(select(svg), (-dx * unit) / k, (-dy * unit) / k);
    };
    svg.addEventListener('wheel', pan, { passive: false });
    const ro = new ResizeObserver(() => setSize({ w: svg.clientWidth, h: svg.clientHeight }));
    ro.observe(svg);
    return () => {
      ro.disconnect();
      svg.removeEventListener('wheel', pan);
    };
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
  const lastWrapped = useRef(false);
  useLayoutEffect(() => {
    const wrapped = layout !== column;
    if (lastRefit.current === refitKey) {
      // Folding into columns (or back) moves everything: show the whole new drawing.
      if (wrapped !== lastWrapped.current) fit(true);
      lastWrapped.current = wrapped;
      return;
    }
    lastRefit.current = refitKey;
    lastWrapped.current = wrapped;
    fit(false);
  }, [refitKey, fit, layout, column]);

  const centerOn = useCallback(
    (n: PlacedNode, animate = true) => {
      const svg = svgRef.current!;
      const k = Math.max(transform.k, 0.8);
      // Centred, but never with a blank band above the drawing (the tour's first step, the stem, on a phone).
      const t = zoomIdentity
        .translate(svg.clientWidth / 2 - (n.x + n.w / 2) * k, Math.min(MARGIN * k, svg.clientHeight / 2 - (n.y + n.h / 2) * k))
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

  // For the benchmark: when a new layout reaches the DOM. A layout effect, so the mark comes before the frame
  // that paints it (a passive effect can run after that paint, and the bench would count one frame more).
  useLayoutEffect(() => {
    performance.mark('graph:rendered', { detail: layout.nodes.length });
  }, [layout]);

  const keyOf = (e: React.SyntheticEvent) => (e.target as Element).closest('[data-key]')?.getAttribute('data-key') ?? null;

  // A click selects; expanding is its own gesture (the "+" on a node, a double-click, the + key).
  const onClick = (e: React.MouseEvent) => {
    const target = e.target as Element;
    const toggle = target.closest('[data-collapse]') ?? target.closest('[data-expand]');
    if (toggle) {
      const collapse = toggle.getAttribute('data-collapse');
      onToggle(collapse ?? toggle.getAttribute('data-expand')!, collapse !== null);
      return;
    }
    const key = keyOf(e);
    if (key && onOpenActivations && (e.target as Element).closest('image.thumb')) {
      onSelect(key);
      onOpenActivations(key);
      return;
    }
    if (key && nodesByKey.has(key)) onSelect(key);
  };

  const onDoubleClick = (e: React.MouseEvent) => {
    const key = keyOf(e);
    const n = key ? nodesByKey.get(key) : undefined;
    if (n?.expands && !(e.target as Element).closest('[data-expand]')) onToggle(n.expands, false);
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
      onSelect(key);
    } else if (e.key === '+' || e.key === '=' || e.key === 'ArrowRight') {
      e.preventDefault();
      const n = nodesByKey.get(key);
      if (n?.expands) onToggle(n.expands, false);
    } else if (e.key === '-' || e.key === 'ArrowLeft') {
      e.preventDefault();
      onCollapseParent(key);
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
      <div className="graph-toolbar" role="toolbar" aria-label={t('Graph')}>
        {toolbar}
        <span className="spacer" />
        <button type="button" className="zoom-out" onClick={() => zoomBy(1 / 1.3)} aria-label={t('Zoom out')} title={t('Zoom out')}>
          −
        </button>
        <span className="zoom-level" aria-live="polite">
          {Math.round(transform.k * 100)}%
        </span>
        <button type="button" className="zoom-in" onClick={() => zoomBy(1.3)} aria-label={t('Zoom in')} title={t('Zoom in')}>
          +
        </button>
        {/* The whole drawing where its labels stay readable (or folded into columns: an overview naming each stage);
            else the first view: its width, from the top. */}
        <button type="button" onClick={() => fit(layout !== column, true)}>
          {t('Fit to screen')}
        </button>
      </div>
      <div className="graph-canvas">
        <svg
          ref={svgRef}
          className="graph-svg"
          data-testid="architecture-graph"
          data-width={layout.width}
          data-height={layout.height}
          data-scale={transform.k.toFixed(4)}
          role="group"
          aria-label={t('Architecture graph: {n} nodes', { n: layout.nodes.length })}
          onClick={onClick}
          onDoubleClick={onDoubleClick}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          // Hover details are for a mouse: a tap on a touch screen has no "leave", so its tooltip would stay.
          onPointerOver={(e) => setHover(e.pointerType === 'mouse' ? keyOf(e) : null)}
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
            <GraphContent layout={layout} selected={selected} activations={activations} />
            {overlay}
          </g>
        </svg>
        {hovered && <Tooltip node={hovered} analysis={analysis} transform={transform} size={size} act={activations?.get(hovered.key)} />}
        <Minimap layout={layout} transform={transform} size={size} onCenter={(x, y) => {
          const t = zoomIdentity.translate(size.w / 2 - x * transform.k, size.h / 2 - y * transform.k).scale(transform.k);
          apply(t);
        }} />
      </div>
      <Legend />
      {activations && run && <ActivationLegend mode={mode} onMode={setThumbMode} count={activations.size} />}
    </div>
  );
}

function Tooltip({ node, analysis, transform, size, act }: { node: PlacedNode; analysis: ModelAnalysis; transform: ZoomTransform; size: { w: number; h: number }; act?: NodeActivation }) {
  const t = useT();
  const stats = analysis.byId.get(node.key);
  const [x, y] = transform.apply([node.x + node.w, node.y]);
  const left = Math.min(x + 12, size.w - 260);
  const top = Math.max(8, Math.min(y, size.h - 140));
  return (
    <div className="tooltip" role="tooltip" style={{ left, top }}>
      <strong>{node.name}</strong>
      <span className="muted"> {stats ? stats.layer.type : t(node.kind)}</span>
      <div>
        {stats ? `${formatShape(stats.inShape)} → ` : ''}
        {node.shape}
      </div>
      {stats && (
        <div className="muted">
          {t('{params} params · {macs} MACs', { params: formatCount(stats.params), macs: formatCount(stats.macs) })}
        </div>
      )}
      {act && (
        <div className="muted">
          {t('Output mean')} {act.outputMean.toPrecision(4)}
          {act.ratio !== undefined ? ` · ‖F(x)‖/‖x‖ ${act.ratio.toFixed(2)}` : ''}
        </div>
      )}
      {act && <div className="muted">{t('Click the picture for its feature maps')}</div>}
      {node.expands && <div className="muted">{t('Double-click or + to expand')}</div>}
    </div>
  );
}

/** The colours' meanings: the same for every model (memoised: the view re-renders on every zoom step). */
const Legend = memo(function Legend() {
  const t = useT();
  const scroller = useKeyboardScroll<HTMLDivElement>();
  return (
    <div ref={scroller} className="legend" role="group" aria-label={t('Legend')}>
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
});

/** What the pictures on the nodes are, and the switch between the channel mean and the strongest channel. */
const ActivationLegend = memo(function ActivationLegend({ mode, onMode, count }: { mode: ThumbMode; onMode: (m: ThumbMode) => void; count: number }) {
  const t = useT();
  const scroller = useKeyboardScroll<HTMLDivElement>();
  return (
    <div ref={scroller} className="legend activation-legend" role="group" aria-label={t('Activations legend')} data-testid="activation-legend" data-count={count}>
      <span className="legend-item">
        <strong>{t('Activations')}</strong>
      </span>
      <span className="segmented" role="radiogroup" aria-label={t('Thumbnail shows')}>
        {(['mean', 'strongest'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="thumb-mode" value={m} checked={mode === m} onChange={() => onMode(m)} />
            {t(m === 'mean' ? 'Mean of channels' : 'Strongest channel')}
          </label>
        ))}
      </span>
      <span className="legend-item">
        <i className="ramp viridis" aria-hidden="true" />
        {t('low → high, on each node’s own scale')}
      </span>
      <span className="legend-item">
        <i className="ramp diverging" aria-hidden="true" />
        {t('negative → positive')}
      </span>
      <span className="legend-item">
        <svg width="26" height="6" aria-hidden="true">
          <rect width="26" height="6" rx="3" className="legend-ratio" />
        </svg>
        {t('‖F(x)‖/‖x‖ of a block (full at 2)')}
      </span>
    </div>
  );
});
