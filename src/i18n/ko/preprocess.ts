/** Korean, keyed by the English text. Preprocessing as torchvision does it. */
export const PREPROCESS: Record<string, string> = {};
