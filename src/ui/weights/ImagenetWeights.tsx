/** *Load ImageNet weights*: torchvision's sets for the built preset, with V1/V2 and their published accuracy. */
import { useState, useSyncExternalStore } from 'react';
import type { ResNetSpec } from '../../core';
import { pretrainedForSpec, pretrainedLabel } from '../../core/pretrained';
import { useT } from '../../i18n/i18n';
import type { RemoteWeights } from '../../runtime/weights/remote';
import './weights.css';

export function ImagenetWeights({ remote, spec, compact = false }: { remote: RemoteWeights; spec: ResNetSpec; compact?: boolean }) {
  const t = useT();
  const s = useSyncExternalStore(remote.subscribe, remote.getState);
  const sets = pretrainedForSpec(spec);
  // torchvision's DEFAULT: the last (best) published set.
  const [choice, setChoice] = useState<string | null>(null);
  const chosen = sets.find((w) => w.weights === choice) ?? sets.at(-1);
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
          <legend>{t("torchvision's ImageNet sets")}</legend>
          {sets.map((w) => (
            <label key={w.weights}>
              <input type="radio" name={`imagenet-${compact ? 'run' : 'panel'}`} checked={w === chosen} disabled={busy} onChange={() => setChoice(w.weights)} />
              <span>
                <code>{w.weights}</code> · top-1 {w.top1.toFixed(1)}% · top-5 {w.top5.toFixed(1)}% · {t('resize {n}', { n: w.resize })}
                {remote.isStored(w.url) && <span className="badge">{t('stored')}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {sets.length === 1 && (
        <p className="hint">
          <code>{chosen.weights}</code> · top-1 {chosen.top1.toFixed(1)}% · top-5 {chosen.top5.toFixed(1)}% · {t('resize {n}', { n: chosen.resize })}
          {remote.isStored(chosen.url) && <span className="badge">{t('stored')}</span>}
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void remote.requestPretrained(chosen, pretrainedLabel(chosen))}>
        {t('Load ImageNet weights')}
      </button>
    </div>
  );
}
