/** What an evaluation adds up (right answers, summed cross-entropy, images), and its means. */
export interface Score {
  count: number;
  correct: number;
  /** Sum of each image's cross-entropy (natural log). */
  lossSum: number;
}

export const accuracyOf = (s: Score): number => (s.count ? s.correct / s.count : NaN);
export const lossOf = (s: Score): number => (s.count ? s.lossSum / s.count : NaN);
export const emptyScore = (): Score => ({ count: 0, correct: 0, lossSum: 0 });
