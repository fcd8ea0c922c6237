/**
 * The Train tab: up to four runs trained side by side on Fashion-MNIST, their loss and accuracy curves, the
 * gradient flow through depth, what it all shows in words, and the trained weights handed to the Run tab.
 */
import { useState, useSyncExternalStore } from 'react';
import { PRESET_GROUPS, presetSpec, sameSpec, type ResNetSpec } from '../../core';
import { useT } from '../../i18n/i18n';
import type { SavedModel } from '../../state/library';
import { MAX_RUNS, checkSettings, checkedRunSpec, type DatasetFit, type RunView, type TrainSettings, type TrainStore } from '../../state/trainStore';
import type { TrainLocation } from '../../runtime/train/engineTypes';
import { download } from '../graph/exportGraph';
import { ModelPicker } from '../ModelPicker';
import { explainRuns, formatLoss, latestSmoothedLoss } from './curves';
import { AccuracyChart, GradientFlowChart, LossChart, RUN_COLORS } from './TrainCharts';

export interface TrainedWeights {
  spec: ResNetSpec;
  bytes: Uint8Array;
  label: string;
  step: number;
}

const FIELDS: { key: keyof TrainSettings; label: string; step: string }[] = [
  { key: 'steps', label: 'Steps', step: '1' },
  { key: 'batchSize', label: 'Batch size', step: '1' },
  { key: 'lr', label: 'Learning rate', step: 'any' },
  { key: 'momentum', label: 'Momentum', step: 'any' },
  { key: 'weightDecay', label: 'Weight decay', step: 'any' },
  { key: 'warmupSteps', label: 'Warm-up steps (lr × 0.1 → lr)', step: '1' },
  { key: 'seed', label: 'Seed', step: '1' },
  { key: 'evalEvery', label: 'Test accuracy every', step: '1' },
];

/** Runs train on Fashion-MNIST: the CIFAR nets (the paper's) first. */
const CIFAR_FIRST = [...PRESET_GROUPS].reverse();

const STATUS_TEXT: Record<RunView['status'], string> = {
  idle: 'not started',
  running: 'training',
  paused: 'paused',
  done: 'done',
  diverged: 'diverged',
  error: 'could not start',
};

