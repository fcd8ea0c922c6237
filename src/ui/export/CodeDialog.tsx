/** The model as PyTorch code or as spec JSON, highlighted, to copy or download. */
import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import { useEffect, useMemo, useRef, useState } from 'react';
import { pytorchSource, specJson, type ModelAnalysis } from '../../core';
import { useT } from '../../i18n/i18n';
import type { CodeKind } from '../../state/viewStore';
import { download } from '../graph/exportGraph';
import { useKeyboardScroll } from '../useKeyboardScroll';

hljs.registerLanguage('python', python);
hljs.registerLanguage('json', json);

export type { CodeKind };

/** Keyed by its kind in the parent, so each opening starts afresh (not "Copied"). */
export function CodeDialog({ kind, analysis, fileBase, onClose }: { kind: CodeKind | null; analysis: ModelAnalysis; fileBase: string; onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);
  const scroller = useKeyboardScroll<HTMLPreElement>();
  const spec = analysis.graph.spec;
  const code = useMemo(() => (kind === 'pytorch' ? pytorchSource(spec, analysis.params) : kind === 'spec' ? specJson(spec) : ''), [kind, spec, analysis.params]);
  const html = useMemo(() => (code ? hljs.highlight(code, { language: kind === 'spec' ? 'json' : 'python' }).value : ''), [code, kind]);
  const file = kind === 'pytorch' ? `${fileBase.replace(/\W/g, '_')}.py` : `${fileBase}.json`;
  useEffect(() => {
    const d = dialog.current!;
    if (kind && !d.open) d.showModal();
    if (!kind && d.open) d.close();
  }, [kind]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <dialog ref={dialog} className="code-dialog" aria-labelledby="code-title" onClose={onClose}>
      <div className="row between">
        <h2 id="code-title">{kind === 'pytorch' ? t('PyTorch code') : t('Spec JSON')}</h2>
        <div className="row buttons">
          <button type="button" onClick={() => void copy()}>
            {t(copied ? 'Copied' : 'Copy')}
          </button>
          <button type="button" onClick={() => download(file, code, kind === 'pytorch' ? 'text/x-python' : 'application/json')}>
            {t('Download {file}', { file })}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('Close')}
          </button>
        </div>
      </div>
      <pre ref={scroller} className="code" data-testid="code">
        <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </dialog>
  );
}
