/**
 * A phrase worded in the user's language, with its `{link}` slot (a URL a message offers, such as the file to
 * download by hand) shown as a link: the words around it come from the dictionary, the link is the address.
 */
import type { Phrase } from '../core/phrase';
import { useT } from '../i18n/i18n';

const SLOT = '\u0000';

export function LinkedPhrase({ p }: { p: Phrase }) {
  const t = useT();
  const link = p.vars?.link;
  if (typeof link !== 'string') return <>{t(p)}</>;
  const [before, after = ''] = t({ ...p, vars: { ...p.vars, link: SLOT } }).split(SLOT);
  return (
    <>
      {before}
      <a href={link} target="_blank" rel="noopener noreferrer" className="phrase-link" lang="en">
        {link.replace(/^https:\/\//, '')}
      </a>
      {after}
    </>
  );
}
