/** Korean, keyed by the English text. The lesion study and the loss landscape. */
export const LAB: Record<string, string> = {};
