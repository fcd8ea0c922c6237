/**
 * Korean, keyed by the English text (a phrase's template, or a literal `t('…')`). One dictionary, kept in parts
 * by area so that work on one area does not touch another's lines; a text is translated in one part only
 * (`ko.test.ts` checks).
 */
import { BASE } from './base';
import { HUB } from './hub';
import { LAB } from './lab';
import { MESSAGES } from './messages';
import { NEWCOMER } from './newcomer';
import { PREPROCESS } from './preprocess';
import { SPEED } from './speed';
import { TRAIN } from './train';
import { TRAIN_RUNTIME } from './trainRuntime';

export const KO_PARTS: Record<string, Record<string, string>> = {
  base: BASE,
  hub: HUB,
  lab: LAB,
  messages: MESSAGES,
  newcomer: NEWCOMER,
  preprocess: PREPROCESS,
  speed: SPEED,
  train: TRAIN,
  trainRuntime: TRAIN_RUNTIME,
};

export const KO: Record<string, string> = Object.assign({}, ...Object.values(KO_PARTS));
