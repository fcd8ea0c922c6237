/**
 * The form that builds a model: preset, block type, stages, groups, shortcuts, stem, input and head. Typed numbers are
 * handed to the store when the user pauses or leaves the field (see DraftSettler); a field's message shows
 * beside it, and a message about the whole model (too many parameters) beside the field last edited.
 */
import { useId, type ReactNode } from 'react';
import { BLOCK_TYPES, LIMITS, PRESET_GROUPS, presetLabel, type BlockType, type PresetName } from '../core';
import { useT } from '../i18n/i18n';
import { ErrorList } from './formParts';
import { FIELD_PATHS, nextStage, type FormDraft, type StageDraft } from '../state/formDraft';
import type { ModelState } from '../state/modelStore';
import { useSettledDraft } from './useSettledDraft';

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

/** The core's field paths that have a place in the form; other messages are about the whole model. */
function placed(field: string): boolean {
  return field === 'block' || field === 'stages' || field.startsWith('stages[') || Object.values(FIELD_PATHS).includes(field);
}

interface FieldProps {
  label: string;
  value: string;
  errors: string[];
  onChange: (value: string) => void;
  onLeave: () => void;
  min?: number;
  hint?: string;
}

/** A numeric text field: typing anything is allowed (the core says what is wrong); arrows step by one. */
function NumberField({ label, value, errors, onChange, onLeave, min, hint }: FieldProps) {
  const id = useId();
  const invalid = errors.length > 0;
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        title={hint}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onLeave}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onLeave();
          const next = stepped(e, value, min);
          if (next !== null) onChange(next);
        }}
      />
      <div id={`${id}-error`}>
        <ErrorList messages={errors} />
      </div>
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

type TextKey = Exclude<keyof FormDraft, 'stages' | 'block' | 'stridePlacement' | 'maxPool' | 'shortcut' | 'residual'>;

/** A line on each block type, with its expansion from `BLOCK_TYPES`. */
const BLOCK_HINTS: Record<BlockType, string> = {
  basic: 'Basic: two 3×3 convolutions (expansion {e}).',
  bottleneck: 'Bottleneck: 1×1 reduce, 3×3, 1×1 expand (×{e} channels).',
};

