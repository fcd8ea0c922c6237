/**
 * Korean, keyed by the English text. The Train tab: the lesson, its explanation and progress, the settings'
 * rules, and training's messages. A value never sits right before a particle that depends on its last sound
 * (은/는, 이/가, 을/를, 과/와, 으로/로): numbers and run names are followed by 의, 에, 에서, 보다, 까지, a unit
 * (배, 스텝) or the copula (입니다), whatever they end with (`ko.test.ts` checks).
 */
export const TRAIN: Record<string, string> = {
  // The lesson's verdict and explanation (src/core/lesson/claims.ts).
  "At step {step} the paper's ordering shows, each gap beyond {k} times the noise of the smoothed losses: {deep} trains worse than {shallow}, and {res} better than {deep}.":
    '스텝 {step}에서 논문의 순서가 나타납니다(두 차이 모두 평활 손실 잡음의 {k}배를 넘습니다). {deep}의 학습이 {shallow}보다 나쁘고, {res}의 학습은 {deep}보다 낫습니다.',
  "No verdict yet at step {step}: the paper's ordering needs {deep} behind {shallow} and {res} ahead of {deep}, each by more than {k} times the noise of the smoothed losses (below).":
    '스텝 {step}에서는 아직 판정하지 않습니다. 논문의 순서가 나타나려면 {deep}의 손실이 {shallow}보다 높고 {res}의 손실이 {deep}보다 낮아야 하며, 두 차이 모두 평활 손실 잡음의 {k}배를 넘어야 합니다(아래 참고).',
  'To see the lesson, train a deeper and a shallower plain net and a residual net as deep as the deeper one (the four default runs do).':
    '이 실험의 교훈을 보려면 깊은 플레인 신경망과 얕은 플레인 신경망, 그리고 깊은 쪽과 깊이가 같은 잔차 신경망을 함께 학습하세요(기본 실행 네 개가 그렇습니다).',
  'Too early to compare {deep} with {shallow}: their smoothed losses need about {more} before the noise can be measured.':
    '{deep}의 손실을 {shallow}의 손실과 비교하기엔 아직 이릅니다. 잡음을 잴 수 있으려면 평활 손실에 약 {more} 더 필요합니다.',
  "After {steps} steps {deep}'s smoothed loss is {deepLoss} and {shallow}'s {shallowLoss}: a gap of {gap}, within the noise (±{margin}), so the curves do not yet say which trains better. {eta}":
    '{steps} 스텝 뒤 {deep}의 평활 손실은 {deepLoss}, {shallow}의 평활 손실은 {shallowLoss}입니다. 차이({gap})는 잡음 범위(±{margin}) 안에 있어서, 어느 쪽이 더 잘 배우는지 곡선으로는 아직 알 수 없습니다. {eta}',
  "After {steps} steps {deep}'s smoothed loss is {deepLoss}, {gap} above {shallow}'s {shallowLoss} (the noise allows ±{margin}): the deeper plain net trains worse, although it could copy the shallower one and set its extra layers to identity. This is the degradation problem.":
    '{steps} 스텝 뒤 {deep}의 평활 손실은 {deepLoss}입니다. {shallow}의 {shallowLoss}보다 {gap} 높습니다(잡음 허용 범위 ±{margin}). 더 깊은 플레인 신경망이 더 못 배웁니다. 얕은 신경망을 그대로 따라 하고 남는 층을 항등 함수로 두기만 해도 될 텐데도 그렇습니다. 이것이 성능 저하(degradation) 문제입니다.',
  "After {steps} steps {deep}'s smoothed loss is {deepLoss}, {gap} below {shallow}'s {shallowLoss} (beyond the noise, ±{margin}): here the deeper plain net trains better, and the degradation problem does not show at this point.":
    '{steps} 스텝 뒤 {deep}의 평활 손실은 {deepLoss}입니다. {shallow}의 {shallowLoss}보다 {gap} 낮습니다(잡음 범위 ±{margin} 밖). 지금은 더 깊은 플레인 신경망이 더 잘 배우고 있어서 성능 저하 문제가 보이지 않습니다.',
  'Too early to compare {res} with {plain}: their smoothed losses need about {more} before the noise can be measured.':
    '{res}의 손실을 {plain}의 손실과 비교하기엔 아직 이릅니다. 잡음을 잴 수 있으려면 평활 손실에 약 {more} 더 필요합니다.',
  "After {steps} steps {res}'s smoothed loss is {resLoss} and {plain}'s {plainLoss}, as deep but without shortcuts: a gap of {gap}, within the noise (±{margin}). {eta}":
    '{steps} 스텝 뒤 {res}의 평활 손실은 {resLoss}, 깊이는 같지만 숏컷이 없는 {plain}의 평활 손실은 {plainLoss}입니다. 차이({gap})는 잡음 범위(±{margin}) 안에 있습니다. {eta}',
  "After {steps} steps {res}'s smoothed loss is {resLoss}, {gap} below {plain}'s {plainLoss} (the noise allows ±{margin}), as deep but without shortcuts: each of its blocks only has to learn a change to what its shortcut passes on.":
    '{steps} 스텝 뒤 {res}의 평활 손실은 {resLoss}입니다. 깊이는 같지만 숏컷이 없는 {plain}의 {plainLoss}보다 {gap} 낮습니다(잡음 허용 범위 ±{margin}). 각 블록은 숏컷이 전달하는 값에 더할 변화만 배우면 되기 때문입니다.',
  "After {steps} steps {res}'s smoothed loss is {resLoss}, {gap} above {plain}'s {plainLoss} (beyond the noise, ±{margin}): at this point the shortcuts have not helped.":
    '{steps} 스텝 뒤 {res}의 평활 손실은 {resLoss}입니다. {plain}의 {plainLoss}보다 {gap} 높습니다(잡음 범위 ±{margin} 밖). 지금까지는 숏컷이 도움이 되지 않았습니다.',
  'If the gap keeps widening at its present rate, that takes about {more}.': '차이가 지금 속도로 계속 벌어진다면 약 {more} 더 걸립니다.',
  '{n} more steps': '{n}스텝',
  'one more step': '1스텝',
  'It is not widening now.': '지금은 차이가 벌어지고 있지 않습니다.',
  "At initialisation (the dashed lines) {plain}'s gradient grows on its way down to the input: at its first layer it is {plainRatio}× the one at its last conv. In {res} it is {resRatio}×.":
    '초기화 시점(점선)에서 {plain}의 기울기는 입력 쪽으로 내려가며 커집니다. 첫 층의 기울기가 마지막 합성곱 층의 {plainRatio}배입니다. {res}에서는 {resRatio}배입니다.',
  "At initialisation (the dashed lines) {plain}'s gradient shrinks on its way down to the input: at its first layer it is {plainRatio}× the one at its last conv. In {res} it is {resRatio}×.":
    '초기화 시점(점선)에서 {plain}의 기울기는 입력 쪽으로 내려가며 작아집니다. 첫 층의 기울기가 마지막 합성곱 층의 {plainRatio}배입니다. {res}에서는 {resRatio}배입니다.',
  "With batch norm a deep plain net's gradients do not vanish at initialisation; they grow toward the input. The shortcuts carry the gradient down past every block, each block adding its own part, so in {res} it changes far less from layer to layer.":
    '배치 정규화가 있으면 깊은 플레인 신경망의 기울기는 초기화 시점에 사라지지 않고, 오히려 입력 쪽으로 갈수록 커집니다. 숏컷은 기울기를 모든 블록 너머로 그대로 전달하고 각 블록은 제 몫을 더할 뿐이라서, {res}에서는 층마다 기울기가 훨씬 덜 변합니다.',
  'The shortcuts carry the gradient down past every block, each block adding its own part, so the first layers of {res} are not cut off from the learning signal.':
    '숏컷은 기울기를 모든 블록 너머로 그대로 전달하고 각 블록은 제 몫을 더할 뿐이라서, {res}의 앞쪽 층도 학습 신호를 받습니다.',
  "At step {step} (the solid lines) {plain}'s first layer gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation): its early layers have fallen behind, and the gradient now vanishes on its way down. {res}'s first layer gets {resRatio}×, {behind}× more relative to its last conv: its shortcuts carry the gradient past the blocks, so its early layers keep learning.":
    '스텝 {step}(실선)에서 {plain}의 첫 층은 마지막 합성곱 층의 {plainRatio}배 기울기를 받습니다(초기화 시점 {plainInit}배). 앞쪽 층이 뒤처졌고, 이제 기울기가 아래로 내려가며 사라집니다. {res}의 첫 층은 {resRatio}배로, 마지막 합성곱 층에 견주면 {behind}배 더 받습니다. 숏컷이 기울기를 블록 너머로 전달하므로 앞쪽 층도 계속 배웁니다.',
  "At step {step} (the solid lines) {plain}'s first layer gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation) and {res}'s {resRatio}× ({resInit}×). A layer's gradient norm also grows with its size, so compare the two nets, whose layers have the same sizes: no vanishing particular to {plain} at this point.":
    '스텝 {step}(실선)에서 {plain}의 첫 층은 마지막 합성곱 층의 {plainRatio}배 기울기를 받고(초기화 시점 {plainInit}배), {res}의 첫 층은 {resRatio}배를 받습니다(초기화 시점 {resInit}배). 층의 기울기 노름은 층의 크기에 따라서도 커지므로, 층 크기가 같은 두 신경망끼리 비교하세요. 지금은 {plain}에만 나타나는 기울기 소실이 없습니다.',
  "At step {step} (the solid lines) {plain}'s first layer still gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation), and {res}'s {resRatio}×: no vanishing gradient in the plain net at this point.":
    '스텝 {step}(실선)에서 {plain}의 첫 층은 여전히 마지막 합성곱 층의 {plainRatio}배 기울기를 받고(초기화 시점 {plainInit}배), {res}의 첫 층은 {resRatio}배를 받습니다. 지금은 플레인 신경망에 기울기 소실이 없습니다.',
  'A common summary says that shortcuts help overcome the vanishing gradient problem. He et al. (2016, §4.1) argue otherwise about their plain nets: batch norm keeps the forward signals and the backward gradients at healthy norms, so what holds the deeper plain net back is not vanishing gradients but that it is harder to optimise (the degradation problem): its training error is higher, not only its test error. {yours}':
    '흔히 숏컷이 기울기 소실 문제를 극복하게 해 준다고 요약합니다. 그런데 He 외(2016, §4.1)는 자신들의 플레인 신경망을 다르게 설명합니다. 배치 정규화 덕분에 순전파 신호와 역전파 기울기의 노름이 건강하게 유지되므로, 더 깊은 플레인 신경망의 발목을 잡는 것은 기울기 소실이 아니라 최적화가 더 어렵다는 점(성능 저하 문제)이라는 것입니다. 테스트 오류만이 아니라 학습 오류도 더 높습니다. {yours}',
  'Your runs will show which of the two you see here.': '둘 중 어느 쪽이 보이는지는 여러분의 실행이 보여 줄 것입니다.',
  "In your runs, {plain}'s gradients do not vanish at initialisation: they grow {ratio}× toward the input.": '여러분의 실행에서 {plain}의 기울기는 초기화 시점에 사라지지 않습니다. 입력 쪽으로 {ratio}배 커집니다.',
  "In your runs, {plain}'s gradients already shrink toward the input at initialisation ({ratio}×).": '여러분의 실행에서 {plain}의 기울기는 초기화 시점부터 이미 입력 쪽으로 작아집니다({ratio}배).',
  "By step {step} they do vanish: relative to its last conv, its first layer gets {behind}× less than {res}'s.": '스텝 {step}에 이르면 기울기가 정말 사라집니다. 마지막 합성곱 층에 견주면 첫 층이 받는 기울기가 {res}보다 {behind}배 작습니다.',
  "By step {step} its first layer is not falling behind {res}'s.": '스텝 {step}까지 첫 층이 {res}의 첫 층보다 뒤처지지 않습니다.',
  'And it trains worse than {shallow}: the degradation problem.': '그리고 {shallow}보다 못 배웁니다. 성능 저하 문제입니다.',
  'And it does not train worse than {shallow} at this point.': '그리고 지금은 {shallow}보다 못 배우지 않습니다.',
  'Whether it trains worse than {shallow} is not clear yet.': '{shallow}보다 못 배우는지는 아직 분명하지 않습니다.',
  'He et al. (2016) found that adding layers to a plain network makes its training error worse, not better; with shortcuts (ResNets) depth helps. At browser scale, on a few thousand Fashion-MNIST images, a deep ResNet can still be behind a shallow one; the gap between plain and residual nets of the same depth is what to watch.':
    'He 외(2016)는 플레인 신경망에 층을 더하면 학습 오차가 오히려 나빠지고, 숏컷이 있으면(ResNet) 깊이가 도움이 된다는 것을 보였습니다. 브라우저 규모(Fashion-MNIST 이미지 수천 장)에서는 깊은 ResNet이 얕은 것보다 아직 뒤처질 수 있으니, 같은 깊이의 플레인 신경망과 잔차 신경망 사이의 차이를 보세요.',

  // Progress.
  'Progress of run {n}': '실행 {n} 진행률',
  'Progress of the experiment': '실험 진행률',
  'Time left': '남은 시간',
  'none (ended)': '없음 (끝남)',
  'about {time}': '약 {time}',
  'Step {step} / {steps}': '스텝 {step} / {steps}',
  'about {time} left': '약 {time} 남음',
  '{rate} images/s': '초당 이미지 {rate}장',
  '{s} s': '{s}초',
  '{m} min {s} s': '{m}분 {s}초',
  '{m} min': '{m}분',
  '{h} h {m} min': '{h}시간 {m}분',
  '{h} h': '{h}시간',

  // The settings' rules (src/core/trainSettings.ts): "{field}: {rule} (받은 값: …)", each rule a whole predicate.
  '{field} must be {rule} (got {value})': '{field}: {rule} (받은 값: {value})',
  'a whole number of at least 1': '1 이상의 정수여야 합니다',
  'a positive number': '양수여야 합니다',
  'in [0, 1)': '[0, 1) 범위여야 합니다',
  '0 or more': '0 이상이어야 합니다',
  'a whole number of 0 or more': '0 이상의 정수여야 합니다',
  'a whole number of 0 or more (0: never)': '0 이상의 정수여야 합니다(0이면 측정하지 않음)',
  'cosine or step': 'cosine 또는 step 중 하나여야 합니다',

  // Training's messages (src/runtime/train, src/state/trainStore.ts).
  'Fix the settings first: {problems}': '먼저 설정을 고치세요: {problems}',
  'The training data could not be loaded: {reason}': '학습 데이터를 불러올 수 없습니다: {reason}',
  'This run has no trained weights yet': '이 실행에는 아직 학습된 가중치가 없습니다',
  'Nesterov momentum needs a momentum above 0': 'Nesterov 모멘텀을 쓰려면 모멘텀이 0보다 커야 합니다',
  'The warm-up factor must be in (0, 1] (got {value})': '워밍업 배율은 (0, 1] 범위여야 합니다 (받은 값: {value})',
  'The model takes {model} inputs but the data is {data}': '모델의 입력은 {model}인데 데이터는 {data}입니다',
  'The model has {model} classes but the data has {data}': '모델의 클래스는 {model}개인데 데이터의 클래스는 {data}개입니다',
  'The model does not fit its input: {reason}': '모델이 입력에 맞지 않습니다: {reason}',
  'A batch of {batch} needs about {need} MB, more than the {budget} MB allowed here; try a batch of {fits}':
    '배치 {batch}개에는 약 {need} MB가 필요해 여기서 허용하는 {budget} MB를 넘습니다. 배치 크기를 {fits} 정도로 줄여 보세요',
  'The {backend} backend cannot train: it has no {kernels} kernels': '{backend} 백엔드에서는 학습할 수 없습니다: {kernels} 커널이 없습니다',
  'The {backend} backend cannot train: it has no {kernels} kernel': '{backend} 백엔드에서는 학습할 수 없습니다: {kernels} 커널이 없습니다',
  'This training run has been disposed': '이 학습 실행은 이미 해제되었습니다',
  'The loss became {loss} at step {step} (learning rate {lr}): training stopped. Try a lower learning rate or a warm-up.':
    '스텝 {step}에서 손실이 발산해({loss}, 학습률 {lr}) 학습을 멈췄습니다. 더 낮은 학습률이나 워밍업을 써 보세요.',
  'The loss became {loss}': '손실이 발산했습니다({loss})',
  'The training data is not loaded yet': '학습 데이터를 아직 불러오지 않았습니다',
  'Training run {id} already exists': '이미 있는 학습 실행입니다: {id}',
  'There is no training run {id}': '그런 학습 실행이 없습니다: {id}',
  'This run is already training': '이 실행은 이미 학습 중입니다',
  'Pause the run before resetting it': '초기화하기 전에 실행을 일시정지하세요',
  'There is no test set to evaluate on': '평가할 테스트 세트가 없습니다',
};
