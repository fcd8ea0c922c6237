/**
 * Korean, keyed by the English text. The lesion study and the loss landscape. Slots holding a name or a block
 * (`{net}`, `{block}`) are never followed by a particle (their last sound varies); percentages end in
 * "퍼센트" (a vowel), so they take 를/가/는/로.
 */
export const LAB: Record<string, string> = {
  // The view and its panels
  Lab: '실험실',
  'Lab: why skip connections work': '실험실: 스킵 연결이 왜 통하는가',
  'Two experiments from the papers, on your own network: switch blocks off and see what the rest still gets right (Veit et al. 2016), and walk the loss landscape around the trained weights (Li et al. 2018). Train Plain-20 and ResNet-20 in the Train tab, then press “Study this run”, or drop a .pth of a 1×28×28 network.':
    '논문의 두 실험을 여러분의 네트워크로 해 봅니다. 블록을 꺼 보고 나머지가 여전히 얼마나 맞히는지 보고(Veit et al. 2016), 학습된 가중치 주변의 손실 지형을 걸어 봅니다(Li et al. 2018). 학습 탭에서 Plain-20과 ResNet-20을 학습시킨 뒤 “이 실행 살펴보기”를 누르거나, 1×28×28 네트워크의 .pth 파일을 끌어다 놓으세요.',
  'Computed in a background worker ({backend}), so the page stays responsive.': '백그라운드 워커({backend})에서 계산하므로 페이지가 멈추지 않습니다.',
  Studying: '살펴보는 모델',
  'the live model': '현재 모델',
  'the live model (loading…)': '현재 모델(불러오는 중…)',
  'These are fresh, untrained weights: what the lab shows means little until the network is trained (Train tab) or trained weights are loaded.':
    '학습하지 않은 초기 가중치입니다. 네트워크를 학습시키거나(학습 탭) 학습된 가중치를 불러오기 전에는 실험실의 결과에 큰 의미가 없습니다.',
  'Beside it': '나란히 볼 모델',
  'its twin from the Train tab, when trained': '학습 탭의 쌍둥이 모델(학습되면)',
  'its plain twin from a weights file…': '가중치 파일에서 불러온 plain 쌍둥이…',
  'its residual twin from a weights file…': '가중치 파일에서 불러온 잔차 쌍둥이…',
  '{run} (Train tab, {steps} steps)': '{run}(학습 탭, {steps}스텝)',
  'No test set for a {c}×{h}×{w} input': '{c}×{h}×{w} 입력에 맞는 테스트 세트가 없습니다',
  'Test loss': '테스트 손실',
  'Whole network': '전체 네트워크',
  'Switch blocks off': '블록 끄기',
  'All on': '모두 켜기',
  'A residual block switched off passes its shortcut on, relu(shortcut(x)): its residual branch is gone.': '잔차 블록을 끄면 잔차 가지가 사라지고 지름길만 남아 relu(shortcut(x))를 내보냅니다.',
  'A plain block switched off becomes the identity; one that changes the shape cannot be removed.': 'plain 블록을 끄면 항등 함수가 됩니다. 모양을 바꾸는 블록은 뺄 수 없습니다.',
  'Switch {block} back on': '{block} 블록 다시 켜기',
  'Switch {block} off': '{block} 블록 끄기',
  'Delete each block in turn': '블록을 하나씩 지워 보기',
  'Each block switched off alone, the rest of the network unchanged, on the 2,000 test images (Veit et al. 2016, Fig. 3).': '나머지는 그대로 두고 블록을 하나씩만 끈 채 테스트 이미지 2,000장으로 평가합니다(Veit et al. 2016, 그림 3).',
  'Delete k random blocks': '무작위 블록 k개 지워 보기',
  'For each k, several random sets of k blocks switched off together (Veit et al. 2016, Fig. 5).': 'k마다 블록 k개를 무작위로 여러 번 골라 함께 끕니다(Veit et al. 2016, 그림 5).',
  'Random draws per k': 'k마다 무작위 추출 횟수',
  Paths: '경로',
  'Paths sampled per length': '길이마다 뽑을 경로 수',
  'Training images in the batch': '배치의 학습 이미지 수',
  'Measure the gradient of each path length': '경로 길이마다 기울기 재기',
  'Loss landscape': '손실 지형',
  'The test loss at the trained weights moved along filter-normalised random directions (Li et al. 2018), batch norm in eval mode.':
    '필터 정규화한 무작위 방향으로 학습된 가중치를 옮겨 가며 잰 테스트 손실입니다(Li et al. 2018). 배치 정규화는 평가 모드입니다.',
  From: '시작',
  To: '끝',
  'Points per axis': '축마다 점 수',
  'Test images': '테스트 이미지 수',
  'Directions seed': '방향 시드',
  '2-D surface ({n}×{n})': '2차원 곡면({n}×{n})',
  '1-D slice': '1차원 단면',
  'Only for a run trained in the Train tab (it can remake its initial weights)': '학습 탭에서 학습한 실행에서만 됩니다(초기 가중치를 다시 만들 수 있으므로)',
  'From the trained to the initial weights': '학습된 가중치에서 초기 가중치까지',
  'ImageNet photos': 'ImageNet 사진',
  'Running the photos…': '사진을 돌리는 중…',

  // Progress
  '{done} of {total} images': '이미지 {total}장 중 {done}장',
  '{done} of {total} points': '점 {total}개 중 {done}개',
  '{done} of {total} path lengths': '경로 길이 {total}개 중 {done}개',
  'about {s} s left': '약 {s}초 남음',
  cancelled: '취소됨',
  Cancelled: '취소되었습니다',

  // Charts
  chance: '무작위 수준',
  'Test accuracy with each block switched off alone': '블록을 하나씩 껐을 때의 테스트 정확도',
  '{net} without {block}: {acc} (on {count} images so far)': '{net}, {block} 블록 없이: {acc}(지금까지 이미지 {count}장)',
  'whole {net}: {acc}': '전체 {net}: {acc}',
  'Bars: test accuracy with one block switched off; lines: the whole network; ×: a block that cannot be removed.': '막대: 블록 하나를 껐을 때의 테스트 정확도, 선: 전체 네트워크, ×: 뺄 수 없는 블록.',
  'Test accuracy against the number of blocks switched off at random': '무작위로 끈 블록 수에 따른 테스트 정확도',
  'blocks switched off at random (k)': '무작위로 끈 블록 수(k)',
  '{net}, {k} off: {acc} on average ({lo} to {hi})': '{net}, {k}개 끔: 평균 {acc}({lo}~{hi})',
  'Line: the mean over the random draws; band: the lowest to the highest draw.': '선: 무작위 추출의 평균, 띠: 가장 낮은 추출부터 가장 높은 추출까지.',
  'path length (residual branches it goes through)': '경로 길이(지나는 잔차 가지 수)',
  'Share of paths, and of the gradient, by path length': '경로 길이별 경로와 기울기의 비율',
  '{net}: {share} of the paths go through {k} residual branches': '{net}: 경로의 {share}가 잔차 가지 {k}개를 지납니다',
  '{net}: {share} of the gradient comes through paths of length {k}': '{net}: 기울기의 {share}가 길이 {k}인 경로로 옵니다',
  'effective paths: {from}–{to}': '유효 경로: {from}–{to}',
  'Filled: the share of paths of each length; outlined: the share of the gradient they carry (once measured); shaded: the lengths carrying 90% of it.':
    '채운 막대: 길이별 경로 비율, 테두리 막대: 그 경로들이 나르는 기울기 비율(잰 뒤), 음영: 기울기의 90%를 나르는 길이.',
  'Gradient magnitude of one path by its length': '길이에 따른 경로 하나의 기울기 크기',
  '‖gradient‖ at the first block (log)': '첫 블록에서의 ‖기울기‖(로그)',
  'Dots: single sampled paths; line: their mean for each length.': '점: 뽑은 경로 하나하나, 선: 길이별 평균.',
  '{net}: loss over the α–β plane': '{net}: α–β 평면 위의 손실',
  'the trained weights': '학습된 가중치',
  '{net}: the loss surface, shaded': '{net}: 음영을 넣은 손실 곡면',
  'test loss (one colour scale for every network; log)': '테스트 손실(모든 네트워크에 같은 색 척도, 로그)',
  'Loss along the line from the trained to the initial weights': '학습된 가중치에서 초기 가중치까지의 직선을 따라 잰 손실',
  'Loss along one random direction': '무작위 방향 하나를 따라 잰 손실',
  'α: 0 the trained weights, 1 the initial ones': 'α: 0은 학습된 가중치, 1은 초기 가중치',
  'α along d₁ (0: the trained weights)': 'd₁ 방향의 α(0: 학습된 가중치)',
  'test loss (log)': '테스트 손실(로그)',

  // The graph's overlay
  'switched off': '꺼짐',
  '{n} switched off': '{n}개 꺼짐',
  'switch on': '켜기',
  'switch off': '끄기',
  'cannot be switched off': '끌 수 없음',
  'Open the Lab': '실험실 열기',
  'Lab →': '실험실 →',

  // The Train tab's entry
  'Open the Lab on this run: switch its blocks off, walk its loss landscape, beside its twin': '이 실행으로 실험실을 엽니다. 블록을 꺼 보고 손실 지형을 쌍둥이 모델과 나란히 살펴봅니다',
  'Study this run': '이 실행 살펴보기',

  // What each picture shows (explanations with the learner's numbers)
  '{net} has no block that can be switched off.': '{net}: 끌 수 있는 블록이 없습니다.',
  '{net} gets {whole} of the 2,000 test images right. Switched off one at a time, every block but {worst} leaves it at {range}; without {worst} it gets {worstAcc}.':
    '{net}: 테스트 이미지 2,000장 중 {whole}를 맞힙니다. 블록을 하나씩 끄면 {worst} 블록을 뺀 나머지는 모두 {range}를 유지하고, {worst} 블록 없이는 {worstAcc}입니다.',
  '{net} gets {whole} of the 2,000 test images right; without {worst} it gets {worstAcc}.': '{net}: 테스트 이미지 2,000장 중 {whole}를 맞히고, {worst} 블록 없이는 {worstAcc}입니다.',
  '{net} gets {whole} right. Each of its {count} removable blocks, switched off alone, leaves it at {range} (chance is 10%).':
    '{net}: {whole}를 맞힙니다. 뺄 수 있는 블록 {count}개를 하나씩만 꺼도 {range}로 떨어집니다(무작위 수준은 10%).',
  'What it shows: Veit et al. (2016) read this as a residual network behaving like an ensemble of paths. Switching a residual block off removes only the paths through it; half of the paths remain. A plain network has one path, and a missing layer breaks it.':
    '보여 주는 것: Veit et al.(2016)은 이를 잔차 네트워크가 여러 경로의 앙상블처럼 동작한다는 뜻으로 읽었습니다. 잔차 블록 하나를 끄면 그 블록을 지나는 경로만 사라지고 경로의 절반은 남습니다. plain 네트워크는 경로가 하나뿐이라 층 하나만 빠져도 무너집니다.',
  'What it does not show: that the blocks are unimportant or trained independently. The first block and the downsampling blocks usually cost more than the others, and the whole network is still the best. The paper’s figures are of ResNet-110 on CIFAR-10; these nets are trained for minutes in a browser.':
    '보여 주지 않는 것: 블록이 중요하지 않다거나 따로따로 학습된다는 뜻은 아닙니다. 첫 블록과 다운샘플링 블록은 대개 다른 블록보다 빠졌을 때 손해가 크고, 가장 좋은 것은 여전히 전체 네트워크입니다. 논문의 그림은 CIFAR-10의 ResNet-110이고, 여기의 네트워크는 브라우저에서 몇 분 학습한 것입니다.',
  '{net}: {whole} whole; {k1} on average with one random block switched off, {k2} with two; it falls below halfway to chance at k = {half}.':
    '{net}: 전체는 {whole}, 무작위 블록 하나를 끄면 평균 {k1}, 둘을 끄면 {k2}이며, 무작위 수준까지의 절반 아래로 떨어지는 것은 k = {half}일 때입니다.',
  'more than {k}': '{k} 초과',
  'What it shows: as more blocks go, a residual network degrades smoothly, as an ensemble does when members are removed (Veit et al.’s Fig. 5); a plain network is broken by the first. The band spans the random draws; with few blocks there are few different sets to draw.':
    '보여 주는 것: 블록을 더 많이 뺄수록 잔차 네트워크는 앙상블에서 구성원을 빼듯 서서히 나빠집니다(Veit et al.의 그림 5). plain 네트워크는 첫 블록에서 이미 무너집니다. 띠는 무작위 추출의 범위이며, 블록이 적으면 뽑을 수 있는 조합도 적습니다.',
  '{n} blocks, each taken or skipped, make {power} = {paths} paths through {net}; their lengths follow Binomial({n}, ½), and half of them are {lo} to {hi} blocks long.':
    '블록 {n}개를 각각 지나거나 건너뛰면 경로가 {power} = {paths}개 생깁니다({net}). 경로 길이는 이항분포 Binomial({n}, ½)을 따르며, 그 절반은 길이가 블록 {lo}~{hi}개입니다.',
  'Measured on a batch of {batch} training images: one path’s gradient shrinks by about ×{ratio} for each residual branch it goes through. Weighted by how many paths there are of each length, 90% of the gradient comes from paths {from} to {to} blocks long: the effective paths.':
    '학습 이미지 {batch}장의 배치로 잰 결과, 경로 하나의 기울기는 잔차 가지를 하나 지날 때마다 약 {ratio}배가 됩니다. 길이별 경로 수로 가중하면 기울기의 90%가 블록 {from}~{to}개 길이의 경로에서 옵니다. 이것이 유효 경로입니다.',
  'A plain network has one path through it, all of its blocks long: there is no distribution to draw.': 'plain 네트워크에는 모든 블록을 지나는 경로 하나뿐이라 그릴 분포가 없습니다.',
  'How it is measured (Veit et al. 2016, section 5): a batch goes forward through the whole network; going backward, k blocks chosen at random pass the gradient through their residual branch and the others only along their shortcut, so the gradient follows one path of length k. Its norm at the first block’s input is that path’s gradient; several paths per length are averaged. Batch norm is in eval mode.':
    '재는 방법(Veit et al. 2016, 5절): 배치를 전체 네트워크로 순전파한 뒤, 역전파에서 무작위로 고른 블록 k개는 잔차 가지로만, 나머지는 지름길로만 기울기를 보냅니다. 그러면 기울기가 길이 k인 경로 하나만 따라갑니다. 첫 블록 입력에서 잰 그 노름이 그 경로의 기울기이고, 길이마다 여러 경로를 평균합니다. 배치 정규화는 평가 모드입니다.',
  'What it does not show: which paths the network relies on for its answers (that is the lesion study’s question), nor the gradient during training itself. In ResNet-110 Veit et al. found the effective paths 5 to 17 blocks long (10 to 34 layers) of 54.':
    '보여 주지 않는 것: 네트워크가 답을 낼 때 어떤 경로에 기대는지(그것은 블록 지우기 실험의 질문입니다)와 학습 중의 기울기 자체는 보여 주지 않습니다. Veit et al.은 ResNet-110(블록 54개)에서 유효 경로가 블록 5~17개(층 10~34개) 길이라고 보고했습니다.',
  'What it shows: the loss on the test images at weights + α·d₁ + β·d₂, where d₁ and d₂ are random directions scaled filter by filter to the weights’ own norms (Li et al. 2018), so that the same α means the same relative change in every layer. Li et al. found ResNet-56’s surface smooth and nearly convex and Plain-56’s chaotic.':
    '보여 주는 것: 가중치 + α·d₁ + β·d₂에서 잰 테스트 이미지의 손실입니다. d₁과 d₂는 필터마다 가중치 자신의 노름에 맞춰 크기를 조정한 무작위 방향이라(Li et al. 2018), 같은 α가 모든 층에서 같은 상대적 변화를 뜻합니다. Li et al.은 ResNet-56의 곡면이 매끄럽고 거의 볼록하며 Plain-56의 곡면은 혼란스럽다고 보고했습니다.',
  'What it does not show: the network has hundreds of thousands of dimensions and this is a slice along two of them; batch norm keeps its trained statistics (eval mode) and only conv and linear weights move. The line to the initial weights moves the same weights and keeps batch norm trained. These nets are small and trained briefly, so the difference is smaller than in the paper’s 56-layer nets.':
    '보여 주지 않는 것: 네트워크는 수십만 차원이고 이것은 그중 두 방향을 따라 자른 단면일 뿐입니다. 배치 정규화는 학습된 통계를 그대로 쓰고(평가 모드) 합성곱과 선형 층의 가중치만 움직입니다. 초기 가중치로 가는 직선도 같은 가중치만 움직이고 배치 정규화는 학습된 그대로 둡니다. 여기의 네트워크는 작고 짧게 학습했으므로 논문의 56층 네트워크보다 차이가 작습니다.',
  'There is no ImageNet test set here, so no accuracy: instead, the top-5 classes of the sample photos (and the picture in the Run tab) with all blocks on and with the switched-off ones removed. Veit et al. found the same with ImageNet: ResNet-200’s error rose only a little when single blocks were removed.':
    '여기에는 ImageNet 테스트 세트가 없어 정확도를 잴 수 없습니다. 대신 예시 사진(과 실행 탭의 그림)의 상위 5개 클래스를 모든 블록을 켰을 때와 끈 블록을 뺐을 때 비교합니다. Veit et al.은 ImageNet에서도 ResNet-200의 블록을 하나씩 빼면 오류가 조금만 늘어난다고 보고했습니다.',
  '{net}: along the straight line from the trained weights (α = 0, loss {trained}) to the initial ones (α = 1, loss {initial}), the loss only rises: no hill stands between them on this line.':
    '{net}: 학습된 가중치(α = 0, 손실 {trained})에서 초기 가중치(α = 1, 손실 {initial})까지의 직선을 따라 손실은 오르기만 합니다. 이 직선 위에는 둘 사이를 가로막는 언덕이 없습니다.',
  '{net}: along the straight line from the trained weights (α = 0, loss {trained}) to the initial ones (α = 1, loss {initial}), the loss does not rise steadily: there is a bump on the way.':
    '{net}: 학습된 가중치(α = 0, 손실 {trained})에서 초기 가중치(α = 1, 손실 {initial})까지의 직선을 따라 손실이 꾸준히 오르지 않고 중간에 굴곡이 있습니다.',
  '{net}: the loss is {centre} at the trained weights and rises to {max} over [{range}]²; the surface has {minima} local minima on this grid.':
    '{net}: 학습된 가중치에서 손실은 {centre}이고 [{range}]² 범위에서 최대 {max}까지 오릅니다. 이 격자 위에서 곡면의 극소점은 {minima}개입니다.',
  '{net}: the loss is {centre} at the trained weights and rises to {max} over [{range}]²; the surface has a single local minimum on this grid.':
    '{net}: 학습된 가중치에서 손실은 {centre}이고 [{range}]² 범위에서 최대 {max}까지 오릅니다. 이 격자 위에서 곡면의 극소점은 하나뿐입니다.',
  '{net}: along one direction the loss is {centre} at the trained weights and rises to {max} over [{range}]; the curve has a single local minimum.':
    '{net}: 한 방향을 따라 학습된 가중치에서 손실은 {centre}이고 [{range}] 범위에서 최대 {max}까지 오릅니다. 곡선의 극소점은 하나뿐입니다.',
  '{net}: along one direction the loss is {centre} at the trained weights and rises to {max} over [{range}]; the curve has {minima} local minima.':
    '{net}: 한 방향을 따라 학습된 가중치에서 손실은 {centre}이고 [{range}] 범위에서 최대 {max}까지 오릅니다. 곡선의 극소점은 {minima}개입니다.',

  // Refusals and problems (phrases from the core, the runtime and the store)
  '{block} turns {from} into {to} and has no shortcut: without it nothing of that shape would reach the next layer': '{block} 블록은 모양을 바꾸는데({from} → {to}) 지름길이 없습니다. 이 블록 없이는 그 모양의 텐서가 다음 층에 전해지지 않습니다',
  '{name} is not a block of this network (its blocks are {first} to {last})': '{name}: 이 네트워크의 블록이 아닙니다(블록은 {first}부터 {last}까지)',
  '{name} is listed twice': '{name}: 두 번 들어 있습니다',
  '{name} cannot be switched off': '{name}: 끌 수 없습니다',
  '{block} is not a block of this network': '{block}: 이 네트워크의 블록이 아닙니다',
  '{blocks} cannot be switched off in this network, so they stay on': '이 네트워크에서는 끌 수 없어 켜 둔 블록: {blocks}',
  'The lab’s worker stopped ({reason}); open the lab again to restart it': '실험실 워커가 멈췄습니다({reason}). 실험실을 다시 열면 다시 시작합니다',
  'The lab could not start: {reason}': '실험실을 시작할 수 없습니다: {reason}',
  'The weights do not fit this network: {reason}': '가중치가 이 네트워크에 맞지 않습니다: {reason}',
  'The initial weights do not fit this network: {reason}': '초기 가중치가 이 네트워크에 맞지 않습니다: {reason}',
  'There is no network open as {slot}': '{slot} 자리에 열린 네트워크가 없습니다',
  'The test images are not loaded yet': '테스트 이미지를 아직 불러오지 않았습니다',
  'This network takes {c}×{h}×{w} images and {k} classes; the test set has 1×28×28 images of 10 classes':
    '이 네트워크는 {c}×{h}×{w} 이미지와 클래스 {k}개를 받는데, 테스트 세트는 클래스 10개의 1×28×28 이미지입니다',
  'This run did not keep its initial weights': '이 실행은 초기 가중치를 남기지 않았습니다',
  'the directions are not a readable safetensors file: {reason}': '방향 파일을 safetensors로 읽을 수 없습니다: {reason}',
  'the directions file has no {key}': '방향 파일에 {key} 항목이 없습니다',
  '{key} has shape [{got}]; this network needs [{want}]': '{key} 항목의 모양은 [{got}]인데, 이 네트워크에 필요한 모양은 [{want}]입니다',
  'A plain network has one path through it; there are no paths to sample': 'plain 네트워크에는 경로가 하나뿐이라 표본으로 뽑을 경로가 없습니다',

  // Where the lab computes (its worker's backend, or the page's own thread)
  'Computed on the page’s own thread ({backend}): the page may respond slowly while a study runs.': '페이지 자체 스레드({backend})에서 계산합니다. 실험이 도는 동안 페이지 반응이 느릴 수 있습니다.',
  'The lab’s worker could not start ({reason}).': '실험실 워커를 시작할 수 없었습니다({reason}).',
  'Neither WebAssembly nor the CPU backend could start ({wasm}; {cpu})': 'WebAssembly도 CPU 백엔드도 시작할 수 없습니다({wasm}; {cpu})',
  'WebAssembly could not start ({reason}), so the lab computes on the CPU backend, more slowly.': 'WebAssembly를 시작할 수 없어({reason}) 실험실이 CPU 백엔드에서 더 느리게 계산합니다.',
};
