/** The graph's own tools: expand and collapse everything, find a layer, the layer table, and every export. */
import { useMemo, useRef, useState } from 'react';
import type { ModelAnalysis } from '../core';
import type { Phrase } from '../core/phrase';
import { useT } from '../i18n/i18n';
import type { CodeKind } from './export/CodeDialog';
import type { DrawingFormat } from './export/exportActions';
import { Icon } from './icons';

interface Props {
  analysis: ModelAnalysis;
  onExpandAll: () => void;
  onCollapseAll: () => void;
  /** Reveals and selects the layer a query names; returns why not when none does. */
  onFind: (query: string) => Phrase | null;
  onTable: () => void;
  onDrawing: (format: DrawingFormat) => void;
  onCode: (kind: CodeKind) => void;
  onTfjs: () => void;
  onOnnx: () => void;
  tfjsReady: boolean;
}

export function GraphToolbar(p: Props) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [findError, setFindError] = useState<Phrase | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const layerNames = useMemo(() => [...new Set(p.analysis.layers.map((l) => l.layer.name))], [p.analysis]);
  /** A menu item runs, and the menu closes. */
  const item = (label: string, run: () => void, disabled = false) => (
    <button
      type="button"
      disabled={disabled}
      onClick={() => {
        if (menu.current) menu.current.open = false;
        run();
      }}
    >
      {t(label)}
    </button>
  );
  return (
    <>
      <button type="button" className="icon-button" onClick={p.onExpandAll} aria-label={t('Expand all')} title={t('Expand all')}>
        <Icon name="expandAll" />
      </button>
      <button type="button" className="icon-button" onClick={p.onCollapseAll} aria-label={t('Collapse all')} title={t('Collapse all')}>
        <Icon name="collapseAll" />
      </button>
      <form
        className="find"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) setFindError(p.onFind(query));
        }}
      >
        <input
          type="search"
          aria-label={t('Find layer')}
          placeholder={t('Find layer, e.g. layer3.2.conv2')}
          list="layer-names"
          value={query}
          data-own-undo
          aria-invalid={findError ? true : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setFindError(null);
          }}
        />
        <datalist id="layer-names">
          {layerNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" className="icon-button" aria-label={t('Find')} title={t('Find')}>
          <Icon name="search" />
        </button>
        {findError && (
          <span className="field-error find-error" role="alert">
            {t(findError)}
          </span>
        )}
      </form>
      <button type="button" onClick={p.onTable} aria-label={t('Layer table')} title={t('Layer table')}>
        <Icon name="table" /> <span className="button-text">{t('Table')}</span>
      </button>
      <details className="menu" ref={menu}>
        <summary>{t('Export')}</summary>
        <div className="menu-items">
          <p className="menu-head">{t('Graph')}</p>
          {item('Graph as SVG', () => p.onDrawing('svg'))}
          {item('Graph as PNG', () => p.onDrawing('png'))}
          <p className="menu-head">{t('Layer table')}</p>
          {item('Layer table as CSV', () => p.onDrawing('csv'))}
          {item('Layer table as Markdown', () => p.onDrawing('md'))}
          <p className="menu-head">{t('Model')}</p>
          {item('PyTorch code', () => p.onCode('pytorch'))}
          {item('Spec JSON', () => p.onCode('spec'))}
          {item('TensorFlow.js model', p.onTfjs, !p.tfjsReady)}
          {item('ONNX model', p.onOnnx, !p.tfjsReady)}
        </div>
      </details>
    </>
  );
}
