/**
 * The model picker Compare's variants and the Train tab's runs share: the model being built, the presets in
 * groups, the models saved in this browser, and — when the chosen model is none of these (a link's, a dropped
 * file's) — that model under its own label.
 */
import { PRESET_GROUPS, presetLabel, presetSpec, sameSpec, type PresetName, type ResNetSpec } from '../core';
import { useT } from '../i18n/i18n';
import type { SavedModel } from '../state/library';

export interface ModelPickerProps {
  id: string;
  /** The accessible name, when no `<label htmlFor={id}>` names the picker. */
  ariaLabel?: string;
  disabled?: boolean;
  /** The model chosen now, and its label when it is none of the choices. */
  value: ResNetSpec;
  valueLabel: string;
  /** The model being built, and how it is called (with its preset's name when it is one). */
  built: ResNetSpec;
  builtLabel: string;
  saved: SavedModel[];
  /** The preset groups in the order this picker lists them. */
  groups?: readonly { label: string; names: readonly PresetName[] }[];
  /** Whether a choice is the chosen model (the Train tab compares models fitted to its data). */
  same?: (choice: ResNetSpec, value: ResNetSpec) => boolean;
  onPick: (spec: ResNetSpec, savedName?: string) => void;
}

/** The option that stands for `value`: the first preset, the built model or a saved model it is, else 'other'. */
export function pickedOption(
  value: ResNetSpec,
  built: ResNetSpec,
  saved: SavedModel[],
  groups: ModelPickerProps['groups'] = PRESET_GROUPS,
  same: (choice: ResNetSpec, value: ResNetSpec) => boolean = sameSpec,
): string {
  for (const g of groups) for (const n of g.names) if (same(presetSpec(n), value)) return `preset:${n}`;
  if (same(built, value)) return 'built';
  const k = saved.findIndex((m) => same(m.spec, value));
  return k >= 0 ? `saved:${k}` : 'other';
}

export function ModelPicker({ id, ariaLabel, disabled, value, valueLabel, built, builtLabel, saved, groups = PRESET_GROUPS, same = sameSpec as ModelPickerProps['same'], onPick }: ModelPickerProps) {
  const t = useT();
  const picked = pickedOption(value, built, saved, groups, same);
  const pick = (option: string) => {
    if (option === 'built') onPick(built);
    else if (option.startsWith('preset:')) onPick(presetSpec(option.slice(7) as PresetName));
    else if (option.startsWith('saved:')) {
      const m = saved[Number(option.slice(6))];
      onPick(m.spec, m.name);
    }
  };
  return (
    <select id={id} aria-label={ariaLabel} value={picked} disabled={disabled} onChange={(e) => pick(e.target.value)}>
      {picked === 'other' && <option value="other">{valueLabel}</option>}
      <option value="built">{builtLabel}</option>
      {groups.map((g) => (
        <optgroup key={g.label} label={t(g.label)}>
          {g.names.map((n) => (
            <option key={n} value={`preset:${n}`}>
              {presetLabel(n)}
            </option>
          ))}
        </optgroup>
      ))}
      {saved.length > 0 && (
        <optgroup label={t('Saved models')}>
          {saved.map((m, k) => (
            <option key={m.name} value={`saved:${k}`}>
              {m.name}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}
