/** English and Korean: a dictionary keyed by the English text, the choice remembered. */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { fillTemplate, wordPhrase, type Phrase, type PhraseVars } from '../core/phrase';
import { KO } from './ko';

export type Lang = 'en' | 'ko';
const KEY = 'resnet-explorer.lang';

export const LangContext = createContext<Lang>('en');

function word(lang: Lang, text: string, vars?: Record<string, string | number>): string {
  return fillTemplate(lang === 'ko' ? (KO[text] ?? text) : text, vars);
}

/**
 * `t('Preset')` → `프리셋` in Korean; `{n}`-style slots are filled from `vars`, and a slot holding a phrase is
 * translated too. A phrase (template + values, from the core, layout or runtime) can be passed whole.
 */
export function translate(lang: Lang, text: string | Phrase, vars?: PhraseVars): string {
  const p = typeof text === 'string' ? { template: text, vars } : text;
  return wordPhrase(p, (template, v) => word(lang, template, v));
}

export type Translate = (text: string | Phrase, vars?: PhraseVars) => string;

export function useT(): Translate {
  const lang = useContext(LangContext);
  return useCallback((text: string | Phrase, vars?: PhraseVars) => translate(lang, text, vars), [lang]);
}

function stored(): Lang {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'en' || v === 'ko') return v;
  } catch {
    // storage disabled
  }
  return typeof navigator !== 'undefined' && navigator.language?.startsWith('ko') ? 'ko' : 'en';
}

export function useLangChoice(): [Lang, (l: Lang) => void] {
  const [lang, setLang] = useState<Lang>(stored);
  useEffect(() => {
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      // the choice then lasts for this visit
    }
  }, [lang]);
  return [lang, setLang];
}
