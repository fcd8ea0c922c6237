/** Phones: the selected node in one line under the graph, with the way to its details (and to expand it). */
import { formatCount, formatShape, type ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';
import { summarize } from '../../layout/selection';

export function SelectionBar({
  selected,
  analysis,
  expands,
  onDetails,
  onExpand,
}: {
  selected: string;
  analysis: ModelAnalysis;
  /** The group the drawn node would expand into, when it is collapsed. */
  expands: string | null;
  onDetails: () => void;
  onExpand: (name: string) => void;
}) {
  const t = useT();
  const s = summarize(selected, analysis);
  if (!s) return null;
  return (
    <div className="selection-bar" data-testid="selection-bar">
      <div className="selection-text">
        <strong>{s.name}</strong>
        <span className="muted">
          {s.type} · {formatShape(s.outShape)} · {formatCount(s.params)} {t('params')}
        </span>
      </div>
      {expands && (
        <button type="button" onClick={() => onExpand(expands)}>
          {t('Expand')}
        </button>
      )}
      <button type="button" className="primary" onClick={onDetails}>
        {t('Details')}
      </button>
    </div>
  );
}
