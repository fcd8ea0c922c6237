/**
 * The Train tab: up to four runs trained side by side on Fashion-MNIST, their loss and accuracy curves, the
 * gradient flow through depth, what it all shows in words, and the trained weights handed to the Run tab.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import {
  PRESET_GROUPS,
  TRAIN_SETTING_RULES,
  phrase,
  phraseOf,
  presetSpec,
  ruleProblem,
  sameSpec,
  type Phrase,
  type ResNetSpec,
  type TrainSettingRule,
} from '../../core';
import { explainLesson, formatDuration } from '../../core/lesson';
import { useT } from '../../i18n/i18n';
import type { SavedModel } from '../../state/library';
import { MAX_RUNS, checkedRunSpec, lessonRun, trainProgress, type DatasetFit, type RunView, type TrainStore } from '../../state/trainStore';
import type { TrainLocation } from '../../runtime/train/engineTypes';
import { download } from '../graph/exportGraph';
import { ModelPicker } from '../ModelPicker';
import { formatLoss, latestSmoothedLoss } from './curves';
import { AccuracyChart, GradientFlowChart, LossChart, RUN_COLORS } from './TrainCharts';
import './train.css';

export interface TrainedWeights {
  spec: ResNetSpec;
  bytes: Uint8Array;
  label: string;
  step: number;
}

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

/** One numeric setting, its input and its error from the one table of rules (core/trainSettings.ts). */
function SettingField({ f, value, disabled, onChange }: { f: TrainSettingRule; value: number; disabled: boolean; onChange: (v: number) => void }) {
  const t = useT();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<Phrase | null>(null);
  const shown = disabled ? String(value) : text;
  return (
    <div className="field">
      <label htmlFor={`train-${f.key}`}>{t(f.label)}</label>
      <input
        id={`train-${f.key}`}
        type="number"
        step={f.whole ? '1' : 'any'}
        min={f.min}
        value={shown}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim() === '' ? NaN : Number(e.target.value);
          const bad = ruleProblem(f, v, e.target.value);
          setError(bad);
          if (!bad) onChange(v);
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}

function RunCard({
  run,
  index,
  steps,
  left,
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
  /** The experiment's steps (each run's last). */
  steps: number;
  /** Milliseconds until this run ends (null: not known yet). */
  left: number | null;
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
  const [problem, setProblem] = useState<Phrase | null>(null);
  const [busy, setBusy] = useState(false);
  const last = run.points.at(-1);
  const test = run.tests.at(-1);
  const smoothed = latestSmoothedLoss(run);
  const choose = (spec: ResNetSpec, label?: string) => {
    const checked = checkedRunSpec(spec, fit);
    if (!checked.ok) {
      setProblem(phrase('This model cannot take a 1×28×28 image: {why}', { why: checked.message }));
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
      setProblem(phraseOf(e));
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
            setProblem(store.setRunLr(index, v, e.target.value));
          }}
        />
      </div>
      <dl className="run-figures">
        <dt>{t('Status')}</dt>
        <dd data-testid="run-status">{t(STATUS_TEXT[run.status])}</dd>
        <dt>{t('Step')}</dt>
        <dd data-testid="run-step" data-step={last?.step ?? 0}>
          {t('{step} / {steps}', { step: last?.step ?? 0, steps })}
          <progress className="run-progress" max={steps} value={last?.step ?? 0} aria-label={t('Progress of run {n}', { n })} />
        </dd>
        <dt>{t('Time left')}</dt>
        <dd data-testid="run-left">{timeLeftText(run, left, t)}</dd>
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
          {t(run.message)}
        </p>
      )}
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
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
                .catch((e: unknown) => setProblem(phraseOf(e)))
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

/** A run's time left: "about 1 min 20 s", "–" before its pace is known, "ended" once it has. */
function timeLeftText(run: RunView, left: number | null, t: ReturnType<typeof useT>): string {
  if (run.status === 'done' || run.status === 'diverged' || run.status === 'error') return t('none (ended)');
  if (left === null) return '–';
  return t('about {time}', { time: formatDuration(left) });
}

/** One line: where the runs train (the worker, or the page's main thread and why). */
function whereText(w: TrainLocation, t: ReturnType<typeof useT>): string {
  if (w.worker) {
    const backend = w.backend === 'wasm' ? t('WebAssembly, {n} threads', { n: w.threads }) : w.backend === 'webgl' || w.backend === 'webgpu' ? (w.backend === 'webgl' ? 'WebGL' : 'WebGPU') : w.note ? `${t('the CPU backend')}; ${t(w.note)}` : t('the CPU backend');
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
  const { verdict, claims } = useMemo(() => explainLesson(s.runs.map(lessonRun)), [s.runs]);
  const progress = trainProgress(s);
  const started = s.runs.some((r) => r.points.length > 0);
  const common = Math.min(...s.runs.map((r) => (r.status === 'done' ? s.settings.steps : (r.points.at(-1)?.step ?? 0))));
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
      {started && (
        <div className="train-progress" data-testid="train-progress" data-phase={s.phase}>
          <progress max={s.settings.steps} value={common} aria-label={t('Progress of the experiment')} />
          <span>
            {t('Step {step} / {steps}', { step: common, steps: s.settings.steps })}
            {s.phase === 'done'
              ? ` · ${t('done')}`
              : progress.total !== null && ` · ${t('about {time} left', { time: formatDuration(progress.total) })}`}
            {s.phase === 'running' && progress.imagesPerSecond !== null && ` · ${t('{rate} images/s', { rate: Math.round(progress.imagesPerSecond) })}`}
          </span>
        </div>
      )}
      {s.error && (
        <div className="banner" role="alert">
          {t(s.error)}
        </div>
      )}
      <fieldset className="train-settings" disabled={!editable}>
        <legend>{t('Settings (shared by every run)')}</legend>
        {TRAIN_SETTING_RULES.map((f) => (
          <SettingField key={f.key} f={f} value={s.settings[f.key]} disabled={!editable} onChange={(v) => store.setSettings({ [f.key]: v })} />
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
          <RunCard key={r.id} run={r} index={i} steps={s.settings.steps} left={progress.perRun[i]} store={store} canEdit={editable} canRemove={s.runs.length > 1} current={current} saved={saved} fit={fit} onUse={onUse} onStudy={onStudy} />
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
      <section
        className="panel train-explain"
        aria-labelledby="train-explain-title"
        data-testid="train-explanation"
        data-holds={String(verdict.holds)}
        data-step={verdict.degradation && verdict.deepShortcut ? Math.min(verdict.degradation.c.step, verdict.deepShortcut.c.step) : 0}
      >
        <h3 id="train-explain-title">{t('What you are seeing')}</h3>
        {claims.length === 0 ? (
          <p className="muted">{t('Press Start: after a few steps this says what the curves show, with their numbers.')}</p>
        ) : (
          claims.map((c) => (
            <p key={c.id} data-claim={c.id} className={c.id === 'lesson' ? (verdict.holds ? 'verdict holds' : 'verdict') : undefined}>
              {t(c.phrase)}
            </p>
          ))
        )}
        <p className="hint">
          {t(
            'He et al. (2016) found that adding layers to a plain network makes its training error worse, not better; with shortcuts (ResNets) depth helps. At browser scale, on a few thousand Fashion-MNIST images, a deep ResNet can still be behind a shallow one; the gap between plain and residual nets of the same depth is what to watch.',
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
