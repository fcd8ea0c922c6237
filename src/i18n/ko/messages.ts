/** Korean, keyed by the English text. Runtime messages as phrases: weights, files, images, backends, the model's worker. */
export const MESSAGES: Record<string, string> = {};
