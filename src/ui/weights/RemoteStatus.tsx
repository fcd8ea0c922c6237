/** The state of a download: the question before it, its progress with Cancel, and what happened. */
import { useSyncExternalStore } from 'react';
import { useT } from '../../i18n/i18n';
import type { HubDetails } from '../../runtime/weights/hub';
import type { RemoteWeights } from '../../runtime/weights/remote';
import { LinkedPhrase } from '../LinkedPhrase';
import { formatBytes } from './formatBytes';
import './weights.css';

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/**
 * `part`: the status of a Hub model opened by name shows under its field (`hub`), that of everything else (the
 * ImageNet sets, links) where it is mounted by default.
 */
export function RemoteStatus({ remote, part = 'sets' }: { remote: RemoteWeights; part?: 'sets' | 'hub' }) {
  const t = useT();
  const s = useSyncExternalStore(remote.subscribe, remote.getState);
  const src = s.source;
  if ((part === 'hub') !== Boolean(src?.hub)) return null;
  const p = s.progress;
  const bytesText = p ? `${formatBytes(p.received)}${p.total ? ` / ${formatBytes(p.total)}` : ''} · ${formatBytes(p.bytesPerSecond)}/s` : null;
  return (
    <div className="remote-status" data-testid="remote-status" data-phase={s.phase}>
      {s.phase === 'confirm' && src && (
        <div className="remote-confirm" role="group" aria-label={t('Download weights?')}>
          <p data-testid="download-summary">
            <strong>
              {src.hub ? `${t(src.hub.summary)} · ` : `${src.name} · `}
              {src.approxBytes ? formatBytes(src.approxBytes) : t('size unknown')}
              {src.hub && ` · ${t(src.hub.preprocessing)}`}
            </strong>{' '}
            {t('from {host}', { host: hostOf(src.url) })}
          </p>
          {src.hub && <HubFacts hub={src.hub} />}
          <p className="hint">{t('Downloaded once, checked whole, then kept in this browser for next time.')}</p>
          <div className="row buttons">
            <button type="button" className="primary" onClick={() => void remote.confirm()}>
              {t('Download')}
            </button>
            <button type="button" onClick={() => remote.cancel()}>
              {t('Cancel')}
            </button>
          </div>
        </div>
      )}
      {s.phase === 'downloading' && src && (
        <div className="remote-progress">
          <p className="hint">{t('Downloading {name} from {host}…', { name: src.name, host: hostOf(src.url) })}</p>
          <div className="row">
            <progress
              aria-label={t('Download progress')}
              aria-valuetext={bytesText ?? undefined}
              max={s.progress?.total ?? undefined}
              value={s.progress?.total ? s.progress.received : undefined}
            />
            <button type="button" onClick={() => remote.cancel()}>
              {t('Cancel')}
            </button>
          </div>
          <p className="hint" data-testid="download-bytes">
            {bytesText ?? t('Connecting…')}
          </p>
        </div>
      )}
      {s.phase === 'loading' && src && <p className="hint">{t('Checking and loading {name}…', { name: src.name })}</p>}
      {s.message && (
        <div className={s.message.kind === 'error' ? 'problem' : 'remote-note'} role={s.message.kind === 'error' ? 'alert' : 'status'} data-testid="remote-message">
          <LinkedPhrase p={s.message} />{' '}
          <button type="button" className="link" onClick={() => remote.dismiss()}>
            {t('Dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}

/** A Hub model's file, the names it holds and what the app does with them, and anything it does differently. */
function HubFacts({ hub }: { hub: HubDetails }) {
  const t = useT();
  const { input } = hub.model.spec;
  return (
    <>
      <p className="hint" data-testid="download-file">
        {t(
          hub.model.naming === 'transformers'
            ? '{file}, in transformers’ names (kept under torchvision’s). Once it is checked, the app builds this model ({size} input) and loads it.'
            : '{file}, in torchvision’s names. Once it is checked, the app builds this model ({size} input) and loads it.',
          { file: hub.file, size: `${input.height}×${input.width}` },
        )}
      </p>
      {hub.model.notes.map((n, i) => (
        <p className="hint" key={i}>
          {t(n)}
        </p>
      ))}
    </>
  );
}