export function Configurator({ state, onPreset, onDraft }: Props) {
  const t = useT();
  const { draft, settler } = useSettledDraft(state, onDraft);
  const { errors } = state;
  // Messages about the whole model go beside the field last edited (or at the end when none was).
  const anchor = settler.lastField !== null && placed(settler.lastField) ? settler.lastField : null;
  /** The messages to show beside a field: none while the user is still typing in it. */
  const errorsAt = (path: string): string[] =>
    settler.typingField === path
      ? []
      : errors.filter((e) => e.field === path || (path === anchor && !placed(e.field))).map((e) => t(e.phrase));
  /** A choice that applies at once (select, checkbox, adding or removing a stage). */
  const choose = <K extends keyof FormDraft>(key: K, value: FormDraft[K]) =>
    settler.apply({ ...draft, [key]: value }, key === 'stages' ? 'stages' : FIELD_PATHS[key as Exclude<keyof FormDraft, 'stages'>]);
  const typeStage = (i: number, key: keyof StageDraft, value: string) =>
    settler.type({ ...draft, stages: draft.stages.map((s, j) => (j === i ? { ...s, [key]: value } : s)) }, `stages[${i}].${key}`, value);
  const field = (key: TextKey, label: string, hint?: string) => (
    <NumberField
      label={t(label)}
      value={draft[key]}
      errors={errorsAt(FIELD_PATHS[key])}
      onChange={(v) => settler.type({ ...draft, [key]: v }, FIELD_PATHS[key], v)}
      onLeave={() => settler.flush()}
      min={1}
      hint={hint && t(hint)}
    />
  );
  const blockType = BLOCK_TYPES[draft.block as BlockType] ?? BLOCK_TYPES.basic;
  const generalErrors = anchor === null ? errors.filter((e) => !placed(e.field)) : [];

  return (
    <form className="configurator" onSubmit={(e) => e.preventDefault()} aria-label={t('Model configuration')}>
      <div className="field">
        <label htmlFor="preset">{t('Preset')}</label>
        <select id="preset" value={state.preset ?? 'custom'} onChange={(e) => onPreset(e.target.value as PresetName)}>
          {state.preset === null && <option value="custom">{t('Custom')}</option>}
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
            {state.basedOn
              ? t('Custom model, edited from {name}. Pick a preset to start over.', { name: presetLabel(state.basedOn) })
              : t('Custom model. Pick a preset to start over.')}
          </p>
        )}
      </div>

      <Section title={t('Body')}>
        <div className="field">
          <label htmlFor="block-type">{t('Block type')}</label>
          <select id="block-type" value={draft.block} onChange={(e) => choose('block', e.target.value)}>
            <option value="basic">{t('Basic')}</option>
            <option value="bottleneck">{t('Bottleneck')}</option>
          </select>
          <p className="hint">
            {t(BLOCK_HINTS[blockType.type], { e: blockType.expansion })}
          </p>
          <ErrorList messages={errorsAt('block')} />
        </div>
        <table className="stages">
          <thead>
            <tr>
              <th scope="col">{t('Stage')}</th>
              <th scope="col">{t('Blocks')}</th>
              <th scope="col">{t('Width')}</th>
              <th scope="col">{t('Stride')}</th>
              <th scope="col">
                <span className="sr-only">{t('Remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.stages.map((s, i) => (
              <StageRow
                key={i}
                index={i}
                stage={s}
                errorsAt={errorsAt}
                onChange={(key, v) => typeStage(i, key, v)}
                onLeave={() => settler.flush()}
                onRemove={draft.stages.length > LIMITS.stages.min ? () => choose('stages', draft.stages.filter((_, j) => j !== i)) : undefined}
              />
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="secondary"
          disabled={draft.stages.length >= LIMITS.stages.max}
          onClick={() => choose('stages', [...draft.stages, nextStage(state.analysis.graph.spec.stages.at(-1))])}
        >
          {t('Add stage')}
        </button>
        <ErrorList messages={errorsAt('stages')} />
        <div className="row">
          {field('groups', 'Groups', 'Groups of the bottleneck 3×3 conv (ResNeXt cardinality)')}
          {field('widthPerGroup', 'Width per group', '64: ResNet; 128: Wide ResNet; 4 or 8: ResNeXt')}
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="residual">{t('Shortcuts')}</label>
            <select id="residual" value={draft.residual ? 'residual' : 'plain'} onChange={(e) => choose('residual', e.target.value === 'residual')}>
              <option value="residual">{t('Residual')}</option>
              <option value="plain">{t('Plain (none)')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="shortcut">{t('Shortcut option')}</label>
            <select id="shortcut" value={draft.shortcut} disabled={!draft.residual} onChange={(e) => choose('shortcut', e.target.value)}>
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
        <ErrorList messages={[...errorsAt('shortcut'), ...errorsAt('residual')]} />
        {blockType.placesStride && (
          <div className="field">
            <label htmlFor="stride-placement">{t('Stride placement')}</label>
            <select id="stride-placement" value={draft.stridePlacement} onChange={(e) => choose('stridePlacement', e.target.value)}>
              <option value="v1.5">{t('v1.5: stride on the 3×3 conv (torchvision)')}</option>
              <option value="v1">{t('v1: stride on the first 1×1 conv (paper)')}</option>
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
          <input type="checkbox" checked={draft.maxPool} onChange={(e) => choose('maxPool', e.target.checked)} />
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

      <ErrorList messages={generalErrors.map((e) => t(e.phrase))} />
    </form>
  );
}

function StageRow(props: {
  index: number;
  stage: StageDraft;
  errorsAt: (path: string) => string[];
  onChange: (key: keyof StageDraft, value: string) => void;
  onLeave: () => void;
  onRemove?: () => void;
}) {
  const t = useT();
  const { index, stage, errorsAt, onChange, onLeave, onRemove } = props;
  const n = index + 1;
  const keys: (keyof StageDraft)[] = ['blocks', 'width', 'stride'];
  const messages = keys.flatMap((key) => errorsAt(`stages[${index}].${key}`));
  const cell = (key: keyof StageDraft, label: string) => {
    const invalid = errorsAt(`stages[${index}].${key}`).length > 0;
    return (
      <td>
        <input
          type="text"
          inputMode="numeric"
          aria-label={label}
          value={stage[key]}
          aria-invalid={invalid ? true : undefined}
          className={invalid ? 'invalid' : undefined}
          onChange={(e) => onChange(key, e.target.value)}
          onBlur={onLeave}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onLeave();
            const next = stepped(e, stage[key]);
            if (next !== null) onChange(key, next);
          }}
        />
      </td>
    );
  };
  return (
    <>
      <tr>
        <th scope="row">{`layer${n}`}</th>
        {cell('blocks', t('Stage {n} blocks', { n }))}
        {cell('width', t('Stage {n} width', { n }))}
        {cell('stride', t('Stage {n} stride', { n }))}
        <td>
          {onRemove && (
            <button type="button" className="icon" aria-label={t('Remove stage {n}', { n })} title={t('Remove stage {n}', { n })} onClick={onRemove}>
              ×
            </button>
          )}
        </td>
      </tr>
      {messages.length > 0 && (
        <tr className="row-errors">
          <td colSpan={5}>
            <ErrorList messages={messages} />
          </td>
        </tr>
      )}
    </>
  );
}
