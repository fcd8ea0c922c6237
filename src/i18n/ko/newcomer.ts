/** Korean, keyed by the English text. What newcomers trip on: Compare's table, the Run tab, errors, phone and desktop fixes, weights in the URL. */
export const NEWCOMER: Record<string, string> = {
  // Compare's figures
  Figures: '수치',
  'torchvision weights': 'torchvision 가중치',
  '{macs} MACs': 'MACs {macs}',
  "Latency: median of 3 passes of a 1-image batch on this page's backend, with random weights. Hover a figure for its exact value.":
    '지연 시간: 이 페이지의 백엔드에서 무작위 가중치로 이미지 1장 배치를 3번 실행한 중앙값. 수치에 마우스를 올리면 정확한 값이 보입니다.',
  'Per stage: parameters over MACs; after the first variant, the difference from it': '스테이지별: 위는 파라미터, 아래는 MACs. 첫 변형 다음부터는 첫 변형과의 차이',
  // The Run tab while the read-outs follow the predictions
  'Reading every layer’s output…': '모든 층의 출력을 읽는 중…',
  // The header's summary
  '{name} · {depth} layers · {params} M params · {macs} GMACs': '{name} · 깊이 {depth}층 · 파라미터 {params} M · {macs} GMACs',
  // A download that got no answer: the file's own link (item 4)
  'Could not reach {host}: check the connection and try again, or download the file yourself ({link}) and drop it on this page.':
    '{host}에 연결할 수 없습니다. 연결을 확인하고 다시 시도하거나, 파일을 직접 내려받아({link}) 이 페이지에 끌어다 놓으세요.',
  'The browser refused to download from {host}: this app may download only from the Hugging Face Hub. Download the file yourself ({link}) and drop it on this page.':
    '브라우저가 {host}에서 내려받기를 거부했습니다. 이 앱은 Hugging Face Hub에서만 내려받을 수 있습니다. 파일을 직접 내려받아({link}) 이 페이지에 끌어다 놓으세요.',
};
