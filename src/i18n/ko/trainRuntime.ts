/** Korean, keyed by the English text. Training's runtime: backends (GPU training), set-up problems, speed. */
export const TRAIN_RUNTIME: Record<string, string> = {};
