import type { Phrase } from '../../core/phrase';
import { useT } from '../../i18n/i18n';

/** A message across the page (a file or link that could not be opened), until dismissed. */
export function Banner({ text, onDismiss }: { text: string | Phrase; onDismiss: () => void }) {
  const t = useT();
  return (
    <div className="banner" role="alert">
      {t(text)}
      <button type="button" className="link" onClick={onDismiss}>
        {t('Dismiss')}
      </button>
    </div>
  );
}
