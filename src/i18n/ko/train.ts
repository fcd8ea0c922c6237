/** Korean, keyed by the English text. The Train tab: the lesson, its explanation and progress. */
export const TRAIN: Record<string, string> = {};
