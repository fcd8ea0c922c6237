/** Korean, keyed by the English text. Preprocessing as torchvision does it. */
export const PREPROCESS: Record<string, string> = {
  // PIL's filters, as the Run tab names them.
  bilinear: '쌍선형',
  bicubic: '쌍삼차',
  'shorter side {resize} at {crop}, {filter} (these weights)': '짧은 변 {resize}, 자르기 {crop}, {filter} 보간 (이 가중치)',
  '{name}: {h}×{w} → resized with PIL’s {filter} filter (antialiased) to {rh}×{rw} (shorter side {side}), centre crop {ch}×{cw}, scaled to [0, 1] and normalised with mean ({mean}) and std ({std}), as torchvision does.':
    '{name}: {h}×{w} → PIL의 {filter} 필터(안티에일리어싱)로 {rh}×{rw} 크기로 조정 (짧은 변 {side}), 가운데 {ch}×{cw} 자르기, [0, 1]로 스케일한 뒤 평균 ({mean})과 표준편차 ({std})로 정규화 (torchvision과 같은 방식).',
  '{name}: {h}×{w} → grayscale, resized with PIL’s bilinear filter (antialiased) to {rh}×{rw}, centre crop 28×28, scaled to [0, 1] and normalised with Fashion-MNIST’s mean 0.286 and std 0.353.':
    '{name}: {h}×{w} → 흑백 변환, PIL의 쌍선형 필터(안티에일리어싱)로 {rh}×{rw} 크기로 조정, 가운데 28×28 자르기, [0, 1]로 스케일한 뒤 Fashion-MNIST의 평균 0.286과 표준편차 0.353으로 정규화.',
};
