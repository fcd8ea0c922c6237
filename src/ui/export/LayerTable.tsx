/** Every layer as torchinfo lists it (name, type, output shape, parameters, MACs), sortable by any column. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatShape, summaryJson, type LayerRow, type ModelAnalysis } from '../../core';
import { transformersModuleName } from '../../core/hub';
import { useT } from '../../i18n/i18n';

type Column = 'order' | 'name' | 'type' | 'out' | 'params' | 'macs';

const COLUMNS: { key: Exclude<Column, 'order'>; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Layer', numeric: false },
  { key: 'type', label: 'Type', numeric: false },
  { key: 'out', label: 'Output shape', numeric: true },
  { key: 'params', label: 'Parameters', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true },
];

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

/** Orders two rows by one column, ascending; ties are left to the model order. */
function compare(a: LayerRow & { order: number }, b: LayerRow & { order: number }, key: Column): number {
  switch (key) {
    case 'name':
    case 'type':
      return a[key].localeCompare(b[key], 'en', { numeric: true });
    case 'out':
      return size(a.out) - size(b.out);
    case 'params':
    case 'macs':
      return a[key] - b[key];
    default:
      return a.order - b.order;
  }
}

export function LayerTable({ analysis }: { analysis: ModelAnalysis }) {
  const t = useT();
  const [sort, setSort] = useState<{ key: Column; descending: boolean }>({ key: 'order', descending: false });
  // Each layer's module as Hugging Face transformers names it (the name table of core/hub/names.ts).
  const [theirs, setTheirs] = useState(false);
  const rows = useMemo(() => summaryJson(analysis).layers.map((r, order) => ({ ...r, order })), [analysis]);
  const sorted = useMemo(() => {
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => sign * compare(a, b, sort.key) || a.order - b.order);
  }, [rows, sort]);
  const pick = (key: Column) =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: COLUMNS.find((c) => c.key === key)?.numeric ?? false }));
  return (
    <>
      <label className="inline layer-names">
        <input type="checkbox" checked={theirs} onChange={(e) => setTheirs(e.target.checked)} /> {t('Show transformers’ names (ResNetForImageClassification)')}
      </label>
      <div className="layer-table-box">
        <table className="layer-table" data-testid="layer-table" data-sort={`${sort.key} ${sort.descending ? 'descending' : 'ascending'}`}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="sort" onClick={() => pick(c.key)}>
                    {t(c.label)}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              ))}
              {theirs && <th scope="col">transformers</th>}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.order}>
                <td className="mono">{r.name}</td>
                <td>{r.type}</td>
                <td className="num mono">{formatShape(r.out)}</td>
                <td className="num">{formatCount(r.params)}</td>
                <td className="num">{formatCount(r.macs)}</td>
                {theirs && <td className="mono">{transformersModuleName(r.name) ?? '—'}</td>}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('Total')}</th>
              <td>{t('{n} layers', { n: rows.length })}</td>
              <td className="num mono">{formatShape(analysis.output)}</td>
              <td className="num">{formatCount(analysis.params)}</td>
              <td className="num">{formatCount(analysis.macs)}</td>
              {theirs && <td />}
            </tr>
          </tfoot>
        </table>
        {sort.key !== 'order' && (
          <button type="button" className="link" onClick={() => setSort({ key: 'order', descending: false })}>
            {t('Back to model order')}
          </button>
        )}
      </div>
    </>
  );
}

export function LayerTableDialog({ open, analysis, onClose }: { open: boolean; analysis: ModelAnalysis; onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current!;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="code-dialog table-dialog" aria-labelledby="layer-table-title" onClose={onClose}>
      <div className="row between">
        <h2 id="layer-table-title">{t('Layer table')}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('Close')}
        </button>
      </div>
      {open && <LayerTable analysis={analysis} />}
    </dialog>
  );
}
