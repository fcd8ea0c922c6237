/**
 * "Open a model from the Hugging Face Hub": a repository id or address; what was found is said before the
 * download (in the download's question, RemoteStatus), a refusal says what the model is and why, and once
 * loaded the panel says where the weights came from and under which names they are kept.
 */
import { useState, useSyncExternalStore } from 'react';
import { useT } from '../../i18n/i18n';
import type { HubModels } from '../../runtime/weights/hub';
import type { RemoteWeights } from '../../runtime/weights/remote';
import './weights.css';

export const HUB_EXAMPLES = ['timm/resnet50.a1_in1k', 'microsoft/resnet-50'] as const;

export function HubOpen({ hub, remote }: { hub: HubModels; remote: RemoteWeights }) {
  const t = useT();
  const s = useSyncExternalStore(hub.subscribe, hub.getState);
  const r = useSyncExternalStore(remote.subscribe, remote.getState);
  const [text, setText] = useState('');
  const busy = s.phase === 'reading' || r.phase === 'downloading' || r.phase === 'loading';
  const loaded = s.opened && r.loadedUrl === s.opened.url && r.phase === 'done' ? s.opened : null;
  return (
    <form
      className="field hub-open"
      data-testid="hub-open"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void hub.open(text);
      }}
    >
      <h3>{t('Open a model from the Hugging Face Hub')}</h3>
      <label htmlFor="hub-id">{t('Hub model (timm or transformers)')}</label>
      <div className="row">
        <input
          id="hub-id"
          type="text"
          inputMode="url"
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          spellCheck={false}
          placeholder={HUB_EXAMPLES[0]}
          value={text}
          data-own-undo
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={busy || !text.trim()}>
          {t('Open')}
        </button>
      </div>
      <p className="hint">
        {t('A ResNet from timm or transformers, by name or address, such as {a} or {b}. Its configuration is read first; nothing large is downloaded before you say so.', {
          a: HUB_EXAMPLES[0],
          b: HUB_EXAMPLES[1],
        })}
      </p>
      {s.phase === 'reading' && (
        <p className="hint" role="status" data-testid="hub-reading">
          {t('Reading {id} from huggingface.co…', { id: s.id ?? '' })}{' '}
          <button type="button" className="link" onClick={() => hub.cancel()}>
            {t('Cancel')}
          </button>
        </p>
      )}
      {s.problem && (s.phase === 'refused' || s.phase === 'error') && (
        <div className="problem" role="alert" data-testid="hub-problem">
          {t(s.problem)}{' '}
          <button type="button" className="link" onClick={() => hub.dismiss()}>
            {t('Dismiss')}
          </button>
        </div>
      )}
      {loaded && (
        <p className="remote-note" role="status" data-testid="hub-loaded">
          {t(
            loaded.model.naming === 'transformers'
              ? 'The model is {id}: its weights came in transformers’ names and are kept under torchvision’s, which the layer table, the PyTorch code and every export use.'
              : 'The model is {id}, with its weights and preprocessing.',
            { id: loaded.name },
          )}
        </p>
      )}
    </form>
  );
}
