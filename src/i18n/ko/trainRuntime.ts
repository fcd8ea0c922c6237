/** Korean, keyed by the English text. Training's runtime: backends (GPU training), set-up problems, speed. */
export const TRAIN_RUNTIME: Record<string, string> = {
  // Where training runs, and why (src/runtime/train/trainBackend.ts).
  'It trains on the GPU: WebGPU found a hardware adapter ({adapter}).': 'GPU에서 학습합니다: WebGPU가 하드웨어 어댑터({adapter})를 찾았습니다.',
  'It trains on the GPU: WebGL runs on a hardware GPU ({renderer}) with 32-bit floats.': 'GPU에서 학습합니다: WebGL이 하드웨어 GPU({renderer})에서 32비트 부동소수점으로 실행됩니다.',
  'The link asks for {backend} (trainbackend={flag}).': '링크의 요청(trainbackend={flag})에 따라 {backend}에서 학습합니다.',
  'The link asks for {backend} (trainbackend={flag}); it runs on {device}.': '링크의 요청(trainbackend={flag})에 따라 {backend}에서 학습합니다. 실행 장치: {device}.',
  'The link asks for {backend} (trainbackend={flag}), but it could not start here ({reason}). {why}':
    '링크가 요청한 백엔드(trainbackend={flag})를 여기서 시작할 수 없습니다({reason}). {why}',
  'No GPU to train on: {api} here runs on a software renderer ({renderer}), slower than WebAssembly.':
    '학습에 쓸 GPU가 없습니다: 여기서 {api}의 렌더러({renderer})는 소프트웨어 렌더러라 WebAssembly보다 느립니다.',
  'This GPU’s WebGL keeps only 16-bit floats, too coarse to train with: WebAssembly instead.':
    '이 GPU의 WebGL은 16비트 부동소수점만 지원해 학습에 쓰기에는 정밀도가 부족합니다. 대신 WebAssembly에서 학습합니다.',
  'The GPU could not start ({reason}): WebAssembly instead.': 'GPU를 시작할 수 없습니다({reason}). 대신 WebAssembly에서 학습합니다.',
  'No GPU to train on: this browser offers neither WebGPU nor WebGL here.': '학습에 쓸 GPU가 없습니다: 이 브라우저는 여기서 WebGPU도 WebGL도 제공하지 않습니다.',
  'The GPU’s WebGL context was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.':
    'GPU의 WebGL 컨텍스트가 사라져(GPU가 재설정되었거나 브라우저가 회수했습니다) 학습이 멈췄습니다. 지금까지의 곡선은 남아 있습니다. 다시 학습하려면 초기화한 뒤 시작을 누르세요.',
  'The GPU’s WebGPU device was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.':
    'GPU의 WebGPU 장치가 사라져(GPU가 재설정되었거나 브라우저가 회수했습니다) 학습이 멈췄습니다. 지금까지의 곡선은 남아 있습니다. 다시 학습하려면 초기화한 뒤 시작을 누르세요.',
  // Why a backend did not start (the {reason} of the sentences above), and the CPU backend's note (src/runtime/train/trainBackend.ts).
  'the {backend} backend did not start': '{backend} 백엔드가 시작되지 않았습니다',
  'this browser offers no WebGPU adapter': '이 브라우저에는 WebGPU 어댑터가 없습니다',
  'this browser offers no WebGL 2': '이 브라우저에는 WebGL 2가 없습니다',
  'WebAssembly could not start: {reason}': 'WebAssembly를 시작할 수 없습니다: {reason}',
  // The training data refused (src/runtime/train/fashionMnist.ts), after "The training data could not be loaded:".
  'this is not a Fashion-MNIST subset file (it has no RXFMNIST header)': 'Fashion-MNIST 부분 집합 파일이 아닙니다(RXFMNIST 헤더가 없습니다)',
  'version {version} of the Fashion-MNIST subset file is not supported': 'Fashion-MNIST 부분 집합 파일의 버전({version})을 지원하지 않습니다',
  'the Fashion-MNIST subset file has {size} bytes; its header says {expected}': 'Fashion-MNIST 부분 집합 파일이 {size}바이트인데 헤더에는 {expected}바이트라고 되어 있습니다',
  'label {label} (image {index}) is not a Fashion-MNIST class': '이미지 {index}번의 레이블 {label}: Fashion-MNIST 클래스가 아닙니다',
  'the server answered {status} {text}': '서버 응답: {status} {text}',
  // A set-up the trainer's convolutions cannot take (src/runtime/train/conv.ts).
  'Training cannot pad a convolution with a {kernel}×{kernel} kernel by {padding}: at most the kernel less one':
    '학습에서는 {kernel}×{kernel} 커널의 합성곱에 패딩을 {padding}만큼 줄 수 없습니다: 커널 크기에서 1을 뺀 값까지만 됩니다',
  // "Use these weights" refused (src/ui/train/sendToRun.ts).
  'TensorFlow.js is still loading; try again in a moment.': 'TensorFlow.js를 아직 불러오는 중입니다. 잠시 후 다시 시도하세요.',
  'The trained weights could not be loaded': '학습한 가중치를 불러올 수 없습니다',
};
