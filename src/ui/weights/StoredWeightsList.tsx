/** The weights kept in this browser, each with its size and Delete. */
import { useSyncExternalStore } from 'react';
import { useT } from '../../i18n/i18n';
import type { RemoteWeights } from '../../runtime/weights/remote';
import { formatBytes } from './formatBytes';
import './weights.css';

export function StoredWeightsList({ remote }: { remote: RemoteWeights }) {
  const t = useT();
  const { stored } = useSyncExternalStore(remote.subscribe, remote.getState);
  return (
    <div className="stored-weights">
      <h3>{t('Stored weights')}</h3>
      {stored.length === 0 ? (
        <p className="hint">{t('None yet: downloaded weights are kept here, so the next load needs no network.')}</p>
      ) : (
        <ul data-testid="stored-weights">
          {stored.map((w) => (
            <li key={w.url}>
              <span className="stored-name" title={w.url}>
                {w.name}
              </span>
              <span className="stored-size">{formatBytes(w.bytes)}</span>
              <button type="button" className="link" aria-label={t('Delete {name}', { name: w.name })} onClick={() => void remote.delete(w.url)}>
                {t('Delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
