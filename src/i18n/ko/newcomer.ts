/** Korean, keyed by the English text. What newcomers trip on: Compare's table, the Run tab, errors, phone and desktop fixes, weights in the URL. */
export const NEWCOMER: Record<string, string> = {};
