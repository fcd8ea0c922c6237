/** Korean, keyed by the English text. Preprocessing as torchvision does it. */
export const PREPROCESS: Record<string, string> = {
  'shorter side {resize} at {crop}, {filter} (these weights)': '짧은 변 {resize}, 자르기 {crop}, {filter} (이 가중치)',
};
