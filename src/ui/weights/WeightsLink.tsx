/** "Weights from a link": any https URL of a .safetensors or .pth file, with the same checks as the Hub sets. */
import { useState, useSyncExternalStore } from 'react';
import { useT } from '../../i18n/i18n';
import type { RemoteWeights } from '../../runtime/weights/remote';
import './weights.css';

export function WeightsLink({ remote }: { remote: RemoteWeights }) {
  const t = useT();
  const s = useSyncExternalStore(remote.subscribe, remote.getState);
  const [url, setUrl] = useState('');
  const busy = s.phase === 'downloading' || s.phase === 'loading';
  return (
    <form
      className="field weights-link"
      onSubmit={(e) => {
        e.preventDefault();
        if (url.trim()) void remote.requestLink(url);
      }}
    >
      <h3>{t('Weights from a link')}</h3>
      {/* Not "weights" in the label: the file picker is the field labelled Weights. */}
      <label htmlFor="weights-link">{t('Link to a .safetensors or .pth file')}</label>
      <div className="row">
        <input
          id="weights-link"
          type="url"
          inputMode="url"
          placeholder="https://huggingface.co/…/resolve/main/model.safetensors"
          value={url}
          data-own-undo
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" disabled={busy || !url.trim()}>
          {t('Load')}
        </button>
      </div>
      <p className="hint">{t('An https link to a .safetensors or .pth state_dict, such as a Hugging Face Hub "resolve" link.')}</p>
    </form>
  );
}
