/** Korean, keyed by the English text. Speed: predictions first, the graph, Compare in a worker. */
export const SPEED: Record<string, string> = {};
