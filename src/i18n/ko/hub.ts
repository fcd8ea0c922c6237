/** Korean, keyed by the English text. Opening models from the Hugging Face Hub by name. */
export const HUB: Record<string, string> = {};
