/** The live model: backend, build status, weights (load, save, random), tensor memory. */
import { useSyncExternalStore, type ReactNode } from 'react';
import { matchPreset, presetLabel, type ResNetSpec } from '../core';
import { BACKENDS, type BackendName } from '../runtime/backends/names';
import type { ModelRunner } from '../runtime/runner';
import { useT } from '../i18n/i18n';
import { FileField } from './formParts';
import { WEIGHTS_EXTENSIONS } from './fileKind';
import { download } from './graph/exportGraph';

const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU (GPU)', webgl: 'WebGL (GPU)', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)' };

export function specName(spec: ResNetSpec): string {
  const p = matchPreset(spec);
  return p ? presetLabel(p) : 'the custom architecture it describes';
}

export function RunPanel({
  runner,
  fileBase,
  onOpenWeights,
  onSwitchSpec,
  networkWeights,
}: {
  runner: ModelRunner;
  fileBase: string;
  onOpenWeights: (file: File) => void;
  onSwitchSpec: (spec: ResNetSpec) => void;
  /** Weights from the Hub or a link (src/ui/weights). */
  networkWeights?: ReactNode;
}) {
  const s = useSyncExternalStore(runner.subscribe, runner.getState);
  const t = useT();
  const save = async () => download(`${fileBase}.safetensors`, new Blob([(await runner.saveWeights()) as BlobPart]), 'application/octet-stream');
  return (
    <section className="panel run-panel" aria-labelledby="run-title">
      <h2 id="run-title">{t('Live model')}</h2>
      <div className="field">
        <label htmlFor="backend-select">{t('Backend')}</label>
        <div className="row">
          <select
            id="backend-select"
            value={s.backend ?? ''}
            disabled={!s.backend}
            onChange={(e) => void runner.setBackend(e.target.value as BackendName)}
          >
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABELS[b]}
              </option>
            ))}
          </select>
          <code className="backend-name" data-testid="backend">
            {s.backend ?? '…'}
          </code>
        </div>
        <p className="hint" data-testid="backend-reason">
          {s.backendReason ? t(s.backendReason) : t('Choosing the fastest backend…')}
        </p>
      </div>

      {s.notice && (
        <p className="problem" role="status" data-testid="runner-notice">
          {t(s.notice)}{' '}
          <button type="button" className="link" onClick={() => runner.dismissNotice()}>
            {t('Dismiss')}
          </button>
        </p>
      )}
      <div className="status" data-testid="model-status" data-status={s.status}>
        {s.status === 'starting' && t('Starting TensorFlow.js…')}
        {s.status === 'building' && (
          <>
            {t('Building the model…')} <progress max={1} value={s.progress} aria-label={t('Build progress')} /> {Math.round(s.progress * 100)}%
          </>
        )}
        {s.status === 'ready' && s.model && (
          <>
            {t('Ready: {n} layers built in {ms} ms', { n: s.model.layers, ms: Math.round(s.buildMs ?? 0) })}
          </>
        )}
        {s.status === 'error' && (
          <span role="alert" className="field-error">
            {s.error && t(s.error)}
          </span>
        )}
      </div>

      <p className={`weights-status ${s.weights.kind}`} data-testid="weights-status">
        {s.weights.kind === 'random' ? (
          <>
            <strong>{t('Random weights')}</strong> {t("(torchvision's initialisation): the model computes, but its predictions mean nothing until you load trained weights.")}
          </>
        ) : (
          <>
            <strong>{t('Trained weights')}</strong> {t('from')} {s.weights.name}
          </>
        )}
      </p>
      {s.heldFile && (
        <p className="hint" data-testid="held-weights">
          {t('{name} does not fit this architecture; it is kept and applies again when the model fits it.', { name: s.heldFile })}
        </p>
      )}
      {networkWeights}
      <FileField
        id="weights-input"
        label={t('Weights')}
        accept={WEIGHTS_EXTENSIONS.join(',')}
        onFile={onOpenWeights}
        hint={t('A torchvision state_dict: .safetensors, or .pth / .pt / .bin as torch.save wrote it (drop it anywhere on the page).')}
      />
      <div className="row buttons">
        <button type="button" onClick={() => void save()} disabled={s.status !== 'ready'}>
          {t('Save weights')}
        </button>
        {s.weights.kind === 'file' && (
          <button type="button" onClick={() => void runner.useRandomWeights()}>
            {t('Use random weights')}
          </button>
        )}
      </div>
      {s.weightsProblem && (
        <div className="problem" role="alert" data-testid="weights-problem">
          <p>
            {t('{name} was not loaded; the model keeps its current weights.', { name: '\u0000' })
              .split('\u0000')
              .map((part, i) => (i === 0 ? part : [<strong key={i}>{s.weightsProblem!.fileName}</strong>, part]))}
          </p>
          <ul>
            {s.weightsProblem.problems.map((p, i) => (
              <li key={i}>{t(p)}</li>
            ))}
          </ul>
          {s.weightsProblem.suggestedSpec && (
            <button
              type="button"
              onClick={() => {
                runner.adoptRejectedFile();
                onSwitchSpec(s.weightsProblem!.suggestedSpec!);
              }}
            >
              {t('Switch to {name} and load it', { name: t(specName(s.weightsProblem.suggestedSpec)) })}
            </button>
          )}
          <button type="button" className="link" onClick={() => runner.dismissWeightsProblem()}>
            {t('Dismiss')}
          </button>
        </div>
      )}
      <p className="hint" data-testid="tensor-memory">
        {t('{n} tensors · {mb} MB', { n: s.memory.numTensors, mb: (s.memory.numBytes / 1e6).toFixed(1) })}
      </p>
    </section>
  );
}
