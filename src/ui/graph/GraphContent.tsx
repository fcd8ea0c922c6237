/** The drawn graph: group boxes, edges and nodes, straight from the layout. Renders only; events are delegated. */
import { memo } from 'react';
import { useT } from '../../i18n/i18n';
import type { GraphLayout, PlacedGroup, PlacedNode } from '../../layout/layout';

function Group({ g }: { g: PlacedGroup }) {
  return (
    <g className={`group ${g.kind}`} data-group={g.key}>
      <rect className="box" x={g.x} y={g.y} width={g.w} height={g.h} rx={g.kind === 'block' ? 6 : 10} />
      <text className="title" x={g.x + 10} y={g.y + 15}>
        {g.label}
      </text>
      {g.collapses && (
        <g
          className="toggle"
          data-collapse={g.collapses}
          role="button"
          tabIndex={0}
          aria-label={`Collapse ${g.collapses}`}
          transform={`translate(${g.x + g.w - 24},${g.y + 4})`}
        >
          <title>{`Collapse ${g.collapses}`}</title>
          <rect width={18} height={16} rx={4} />
          <text x={9} y={12.5}>
            −
          </text>
        </g>
      )}
    </g>
  );
}

const Node = memo(function Node({ n, selected }: { n: PlacedNode; selected: boolean }) {
  const cls = `node ${n.kind}${selected ? ' selected' : ''}${n.downsamples ? ' downsamples' : ''}`;
  const common = {
    className: cls,
    'data-key': n.key,
    'data-layer': n.name,
    'data-shape': n.shape,
    tabIndex: 0,
    role: 'button',
    'aria-label': `${n.kind === 'Add' ? `${n.name}: residual add` : n.kind === 'Stage' ? n.label : `${n.name}: ${n.detail ?? n.label}`}, output ${n.shape}${n.expands ? ' (collapsed; Enter expands)' : ''}`,
    'aria-pressed': selected,
    transform: `translate(${n.x},${n.y})`,
  };
  if (n.kind === 'Add') {
    const r = n.w / 2;
    return (
      <g {...common}>
        <circle cx={r} cy={r} r={r} />
        <text className="plus" x={r} y={r + 1}>
          +
        </text>
      </g>
    );
  }
  return (
    <g {...common}>
      <rect className="body" width={n.w} height={n.h} rx={6} />
      <rect className="bar" width={5} height={n.h} rx={2} />
      <text className="label" x={13} y={n.detail ? n.h / 2 - 8 : n.h / 2}>
        {n.kind === 'Stage' ? n.name : n.label}
      </text>
      {n.detail ? (
        <text className="detail" x={13} y={n.h / 2 + 9}>
          {n.detail}
        </text>
      ) : (
        <text className="shape" x={n.w - 8} y={n.h / 2}>
          {n.shape}
        </text>
      )}
      {n.expands && (
        <text className="more" x={n.w - 14} y={n.h / 2}>
          +
        </text>
      )}
    </g>
  );
});

export const GraphContent = memo(function GraphContent({ layout, selected }: { layout: GraphLayout; selected: string | null }) {
  const t = useT();
  return (
    <>
      <g className="groups">
        {layout.groups.map((g) => (
          <Group key={g.key} g={g} />
        ))}
      </g>
      <g className="edges">
        {layout.edges.map((e) => (
          <path key={e.key} className={`edge ${e.kind}`} d={e.path} markerEnd={`url(#arrow-${e.kind})`} />
        ))}
        {layout.edges.map(
          (e) =>
            e.label && (
              <text key={`${e.key}:label`} className={`edge-label ${e.kind}`} data-edge={e.key} x={e.label.x} y={e.label.y}>
                {e.label.text.replace('zero-pad', t('zero-pad'))}
              </text>
            ),
        )}
      </g>
      <g className="nodes">
        {layout.nodes.map((n) => (
          <Node key={n.key} n={n} selected={n.key === selected} />
        ))}
      </g>
    </>
  );
});
