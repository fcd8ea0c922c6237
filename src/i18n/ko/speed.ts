/** Korean, keyed by the English text. Speed: predictions first, the graph, Compare in a worker. */
export const SPEED: Record<string, string> = {
  '{count} values do not make an input of shape [{shape}]': '값 {count}개로는 [{shape}] 모양의 입력을 만들 수 없습니다',
};
