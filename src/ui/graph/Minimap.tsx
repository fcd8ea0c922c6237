/** An overview of the whole graph with the visible region marked; click or drag to move the view. */
import type { ZoomTransform } from 'd3-zoom';
import { memo, useRef } from 'react';
import type { GraphLayout } from '../../layout/layout';
import { useT } from '../../i18n/i18n';

const MAX_W = 120;
const MAX_H = 220;

const Shapes = memo(function Shapes({ layout }: { layout: GraphLayout }) {
  return (
    <>
      {layout.groups
        .filter((g) => g.kind !== 'block')
        .map((g) => (
          <rect key={g.key} x={g.x} y={g.y} width={g.w} height={g.h} className="mm-group" />
        ))}
      {layout.nodes.map((n) => (
        <rect key={n.key} x={n.x} y={n.y} width={n.w} height={n.h} style={{ fill: `var(--c-${n.kind})` }} />
      ))}
    </>
  );
});

export function Minimap({
  layout,
  transform,
  size,
  onCenter,
}: {
  layout: GraphLayout;
  transform: ZoomTransform;
  size: { w: number; h: number };
  onCenter: (x: number, y: number) => void;
}) {
  const t = useT();
  const s = Math.min(MAX_W / layout.width, MAX_H / layout.height);
  const w = layout.width * s;
  const h = layout.height * s;
  const dragging = useRef(false);
  const view = {
    x: -transform.x / transform.k,
    y: -transform.y / transform.k,
    w: size.w / transform.k,
    h: size.h / transform.k,
  };
  const move = (e: React.PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    onCenter((e.clientX - r.left) / s, (e.clientY - r.top) / s);
  };
  return (
    <svg
      className="minimap"
      width={Math.max(w, 24)}
      height={h}
      role="img"
      aria-label={t('Overview: click to move the view')}
      data-export="skip"
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        move(e);
      }}
      onPointerMove={(e) => dragging.current && move(e)}
      onPointerUp={() => (dragging.current = false)}
    >
      <g transform={`scale(${s})`}>
        <Shapes layout={layout} />
        <rect className="mm-view" x={view.x} y={view.y} width={view.w} height={view.h} style={{ strokeWidth: 1.5 / s }} />
      </g>
    </svg>
  );
}
