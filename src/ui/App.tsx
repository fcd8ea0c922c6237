import { useMemo, useState } from 'react';
import { PRESET_NAMES, analyzeSpec, formatCount, presetLabel, presetSpec, type PresetName } from '../core';

export function App() {
  const [preset, setPreset] = useState<PresetName>('resnet50');
  const analysis = useMemo(() => analyzeSpec(presetSpec(preset)), [preset]);
  return (
    <main>
      <h1>ResNet Explorer</h1>
      <label>
        Preset{' '}
        <select value={preset} onChange={(e) => setPreset(e.target.value as PresetName)}>
          {PRESET_NAMES.map((n) => (
            <option key={n} value={n}>
              {presetLabel(n)}
            </option>
          ))}
        </select>
      </label>
      <dl>
        <dt>Parameters</dt>
        <dd data-testid="total-params">{formatCount(analysis.params)}</dd>
        <dt>MACs</dt>
        <dd data-testid="total-macs">{formatCount(analysis.macs)}</dd>
      </dl>
    </main>
  );
}
