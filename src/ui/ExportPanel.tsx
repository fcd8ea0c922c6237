/** Take the model home: PyTorch code, the spec JSON, the TensorFlow.js model, an ONNX file; save it by name; open a spec JSON. */
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import type { ModelRunner } from '../runtime/runner';
import type { CodeKind } from './export/CodeDialog';
import { exportOnnx, exportTfjs } from './export/exportActions';
import { FileField } from './formParts';

const noSubscription = () => () => {};
const notReady = () => false;

export function ExportPanel({
  fileBase,
  runner,
  onCode,
  onOpenSpec,
  onSave,
  saved,
  note,
}: {
  fileBase: string;
  runner: ModelRunner | null;
  /** Shows the model as code (the dialog is shared with the graph's Export menu). */
  onCode: (kind: CodeKind) => void;
  /** A spec JSON, or a TensorFlow.js export: model.json and its weights file, picked together. */
  onOpenSpec: (files: File[]) => void;
  onSave: (name: string) => void;
  saved: number;
  /** Where the weights came from, when the exports rename them (a Hub model in transformers' names). */
  note?: ReactNode;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const ready = useSyncExternalStore(runner?.subscribe ?? noSubscription, runner ? () => runner.getState().status === 'ready' : notReady);
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('Take it home')}</h2>
      {note}
      <div className="row buttons">
        <button type="button" onClick={() => onCode('pytorch')}>
          {t('PyTorch code')}
        </button>
        <button type="button" onClick={() => onCode('spec')}>
          {t('Spec JSON')}
        </button>
        <button type="button" onClick={() => runner && void exportTfjs(runner, fileBase)} disabled={!ready}>
          {t('TensorFlow.js model')}
        </button>
        <button type="button" onClick={() => runner && void exportOnnx(runner, fileBase)} disabled={!ready}>
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
          {savedAs ? `${t('Saved as “{name}”: pick it in Compare.', { name: savedAs })} ` : ''}
          {t(saved === 1 ? '{n} saved model in this browser.' : '{n} saved models in this browser.', { n: saved })}
        </p>
      </form>
      <FileField
        id="open-spec"
        label={t('Open spec')}
        accept=".json,application/json,.bin"
        onFiles={onOpenSpec}
        hint={t('A spec JSON, or a TensorFlow.js export: its model.json and .weights.bin together.')}
      />
    </section>
  );
}
