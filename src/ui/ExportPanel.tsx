/** Take the model home: PyTorch code, the spec JSON, the TensorFlow.js model, an ONNX file; open a spec JSON. */
import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { onnxModel, pytorchSource, specJson, type ModelAnalysis } from '../core';
import { useT } from '../i18n/i18n';
import type { ModelRunner } from '../runtime/runner';
import { FileField } from './formParts';
import { download } from './graph/exportGraph';

hljs.registerLanguage('python', python);
hljs.registerLanguage('json', json);

type Kind = 'pytorch' | 'spec';

const noSubscription = () => () => {};
const notReady = () => false;

export function ExportPanel({
  analysis,
  fileBase,
  runner,
  onOpenSpec,
  onSave,
  saved,
}: {
  analysis: ModelAnalysis;
  fileBase: string;
  runner: ModelRunner | null;
  onOpenSpec: (file: File) => void;
  onSave: (name: string) => void;
  saved: number;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const ready = useSyncExternalStore(runner?.subscribe ?? noSubscription, runner ? () => runner.getState().status === 'ready' : notReady);
  const [shown, setShown] = useState<Kind | null>(null);
  const [copied, setCopied] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const spec = analysis.graph.spec;
  const code = useMemo(
    () => (shown === 'pytorch' ? pytorchSource(spec, analysis.params) : shown === 'spec' ? specJson(spec) : ''),
    [shown, spec, analysis.params],
  );
  const html = useMemo(() => (code ? hljs.highlight(code, { language: shown === 'spec' ? 'json' : 'python' }).value : ''), [code, shown]);
  const file = shown === 'pytorch' ? `${fileBase.replace(/\W/g, '_')}.py` : `${fileBase}.json`;
  const open = (k: Kind) => {
    setShown(k);
    setCopied(false);
    dialog.current?.showModal();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const tfjs = async () => {
    if (!runner) return;
    const model = runner.getState().model;
    if (!model) return;
    const { tfjsArtifacts } = await import('../runtime/tfjsExport');
    const a = await tfjsArtifacts(model, fileBase);
    download('model.json', a.modelJson, 'application/json');
    download(a.weightsName, new Blob([a.weights as BlobPart]), 'application/octet-stream');
  };
  const onnx = async () => {
    const model = runner?.getState().model;
    if (!model) return;
    const dict = await model.toStateDict();
    const bytes = onnxModel(model.analysis.graph, new Map(dict.map((d) => [d.key, d])));
    download(`${fileBase}.onnx`, new Blob([bytes as BlobPart]), 'application/octet-stream');
  };
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('Take it home')}</h2>
      <div className="row buttons">
        <button type="button" onClick={() => open('pytorch')}>
          {t('PyTorch code')}
        </button>
        <button type="button" onClick={() => open('spec')}>
          {t('Spec JSON')}
        </button>
        <button type="button" onClick={() => void tfjs()} disabled={!ready}>
          {t('TensorFlow.js model')}
        </button>
        <button type="button" onClick={() => void onnx()} disabled={!ready}>
          {t('ONNX model')}
        </button>
      </div>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim() || fileBase;
          onSave(n);
          setSavedAs(n);
        }}
      >
        <label htmlFor="model-name">{t('Model name')}</label>
        <div className="row">
          <input id="model-name" type="text" value={name} placeholder={fileBase} data-own-undo onChange={(e) => setName(e.target.value)} />
          <button type="submit">{t('Save model')}</button>
        </div>
        <p className="hint" aria-live="polite">
          {savedAs ? `Saved as “${savedAs}”: pick it in Compare. ` : ''}
          {saved} saved model{saved === 1 ? '' : 's'} in this browser.
        </p>
      </form>
      <FileField id="open-spec" label={t('Open spec')} accept=".json,application/json" onFile={onOpenSpec} />
      <dialog ref={dialog} className="code-dialog" aria-labelledby="code-title" onClose={() => setShown(null)}>
        <div className="row between">
          <h2 id="code-title">{shown === 'pytorch' ? 'PyTorch code' : 'Spec JSON'}</h2>
          <div className="row buttons">
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" onClick={() => download(file, code, shown === 'pytorch' ? 'text/x-python' : 'application/json')}>
              Download {file}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        </div>
        <pre className="code" data-testid="code">
          <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
        </pre>
      </dialog>
    </section>
  );
}
