/** The Train tab's lesson, pure: smoothing and noise, the verdict, the explanation's claims, progress. */
export * from './smoothing';
export * from './compare';
export * from './verdict';
export * from './claims';
export * from './progress';
