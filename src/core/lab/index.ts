/** The lab: the lesion study and the loss landscape's pure parts (no tfjs; the runtime computes). */
export * from './lesion';
export * from './studies';
export * from './paths';
export * from './landscape';
export * from './random';
export * from './score';