const fileName = (label: string, step: number) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-fashion-mnist-${step}steps.safetensors`;

function SettingField({ f, value, disabled, onChange }: { f: (typeof FIELDS)[number]; value: number; disabled: boolean; onChange: (v: number) => void }) {
  const t = useT();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const shown = disabled ? String(value) : text;
  return (
    <div className="field">
      <label htmlFor={`train-${f.key}`}>{t(f.label)}</label>
      <input
        id={`train-${f.key}`}
        type="number"
        step={f.step}
        value={shown}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim() === '' ? NaN : Number(e.target.value);
          const bad = checkSettings({ ...DEFAULTS_FOR_CHECK, [f.key]: v })[f.key];
          setError(bad ? t('{field} must be {rule}', { field: t(f.label), rule: t(bad) }) : null);
          if (!bad) onChange(v);
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A valid set of settings against which one edited field is checked. */
const DEFAULTS_FOR_CHECK: TrainSettings = { seed: 1, lr: 0.1, batchSize: 1, momentum: 0, weightDecay: 0, warmupSteps: 0, steps: 1, decay: 'cosine', evalEvery: 1 };

function RunCard({
  run,
  index,
  store,
  canEdit,
  canRemove,
  current,
  saved,
  fit,
  onUse,
  onStudy,
}: {
  run: RunView;
  index: number;
  store: TrainStore;
  canEdit: boolean;
  canRemove: boolean;
  current: ResNetSpec;
  saved: SavedModel[];
  fit: DatasetFit;
  onUse: (w: TrainedWeights) => Promise<void>;
  onStudy?: (index: number) => Promise<void>;
}) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const last = run.points.at(-1);
  const test = run.tests.at(-1);
  const smoothed = latestSmoothedLoss(run);
  const choose = (spec: ResNetSpec, label?: string) => {
    const checked = checkedRunSpec(spec, fit);
    if (!checked.ok) {
      setProblem(t('This model cannot take a 1×28×28 image: {why}', { why: checked.message }));
      return;
    }
    setProblem(null);
    void store.setRun(index, spec, label);
  };
  const weights = async (use: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      const w = await store.weightsOf(index);
      if (use) await onUse(w);
      else download(fileName(w.label, w.step), new Blob([w.bytes as BlobPart]), 'application/octet-stream');
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const n = index + 1;
  return (
    <section className="train-run panel" data-testid={`train-run-${index}`} data-status={run.status} style={{ borderTopColor: RUN_COLORS[index] }}>
      <div className="row">
        <ModelPicker
          id={`train-model-${index}`}
          ariaLabel={t('Run {n} model', { n })}
          disabled={!canEdit}
          value={run.spec}
          valueLabel={run.label}
          built={current}
          builtLabel={t('The model you are building')}
          saved={saved}
          groups={CIFAR_FIRST}
          same={(choice, value) => sameSpec(fit(choice), value)}
          onPick={choose}
        />
        <button type="button" className="icon" aria-label={t('Remove run {n}', { n })} title={t('Remove run {n}', { n })} disabled={!canRemove} onClick={() => void store.removeRun(index)}>
          ×
        </button>
      </div>
      <div className="field inline-field">
        <label htmlFor={`train-lr-${index}`}>{t('Own learning rate')}</label>
        <input
          id={`train-lr-${index}`}
          type="number"
          step="any"
          placeholder={t('shared')}
          disabled={!canEdit}
          value={run.lrOverride ?? ''}
          onChange={(e) => {
            const v = e.target.value.trim() === '' ? null : Number(e.target.value);
            const why = store.setRunLr(index, v);
            setProblem(why ? t(why) : null);
          }}
        />
      </div>
      <dl className="run-figures">
        <dt>{t('Status')}</dt>
        <dd data-testid="run-status">{t(STATUS_TEXT[run.status])}</dd>
        <dt>{t('Step')}</dt>
        <dd data-testid="run-step">{last?.step ?? 0}</dd>
        <dt>{t('Loss')}</dt>
        <dd data-testid="run-loss" data-value={last?.loss}>
          {last ? formatLoss(last.loss) : '–'}
          {smoothed !== null && <span className="muted"> ({t('smoothed')} {formatLoss(smoothed)})</span>}
        </dd>
        <dt>{t('Batch accuracy')}</dt>
        <dd>{last ? `${(last.accuracy * 100).toFixed(1)}%` : '–'}</dd>
        <dt>{t('Test accuracy')}</dt>
        <dd data-testid="run-test">{test ? `${(test.accuracy * 100).toFixed(1)}% @ ${test.step}` : '–'}</dd>
        <dt>{t('Images/s')}</dt>
        <dd data-testid="run-speed">{run.imagesPerSecond ? run.imagesPerSecond.toFixed(0) : '–'}</dd>
        <dt>{t('Time per step')}</dt>
        <dd>{run.msPerStep ? `${run.msPerStep.toFixed(0)} ms` : '–'}</dd>
        <dt>{t('Learning rate')}</dt>
        <dd>{run.currentLr !== null ? run.currentLr.toPrecision(3) : (run.lrOverride ?? '–')}</dd>
      </dl>
      {run.message && (
        <p className="problem" role="alert" data-testid="run-message">
          {run.message}
        </p>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={busy || run.points.length === 0 || run.status === 'diverged'} onClick={() => void weights(true)}>
          {t('Use these weights')}
        </button>
        <button type="button" disabled={busy || run.points.length === 0 || run.status === 'diverged'} onClick={() => void weights(false)}>
          {t('Save weights')}
        </button>
        {onStudy && (
          <button
            type="button"
            data-testid="study-run"
            title={t('Open the Lab on this run: switch its blocks off, walk its loss landscape, beside its twin')}
            disabled={busy || run.points.length === 0 || run.status === 'diverged'}
            onClick={() => {
              setBusy(true);
              setProblem(null);
              onStudy(index)
                .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))
                .finally(() => setBusy(false));
            }}
          >
            {t('Study this run')}
          </button>
        )}
      </div>
    </section>
  );
}

/** One line: where the runs train (the worker, or the page's main thread and why). */
function whereText(w: TrainLocation, t: ReturnType<typeof useT>): string {
  if (w.worker) {
    const backend = w.backend === 'wasm' ? t('WebAssembly, {n} threads', { n: w.threads }) : w.backend === 'webgl' || w.backend === 'webgpu' ? (w.backend === 'webgl' ? 'WebGL' : 'WebGPU') : w.note ? `${t('the CPU backend')}; ${w.note}` : t('the CPU backend');
    return `${t('Training runs in a background worker ({backend}), so the page stays responsive.', { backend })}${w.reason ? ` ${t(w.reason)}` : ''}`;
  }
  const backend = w.backend;
  if (w.why === 'flag') return t('Training runs on the page’s main thread ({backend}) because the link says worker=off: the page may respond slowly while it trains.', { backend });
  if (w.why === 'unavailable') return t('Training runs on the page’s main thread ({backend}): this browser cannot start workers, so the page may respond slowly while it trains.', { backend });
  return t('Training runs on the page’s main thread ({backend}): the training worker could not start ({detail}), so the page may respond slowly while it trains.', { backend, detail: w.detail ?? '' });
}

export function TrainView({ store, current, saved, fit, onUse, onStudy }: { store: TrainStore; current: ResNetSpec; saved: SavedModel[]; fit: DatasetFit; onUse: (w: TrainedWeights) => Promise<void>; onStudy?: (index: number) => Promise<void> }) {
  const t = useT();
  const s = useSyncExternalStore(store.subscribe, store.getState);
  const editable = s.phase === 'idle';
  const explanation = explainRuns(s.runs);
  return (
    <main className="train" aria-label={t('Train')} data-testid="train-view" data-phase={s.phase}>
      <div className="train-top">
        <div>
          <h2>{t('Train: watch skip connections let a deep network learn')}</h2>
          <p className="hint">
            {t(
              'Each run trains from scratch on Fashion-MNIST (1×28×28 grayscale clothing, 10 classes) with SGD, taking turns with the others on this machine’s {backend} backend so they advance together. The paper’s CIFAR nets (He et al. 2016) get the dataset’s input and classes.',
              { backend: 'TensorFlow.js' },
            )}
          </p>
          {s.where && (
            <p className="hint" data-testid="train-where" data-worker={String(s.where.worker)}>
              {whereText(s.where, t)}
            </p>
          )}
        </div>
        <div className="train-controls" role="group" aria-label={t('Training')}>
          {s.phase === 'running' || s.phase === 'loading' ? (
            <button type="button" className="primary" onClick={() => void store.pause()} disabled={s.phase === 'loading'}>
              {s.phase === 'loading' ? t('Loading…') : t('Pause')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void store.start()} disabled={s.phase === 'done'}>
              {s.phase === 'paused' ? t('Resume') : t('Start')}
            </button>
          )}
          <button type="button" onClick={() => void store.reset()} disabled={s.phase === 'idle'}>
            {t('Reset')}
          </button>
        </div>
      </div>
      {s.error && (
        <div className="banner" role="alert">
          {s.error}
        </div>
      )}
      <fieldset className="train-settings" disabled={!editable}>
        <legend>{t('Settings (shared by every run)')}</legend>
        {FIELDS.map((f) => (
          <SettingField key={f.key} f={f} value={s.settings[f.key] as number} disabled={!editable} onChange={(v) => store.setSettings({ [f.key]: v })} />
        ))}
        <div className="field">
          <label htmlFor="train-decay">{t('Schedule')}</label>
          <select id="train-decay" value={s.settings.decay} onChange={(e) => store.setSettings({ decay: e.target.value as 'cosine' | 'step' })}>
            <option value="cosine">{t('cosine decay')}</option>
            <option value="step">{t('step decay (×0.1 at 50% and 75%)')}</option>
          </select>
        </div>
        {!editable && <p className="hint">{t('Reset to change the settings.')}</p>}
      </fieldset>
      <div className="train-runs">
        {s.runs.map((r, i) => (
          <RunCard key={r.id} run={r} index={i} store={store} canEdit={editable} canRemove={s.runs.length > 1} current={current} saved={saved} fit={fit} onUse={onUse} onStudy={onStudy} />
        ))}
        {s.runs.length < MAX_RUNS && (
          <button type="button" className="add-run" onClick={() => void store.addRun(checkedRunSpec(current, fit).ok ? current : presetSpec('resnet20'))} title={t('Adds the model you are building (ResNet-20 when it cannot take a 1×28×28 image)')}>
            {t('Add run')}
          </button>
        )}
      </div>
      <div className="train-charts">
        <LossChart runs={s.runs} steps={s.settings.steps} />
        <AccuracyChart runs={s.runs} steps={s.settings.steps} />
        <GradientFlowChart runs={s.runs} />
      </div>
      <section className="panel train-explain" aria-labelledby="train-explain-title" data-testid="train-explanation">
        <h3 id="train-explain-title">{t('What you are seeing')}</h3>
        {explanation.length === 0 ? (
          <p className="muted">{t('Press Start: after a few steps this says what the curves show, with their numbers.')}</p>
        ) : (
          explanation.map((x) => <p key={x.text}>{t(x.text, x.vars)}</p>)
        )}
        <p className="hint">
          {t(
            'He et al. (2016) found that adding layers to a plain network makes its training error worse, not better; with shortcuts (ResNets) depth helps. At browser scale, 300 steps on Fashion-MNIST, a deep ResNet can still be behind a shallow one; the gap between plain and residual nets of the same depth is what to watch.',
          )}
        </p>
      </section>
      <p className="hint credits" data-testid="fashion-credit">
        {t('Data: Fashion-MNIST by Zalando Research (Xiao, Rasul and Vollgraf, 2017), MIT licence; the app ships {train} training and {test} test images of it.', {
          train: s.dataset?.trainCount ?? '10,000',
          test: s.dataset?.testCount ?? '2,000',
        })}
      </p>
    </main>
  );
}
