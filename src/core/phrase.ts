/**
 * Text for people as data: an English template with `{slot}`s and the values that fill them, so the UI can word
 * it in the user's language (the dictionary is keyed by the template). A slot may hold another phrase, which is
 * worded first (`{field} must be a number` with `field` = `stage {n} blocks`).
 */
export type PhraseVars = Record<string, string | number | Phrase>;

export interface Phrase {
  template: string;
  vars?: PhraseVars;
}

export const phrase = (template: string, vars?: PhraseVars): Phrase => (vars ? { template, vars } : { template });

/** Fills a template's slots with already-worded values. */
export function fillTemplate(template: string, vars?: Record<string, string | number>): string {
  let out = template;
  if (vars) for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, String(v));
  return out;
}

/** Words a phrase with `word` (a translator taking the English template), nested phrases first. */
export function wordPhrase(p: Phrase, word: (template: string, vars?: Record<string, string | number>) => string): string {
  if (!p.vars) return word(p.template);
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.vars)) vars[k] = typeof v === 'object' ? wordPhrase(v, word) : v;
  return word(p.template, vars);
}

/** The phrase in English. */
export const english = (p: Phrase): string => wordPhrase(p, fillTemplate);

/** Phrases joined with `; ` (each worded on its own). */
export function joinPhrases(parts: Phrase[]): Phrase {
  const vars: PhraseVars = {};
  parts.forEach((p, i) => (vars[`p${i}`] = p));
  return phrase(parts.map((_, i) => `{p${i}}`).join('; '), vars);
}

/** Whether a value is a phrase (as it arrives from a worker: plain data). */
export function isPhrase(v: unknown): v is Phrase {
  return typeof v === 'object' && v !== null && typeof (v as Phrase).template === 'string';
}

/**
 * An error whose message for people is a phrase: the UI words it in the user's language, the CLI in English
 * (`message` is the English). `code` says what kind of failure it is, for code that reacts to it.
 */
export class PhraseError extends Error {
  constructor(
    readonly phrase: Phrase,
    readonly code?: string,
  ) {
    super(english(phrase));
    this.name = 'PhraseError';
  }
}

/**
 * What to tell people about a thrown value: a PhraseError's phrase (or an error carrying one from a worker),
 * otherwise the error's own text in the `{reason}` slot (a message from a library, shown as it is).
 */
export function phraseOf(e: unknown): Phrase {
  if (e && typeof e === 'object' && isPhrase((e as { phrase?: unknown }).phrase)) return (e as { phrase: Phrase }).phrase;
  return phrase('{reason}', { reason: e instanceof Error ? e.message : String(e) });
}
