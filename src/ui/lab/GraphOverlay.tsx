/**
 * The lab on the Build view's graph, drawn over it (the graph itself is untouched): the layers a switched-off
 * block no longer runs are struck through (a collapsed block or stage gets a badge), and the selected block
 * gets a "switch off" action and a way into the Lab. Drawn inside the graph's zoomed group, in layout units.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';
import type { ModelAnalysis } from '../../core';
import { lesionBlocks, removedLayers } from '../../core/lab';
import { useT } from '../../i18n/i18n';
import type { GraphLayout } from '../../layout/layout';
import { parentGroup } from '../../layout/selection';
import type { LabStore } from '../../state/labStore';

/** The block a selection stands for: the block itself, or the block holding a selected layer. */
function blockOf(key: string | null, a: ModelAnalysis): string | null {
  if (!key) return null;
  if (a.graph.stages.some((s) => s.blocks.some((b) => b.name === key))) return key;
  const part = a.byId.get(key)?.layer.part;
  return part?.kind === 'body' ? parentGroup(key, a) : null;
}

export function LabGraphOverlay({ lab, analysis, layout, selected, onOpenLab }: { lab: LabStore; analysis: ModelAnalysis; layout: GraphLayout; selected: string | null; onOpenLab: () => void }) {
  const t = useT();
  const s = useSyncExternalStore(lab.subscribe, lab.getState);
  const blocks = lesionBlocks(analysis);
  const names = new Set(blocks.map((d) => d.block.name));
  const deleted = s.deleted.filter((d) => names.has(d));
  const removed = removedLayers(analysis, deleted);
  const byKey = new Map(layout.nodes.map((n) => [n.key, n]));
  // Where each removed layer is drawn: itself, or the collapsed block or stage holding it.
  const struck = new Set<string>();
  const badges = new Map<string, Set<string>>();
  for (const id of removed) {
    const drawn = layout.drawnAs.get(id) ?? id;
    const block = blockOf(id, analysis)!;
    if (drawn === id || drawn === block) struck.add(drawn);
    else badges.set(drawn, (badges.get(drawn) ?? new Set()).add(block));
  }
  const groups = new Map(layout.groups.map((g) => [g.key, g]));
  const target = blockOf(selected, analysis);
  const deletion = target ? blocks.find((d) => d.block.name === target) : undefined;
  const anchor = target ? (groups.get(target) ?? byKey.get(target) ?? null) : null;
  const stop = (f: () => void) => (e: MouseEvent) => {
    e.stopPropagation();
    f();
  };
  return (
    <g className="lab-overlay" data-testid="lab-overlay" data-deleted={deleted.join(',')}>
      <style>{LAB_OVERLAY_CSS}</style>
      {[...struck].map((key) => {
        const n = byKey.get(key);
        if (!n) return null;
        return (
          <g key={key} className="lab-struck" data-struck={key} transform={`translate(${n.x},${n.y})`} pointerEvents="none">
            <rect width={n.w} height={n.h} rx={n.kind === 'Add' ? n.w / 2 : 6} />
            <line x1={2} y1={n.h / 2} x2={n.w - 2} y2={n.h / 2} />
          </g>
        );
      })}
      {deleted.map((b) => {
        const g = groups.get(b);
        return g ? (
          <text key={b} className="lab-off-label" x={g.x + g.w - 30} y={g.y + 15} textAnchor="end" pointerEvents="none">
            {t('switched off')}
          </text>
        ) : null;
      })}
      {[...badges].map(([key, set]) => {
        const n = byKey.get(key);
        return n ? (
          <text key={key} className="lab-off-label" x={n.x + n.w - 6} y={n.y - 4} textAnchor="end" pointerEvents="none">
            {t('{n} switched off', { n: set.size })}
          </text>
        ) : null;
      })}
      {anchor && deletion && (
        <g className="lab-action" transform={`translate(${anchor.x + anchor.w + 6},${anchor.y})`}>
          {deletion.deletable ? (
            <g role="button" tabIndex={0} data-testid="graph-switch" aria-label={deleted.includes(target!) ? t('Switch {block} back on', { block: target! }) : t('Switch {block} off', { block: target! })} onClick={stop(() => lab.toggle(target!))} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.stopPropagation(), lab.toggle(target!))}>
              <rect width={92} height={22} rx={5} />
              <text x={46} y={15} textAnchor="middle">
                {deleted.includes(target!) ? t('switch on') : t('switch off')}
              </text>
            </g>
          ) : (
            <text className="lab-cannot" x={0} y={15}>
              {t('cannot be switched off')}
              <title>{t(deletion.why)}</title>
            </text>
          )}
          <g role="button" tabIndex={0} data-testid="graph-open-lab" aria-label={t('Open the Lab')} transform="translate(0,26)" onClick={stop(onOpenLab)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.stopPropagation(), onOpenLab())}>
            <rect width={92} height={22} rx={5} />
            <text x={46} y={15} textAnchor="middle">
              {t('Lab →')}
            </text>
          </g>
        </g>
      )}
    </g>
  );
}

/** The overlay's look (light and dark through the graph's own variables). */
const LAB_OVERLAY_CSS = `
.lab-struck rect { fill: var(--g-bg, #fff); fill-opacity: 0.55; }
.lab-struck line { stroke: #e03131; stroke-width: 2.5; stroke-linecap: round; }
.lab-off-label { fill: #e03131; font-size: 11px; font-weight: 600; }
.lab-action [role='button'] { cursor: pointer; }
.lab-action rect { fill: var(--g-node, #fff); stroke: #e03131; stroke-width: 1.2; }
.lab-action text { fill: var(--g-text, #1b2230); font-size: 11px; }
.lab-action .lab-cannot { fill: var(--g-muted, #5d6778); font-size: 11px; }
`;
