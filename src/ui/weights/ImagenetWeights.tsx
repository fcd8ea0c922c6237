/**
 * *Load ImageNet weights*: the built preset's sets, labelled by who trained them (torchvision's V1/V2, timm's best
 * own recipe), each with its published accuracy and the preprocessing it wants. torchvision's DEFAULT (its last,
 * best set) is chosen first.
 */
import { useState, useSyncExternalStore } from 'react';
import type { ResNetSpec } from '../../core';
import { preprocessingPhrase } from '../../core/hub';
import { pretrainedForSpec, pretrainedLabel, type PretrainedWeights } from '../../core/pretrained';
import { useT } from '../../i18n/i18n';
import type { RemoteWeights } from '../../runtime/weights/remote';
import './weights.css';

/** "IMAGENET1K_V1 · top-1 69.8% · top-5 89.1% · resize 256", or timm's "a1_in1k · … · bicubic, crop 0.95". */
function SetFacts({ w, stored }: { w: PretrainedWeights; stored: boolean }) {
  const t = useT();
  return (
    <span>
      <span className={`source source-${w.source}`}>{w.source}</span> <code>{w.weights}</code> · top-1 {w.top1.toFixed(1)}% · top-5 {w.top5.toFixed(1)}% ·{' '}
      {w.source === 'timm' ? t(preprocessingPhrase(w.preprocessing, w.cropPct)) : t('resize {n}', { n: w.resize })}
      {stored && <span className="badge">{t('stored')}</span>}
    </span>
  );
}

export function ImagenetWeights({ remote, spec, compact = false }: { remote: RemoteWeights; spec: ResNetSpec; compact?: boolean }) {
  const t = useT();
  const s = useSyncExternalStore(remote.subscribe, remote.getState);
  const sets = pretrainedForSpec(spec);
  const [choice, setChoice] = useState<string | null>(null);
  const chosen = sets.find((w) => w.url === choice) ?? sets.filter((w) => w.source === 'torchvision').at(-1) ?? sets.at(-1);
  const busy = s.phase === 'downloading' || s.phase === 'loading';
  if (!chosen) {
    return (
      <div className="imagenet-weights">
        <button type="button" disabled>
          {t('Load ImageNet weights')}
        </button>
        <p className="hint">{t("ImageNet weights exist for torchvision's presets only; this model is not one of them exactly.")}</p>
      </div>
    );
  }
  return (
    <div className={`imagenet-weights${compact ? ' compact' : ''}`}>
      {sets.length > 1 && (
        <fieldset className="weights-choice">
          <legend>{t('ImageNet weights: torchvision’s, and timm’s best recipe')}</legend>
          {sets.map((w) => (
            <label key={w.url}>
              <input type="radio" name={`imagenet-${compact ? 'run' : 'panel'}`} checked={w === chosen} disabled={busy} onChange={() => setChoice(w.url)} />
              <SetFacts w={w} stored={remote.isStored(w.url)} />
            </label>
          ))}
        </fieldset>
      )}
      {sets.length === 1 && (
        <p className="hint">
          <SetFacts w={chosen} stored={remote.isStored(chosen.url)} />
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void remote.requestPretrained(chosen, pretrainedLabel(chosen))}>
        {t('Load ImageNet weights')}
      </button>
    </div>
  );
}
