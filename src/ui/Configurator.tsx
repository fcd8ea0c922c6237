/** The form that builds a model: preset, block type, stages, groups, shortcuts, stem, input and head. */
import { useId, type ReactNode } from 'react';
import { LIMITS, PRESET_GROUPS, presetLabel, type PresetName, type SpecError } from '../core';
import { useT } from '../i18n/i18n';
import { ErrorList } from './formParts';
import { FIELD_PATHS, nextStage, type FormDraft, type StageDraft } from '../state/formDraft';
import type { ModelState } from '../state/modelStore';

interface Props {
  state: ModelState;
  onPreset: (name: PresetName) => void;
  onDraft: (draft: FormDraft, field: string) => void;
}

/** Arrow Up/Down on a numeric field: the value stepped by one, or null when the key or the text is not for stepping. */
function stepped(e: React.KeyboardEvent, text: string, min = 1): string | null {
  if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return null;
  e.preventDefault();
  const n = Number(text);
  return Number.isFinite(n) ? String(Math.max(min, Math.round(n) + (e.key === 'ArrowUp' ? 1 : -1))) : null;
}

function errorFor(errors: SpecError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

interface FieldProps {
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  min?: number;
  hint?: string;
}

/** A numeric text field: typing anything is allowed (the core says what is wrong); arrows step by one. */
function NumberField({ label, value, error, onChange, min, hint }: FieldProps) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        title={hint}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          const next = stepped(e, value, min);
          if (next !== null) onChange(next);
        }}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function Configurator({ state, onPreset, onDraft }: Props) {
  const t = useT();
  const { draft, errors } = state;
  const set = <K extends keyof FormDraft>(key: K, value: FormDraft[K]) =>
    onDraft({ ...draft, [key]: value }, key === 'stages' ? 'stages' : FIELD_PATHS[key as Exclude<keyof FormDraft, 'stages'>]);
  const setStage = (i: number, key: keyof StageDraft, value: string) =>
    onDraft(
      { ...draft, stages: draft.stages.map((s, j) => (j === i ? { ...s, [key]: value } : s)) },
      `stages[${i}].${key}`,
    );
  const field = (key: Exclude<keyof FormDraft, 'stages' | 'block' | 'stridePlacement' | 'maxPool' | 'shortcut' | 'residual'>, label: string, hint?: string) => (
    <NumberField
      label={t(label)}
      value={draft[key]}
      error={errorFor(errors, FIELD_PATHS[key])}
      onChange={(v) => set(key, v)}
      min={1}
      hint={hint}
    />
  );
  const bottleneck = draft.block === 'bottleneck';
  const generalErrors = errors.filter(
    (e) => !e.field.startsWith('stages[') && !Object.values(FIELD_PATHS).includes(e.field),
  );

  return (
    <form className="configurator" onSubmit={(e) => e.preventDefault()} aria-label="Model configuration">
      <div className="field">
        <label htmlFor="preset">{t('Preset')}</label>
        <select id="preset" value={state.preset ?? 'custom'} onChange={(e) => onPreset(e.target.value as PresetName)}>
          {state.preset === null && <option value="custom">Custom</option>}
          {PRESET_GROUPS.map((g) => (
            <optgroup key={g.label} label={t(g.label)}>
              {g.names.map((n) => (
                <option key={n} value={n}>
                  {presetLabel(n)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {state.preset === null && (
          <p className="custom-note" data-testid="custom-note">
            Custom model{state.basedOn ? `, edited from ${presetLabel(state.basedOn)}` : ''}. Pick a preset to start over.
          </p>
        )}
      </div>

      <Section title={t('Body')}>
        <div className="field">
          <label htmlFor="block-type">{t('Block type')}</label>
          <select id="block-type" value={draft.block} onChange={(e) => set('block', e.target.value)}>
            <option value="basic">{t('Basic')}</option>
            <option value="bottleneck">{t('Bottleneck')}</option>
          </select>
          <p className="hint">
            {bottleneck
              ? 'Bottleneck: 1×1 reduce, 3×3, 1×1 expand (×4 channels).'
              : 'Basic: two 3×3 convolutions (expansion 1).'}
          </p>
          {errorFor(errors, 'block') && <p className="field-error" role="alert">{errorFor(errors, 'block')}</p>}
        </div>
        <table className="stages">
          <thead>
            <tr>
              <th scope="col">{t('Stage')}</th>
              <th scope="col">{t('Blocks')}</th>
              <th scope="col">{t('Width')}</th>
              <th scope="col">{t('Stride')}</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.stages.map((s, i) => (
              <StageRow
                key={i}
                index={i}
                stage={s}
                errors={errors}
                onChange={(key, v) => setStage(i, key, v)}
                onRemove={draft.stages.length > LIMITS.stages.min ? () => set('stages', draft.stages.filter((_, j) => j !== i)) : undefined}
              />
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="secondary"
          disabled={draft.stages.length >= LIMITS.stages.max}
          onClick={() => set('stages', [...draft.stages, nextStage(state.analysis.graph.spec.stages.at(-1))])}
        >
          {t('Add stage')}
        </button>
        <ErrorList messages={errors.filter((e) => e.field === 'stages').map((e) => e.message)} />
        <div className="row">
          {field('groups', 'Groups', 'Groups of the bottleneck 3×3 conv (ResNeXt cardinality)')}
          {field('widthPerGroup', 'Width per group', '64: ResNet; 128: Wide ResNet; 4 or 8: ResNeXt')}
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="residual">{t('Shortcuts')}</label>
            <select id="residual" value={draft.residual ? 'residual' : 'plain'} onChange={(e) => set('residual', e.target.value === 'residual')}>
              <option value="residual">{t('Residual')}</option>
              <option value="plain">{t('Plain (none)')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="shortcut">{t('Shortcut option')}</label>
            <select id="shortcut" value={draft.shortcut} disabled={!draft.residual} onChange={(e) => set('shortcut', e.target.value)}>
              <option value="B">{t('B: 1×1 conv + BN')}</option>
              <option value="A">{t('A: zero-pad')}</option>
            </select>
          </div>
        </div>
        <p className="hint">
          {!draft.residual
            ? t('The plain twin: the same layers without shortcuts, as He et al. compared them.')
            : draft.shortcut === 'A'
              ? t('Where a block changes the shape, the shortcut keeps every other pixel and adds the new channels as zeros: no parameters.')
              : t('Where a block changes the shape, a strided 1×1 convolution and a batch norm project the input.')}
        </p>
        {['shortcut', 'residual'].map((f) => errorFor(errors, f) && <p key={f} className="field-error" role="alert">{errorFor(errors, f)}</p>)}
        {bottleneck && (
          <div className="field">
            <label htmlFor="stride-placement">{t('Stride placement')}</label>
            <select id="stride-placement" value={draft.stridePlacement} onChange={(e) => set('stridePlacement', e.target.value)}>
              <option value="v1.5">v1.5: stride on the 3×3 conv (torchvision)</option>
              <option value="v1">v1: stride on the first 1×1 conv (paper)</option>
            </select>
          </div>
        )}
      </Section>

      <Section title={t('Stem')}>
        <div className="row">
          {field('stemKernel', 'Stem kernel')}
          {field('stemStride', 'Stem stride')}
          {field('stemWidth', 'Stem width')}
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.maxPool} onChange={(e) => set('maxPool', e.target.checked)} />
          {t('3×3 stride-2 max-pool')}
        </label>
      </Section>

      <Section title={t('Input and head')}>
        <div className="row">
          {field('inputHeight', 'Input height')}
          {field('inputWidth', 'Input width')}
          {field('inputChannels', 'Channels')}
        </div>
        {field('numClasses', 'Classes')}
      </Section>

      <ErrorList messages={generalErrors.map((e) => e.message)} />
    </form>
  );
}

function StageRow(props: {
  index: number;
  stage: StageDraft;
  errors: SpecError[];
  onChange: (key: keyof StageDraft, value: string) => void;
  onRemove?: () => void;
}) {
  const { index, stage, errors, onChange, onRemove } = props;
  const n = index + 1;
  const cell = (key: keyof StageDraft, label: string) => {
    const error = errorFor(errors, `stages[${index}].${key}`);
    return (
      <td>
        <input
          type="text"
          inputMode="numeric"
          aria-label={label}
          value={stage[key]}
          aria-invalid={error ? true : undefined}
          className={error ? 'invalid' : undefined}
          onChange={(e) => onChange(key, e.target.value)}
          onKeyDown={(e) => {
            const next = stepped(e, stage[key]);
            if (next !== null) onChange(key, next);
          }}
        />
      </td>
    );
  };
  const rowErrors = errors.filter((e) => e.field.startsWith(`stages[${index}]`));
  return (
    <>
      <tr>
        <th scope="row">layer{n}</th>
        {cell('blocks', `Stage ${n} blocks`)}
        {cell('width', `Stage ${n} width`)}
        {cell('stride', `Stage ${n} stride`)}
        <td>
          {onRemove && (
            <button type="button" className="icon" aria-label={`Remove stage ${n}`} title={`Remove stage ${n}`} onClick={onRemove}>
              ×
            </button>
          )}
        </td>
      </tr>
      {rowErrors.length > 0 && (
        <tr className="row-errors">
          <td colSpan={5}>
            <ErrorList messages={rowErrors.map((e) => e.message)} />
          </td>
        </tr>
      )}
    </>
  );
}
