/**
 * Korean, keyed by the English text. Runtime messages as phrases: weights files (their formats and readers),
 * downloads and the weights store, images, backends, building and running the model, the model's worker.
 * Korean particles never follow a slot whose last sound is unknown where a sentence can be built without one.
 */
export const MESSAGES: Record<string, string> = {
  // Where the live model runs (runtime/runner.ts) and its worker's death.
  '{reason} (in a worker)': '{reason} (워커에서 실행)',
  '{reason} (on the main thread: {why})': '{reason} (메인 스레드에서 실행: {why})',
  'the page asked for it (worker=off)': '링크가 요청했습니다 (worker=off)',
  'this browser has no Web Workers': '이 브라우저에는 Web Worker가 없습니다',
  'WebGL on the GPU ({renderer}) is not available in a worker here': 'GPU의 WebGL({renderer})을 여기서는 워커에서 쓸 수 없습니다',
  "the model's worker could not start ({reason})": '모델 워커를 시작하지 못했습니다 ({reason})',
  "the model's worker stopped twice": '모델 워커가 두 번 멈췄습니다',
  "the model's worker could not restart ({reason})": '모델 워커를 다시 시작하지 못했습니다 ({reason})',
  "The model's worker stopped": '모델 워커가 멈췄습니다',
  // Why a worker is gone (runtime/workers/lifecycle.ts), and what training says of it.
  'its script could not load': '워커 스크립트를 불러오지 못했습니다',
  'a message from it could not be read': '워커가 보낸 메시지를 읽을 수 없었습니다',
  'it ended without an error': '오류 없이 끝났습니다',
  'it was ended': '페이지가 끝냈습니다',
  'no answer in {s} s': '{s}초 동안 응답이 없었습니다',
  'The training worker stopped ({reason}); the curves so far are kept. Reset and Start to train again.':
    '학습 워커가 멈췄습니다 ({reason}). 지금까지의 곡선은 남아 있습니다. 다시 학습하려면 초기화한 뒤 시작하세요.',
  "The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt.":
    '모델 워커가 예기치 않게 멈췄습니다. 새 워커가 이어받아 모델을 다시 만들었습니다.',
  "The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt with random weights (load {file} again).":
    '모델 워커가 예기치 않게 멈췄습니다. 새 워커가 이어받아 모델을 무작위 가중치로 다시 만들었습니다 ({file}: 다시 불러오세요).',
  "The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt.":
    '모델 워커가 예기치 않게 멈췄습니다. 두 번 멈췄으므로 이제 모델은 메인 스레드에서 실행되며 다시 만들어졌습니다.',
  "The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt with random weights (load {file} again).":
    '모델 워커가 예기치 않게 멈췄습니다. 두 번 멈췄으므로 이제 모델은 메인 스레드에서 실행되며 무작위 가중치로 다시 만들어졌습니다 ({file}: 다시 불러오세요).',

  // Backends (runtime/backends, the model's host).
  'WebGPU on the GPU ({adapter})': 'GPU의 WebGPU ({adapter})',
  'WebGL on the GPU ({renderer})': 'GPU의 WebGL ({renderer})',
  'WebGL is not available here': '여기서는 WebGL을 쓸 수 없습니다',
  'WebGL here is a software renderer ({renderer}), several times slower than WebAssembly': '여기의 WebGL은 소프트웨어 렌더러({renderer})라 WebAssembly보다 몇 배 느립니다',
  'WebGL failed to start': 'WebGL을 시작하지 못했습니다',
  'Neither WebGL nor WebAssembly could start; the plain JavaScript backend is slow': 'WebGL도 WebAssembly도 시작하지 못했습니다. 순수 JavaScript 백엔드는 느립니다',
  'WebAssembly with SIMD and threads ({n} threads on {cores} cores)': 'SIMD와 스레드를 쓰는 WebAssembly (코어 {cores}개에 스레드 {n}개)',
  'WebAssembly with SIMD and threads ({n} thread on {cores} cores)': 'SIMD와 스레드를 쓰는 WebAssembly (코어 {cores}개에 스레드 {n}개)',
  'WebAssembly and threads ({n} threads on {cores} cores)': '스레드를 쓰는 WebAssembly (코어 {cores}개에 스레드 {n}개)',
  'WebAssembly and threads ({n} thread on {cores} cores)': '스레드를 쓰는 WebAssembly (코어 {cores}개에 스레드 {n}개)',
  'WebAssembly with SIMD, one thread': 'SIMD를 쓰는 WebAssembly, 스레드 1개',
  'WebAssembly, one thread': 'WebAssembly, 스레드 1개',
  '{wasm}: {why}': '{wasm}: {why}',
  "The GPU's WebGL context was lost; the model was rebuilt on {backend} with the same weights. Reload the page to use WebGL again.":
    'GPU의 WebGL 컨텍스트를 잃어 같은 가중치로 모델을 다시 만들었습니다 (백엔드: {backend}). WebGL을 다시 쓰려면 페이지를 새로 고치세요.',
  'the CPU': 'CPU',
  '{name} could not start here; staying on {fallback}': '여기서는 {name} 백엔드를 시작할 수 없어 {fallback} 백엔드에 머뭅니다',
  'Chosen by you: {wasm}': '직접 선택: {wasm}',
  'Chosen by you ({name})': '직접 선택 ({name})',

  // Building and running the model, the picture (runtime/modelWorker, inference.ts, input/image.ts).
  'This model needs about {gb} GB for its weights and activations, more than the {backend} backend can hold here ({limit} GB). Make it narrower, shallower or its input smaller.':
    '이 모델은 가중치와 활성화에 약 {gb} GB가 필요해 여기서 {backend} 백엔드가 담을 수 있는 양({limit} GB)을 넘습니다. 더 좁게, 더 얕게 만들거나 입력을 줄이세요.',
  'The model could not be built: {reason}': '모델을 만들 수 없습니다: {reason}',
  'The model could not run: {reason}': '모델을 실행할 수 없습니다: {reason}',
  'The model is still being built': '모델을 아직 만드는 중입니다',
  '{name} is empty.': '{name}: 빈 파일입니다.',
  '{name} is not an image this app reads (PNG, JPEG, GIF, WebP or BMP).': '{name}: 이 앱이 읽는 이미지(PNG, JPEG, GIF, WebP, BMP)가 아닙니다.',
  '{name} is {h}×{w} ({mp} megapixels), more than the {max} megapixels this page decodes safely. Scale it down first.':
    '{name}: {h}×{w} ({mp}메가픽셀)로, 이 페이지가 안전하게 디코딩하는 {max}메가픽셀을 넘습니다. 먼저 줄이세요.',
  'Decoded at {h}×{w} (the model sees a small crop anyway).': '{h}×{w} 크기로 디코딩했습니다 (모델은 어차피 작게 자른 부분만 봅니다).',
  'An animated GIF shows its first frame.': '움직이는 GIF는 첫 프레임만 씁니다.',
  'A tiny image ({h}×{w}) is scaled up a lot: expect a blur.': '아주 작은 이미지({h}×{w})라 크게 확대됩니다. 흐릿하게 보일 수 있습니다.',
  '{name} could not be decoded: the {type} file is corrupt or incomplete.': '{name}: 디코딩할 수 없습니다. {type} 파일이 손상되었거나 불완전합니다.',
  'This model takes {n} input channels; an image has 3 (or 1 as grayscale).': '이 모델은 입력 채널 {n}개를 받습니다. 이미지는 3개(흑백이면 1개)입니다.',
  'This browser cannot draw the image to a canvas.': '이 브라우저는 이미지를 캔버스에 그릴 수 없습니다.',
  '{name} could not be read: {reason}': '{name}: 읽을 수 없습니다 ({reason})',
  '{file} could not be loaded ({reason}): are you offline? Your own pictures still work.': '{file}: 불러올 수 없습니다 ({reason}). 오프라인인가요? 가진 사진은 그래도 쓸 수 있습니다.',

  // A weights file checked against the model (runtime/weights/load.ts).
  '{n} problems: {list}': '문제 {n}개: {list}',
  'Missing {n} weights: {keys}': '가중치 {n}개가 없습니다: {keys}',
  'Missing {n} weight: {keys}': '가중치 {n}개가 없습니다: {keys}',
  'Unexpected {n} keys: {keys}': '예상하지 못한 키 {n}개: {keys}',
  'Unexpected {n} key: {keys}': '예상하지 못한 키 {n}개: {keys}',
  '{keys} and {n} more': '{keys} 외 {n}개',
  '{key} is {dtype}; expected an integer tensor': '{key}: {dtype} 텐서입니다. 정수 텐서여야 합니다',
  '{key} is {dtype}; expected a floating-point tensor': '{key}: {dtype} 텐서입니다. 부동소수점 텐서여야 합니다',
  '{key} has shape [{shape}]; this model needs [{expected}]': '{key}의 모양은 [{shape}]입니다. 이 모델에는 [{expected}] 모양이 필요합니다',
  'and {n} more tensors of the wrong shape or type': '그리고 모양이나 유형이 틀린 텐서 {n}개 더',
  '{key} has {n} NaN or infinite values': '{key}에 NaN 또는 무한대 값이 {n}개 있습니다',
  '{key} has {n} NaN or infinite value': '{key}에 NaN 또는 무한대 값이 {n}개 있습니다',

  // Which format a file is in, and which reader refused it (runtime/weights/sniff.ts, load.ts).
  'Not a readable safetensors file: {reason}': '읽을 수 있는 safetensors 파일이 아닙니다: {reason}',
  'Not a loadable PyTorch file (a torch.save zip archive): {reason}': '불러올 수 있는 PyTorch 파일이 아닙니다 (torch.save의 zip 압축 파일): {reason}',
  'Not a loadable PyTorch file (a legacy torch.save pickle): {reason}': '불러올 수 있는 PyTorch 파일이 아닙니다 (옛 torch.save의 pickle): {reason}',
  'Not a weights file: the file is empty.': '가중치 파일이 아닙니다: 빈 파일입니다.',
  'Not a weights file: this is {what}. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).':
    '가중치 파일이 아니라 {what}입니다. 가중치는 safetensors 파일이나 torch.save 파일(.pth, .pt, .bin)에서 불러옵니다.',
  'an HDF5 file (the format of Keras .h5 weights)': 'HDF5 파일(Keras의 .h5 가중치 형식)',
  'a GGUF file (llama.cpp)': 'GGUF 파일(llama.cpp)',
  'a NumPy array (.npy)': 'NumPy 배열(.npy)',
  'an image': '이미지',
  'JSON text': 'JSON 텍스트',
  text: '텍스트',
  'Not a weights file: this is a gzip archive. Unpack it first, then give the file inside.': '가중치 파일이 아니라 gzip 압축 파일입니다. 먼저 압축을 풀고 안에 든 파일을 주세요.',
  'Not a weights file: this is a TensorFlow.js model.json. Open it together with its weights file (select both, or drop both at once).':
    '가중치 파일이 아니라 TensorFlow.js model.json입니다. 가중치 파일과 함께 여세요 (둘 다 선택하거나 한꺼번에 끌어다 놓으세요).',
  'Not a weights file this app reads: its first bytes are neither safetensors (a header length, then a JSON header) nor torch.save (a zip archive, or a pickle).':
    '이 앱이 읽는 가중치 파일이 아닙니다: 첫 바이트가 safetensors(헤더 길이 다음에 JSON 헤더)도, torch.save(zip 압축 파일 또는 pickle)도 아닙니다.',

  // The safetensors reader (runtime/weights/safetensors.ts) and batch files for training (runtime/train/batchFile.ts).
  'the file is {n} bytes, too short to be a safetensors file': '파일이 {n}바이트라 safetensors 파일이기에는 너무 짧습니다',
  'the header claims {claimed} bytes but the file has only {n} after its length: the file is truncated or not safetensors':
    '헤더는 {claimed}바이트라고 하지만 길이 다음에 남은 파일은 {n}바이트뿐입니다: 파일이 잘렸거나 safetensors가 아닙니다',
  "the header is {n} bytes, over the format's limit of {max}": '헤더가 {n}바이트로, 형식의 한도인 {max}바이트를 넘습니다',
  'the header is empty': '헤더가 비어 있습니다',
  'the header is not valid UTF-8: this is not a safetensors file': '헤더가 올바른 UTF-8이 아닙니다: safetensors 파일이 아닙니다',
  'the header is not valid JSON: this is not a safetensors file, or it is corrupt': '헤더가 올바른 JSON이 아닙니다: safetensors 파일이 아니거나 손상되었습니다',
  'the header is not a JSON object': '헤더가 JSON 객체가 아닙니다',
  'tensor {name} has no description': '텐서 {name}: 설명이 없습니다',
  'tensor {name} has an unknown dtype {dtype}': '텐서 {name}: 알 수 없는 dtype입니다 ({dtype})',
  'tensor {name} has an invalid shape': '텐서 {name}: 모양이 올바르지 않습니다',
  'tensor {name} has invalid data offsets': '텐서 {name}: 데이터 오프셋이 올바르지 않습니다',
  'tensor {name} is impossibly large': '텐서 {name}: 있을 수 없을 만큼 큽니다',
  'tensor {name} lies at bytes {begin}–{end}, outside the {n} bytes of data: the file is truncated or corrupt':
    '텐서 {name}: 바이트 {begin}–{end}에 있어 데이터 {n}바이트의 범위를 벗어납니다. 파일이 잘렸거나 손상되었습니다',
  'tensor {name} should take {expected} bytes ({dtype} {shape}) but its offsets span {n}': '텐서 {name}: {expected}바이트({dtype} {shape})여야 하는데 오프셋 범위는 {n}바이트입니다',
  'tensors {a} and {b} overlap: the file is corrupt': '텐서 {a}, {b}의 바이트가 겹칩니다: 파일이 손상되었습니다',
  'tensor {name} is {dtype}, not a floating-point type': '텐서 {name}: 부동소수점 유형이 아니라 {dtype}입니다',
  'tensor {name} is {dtype}, not int64': '텐서 {name}: int64가 아니라 {dtype}입니다',
  'needs tensors "input" and "labels" (it has {names})': '"input"과 "labels" 텐서가 필요합니다 (있는 텐서: {names})',
  'needs tensors "input" and "labels" (it has none)': '"input"과 "labels" 텐서가 필요합니다 (텐서가 하나도 없습니다)',
  '"input" must be NCHW (4 dimensions), got [{shape}]': '"input"은 NCHW(4차원)여야 하는데 모양이 [{shape}]입니다',
  '"input" is empty: [{shape}]': '"input"이 비어 있습니다: [{shape}]',
  '"labels" must hold one class per item ([{n}]), got [{shape}]': '"labels"에는 항목마다 클래스가 하나씩([{n}]) 있어야 하는데 모양이 [{shape}]입니다',
  '"labels" must be integers (int64), got {dtype}': '"labels"는 정수(int64)여야 하는데 {dtype}입니다',
  '"input" has NaN or infinite values': '"input"에 NaN 또는 무한대 값이 있습니다',
  'label {label} (item {item}) is not a class index below {n}': '항목 {item}의 레이블 {label}: {n}보다 작은 클래스 번호가 아닙니다',
  'label {label} (item {item}) is not a class index': '항목 {item}의 레이블 {label}: 클래스 번호가 아닙니다',

  // The PyTorch reader (runtime/weights/pth): the restricted unpickler, the zip container, torch.save's formats.
  'refused: the file asks to run {path}, which a state_dict does not need (nothing was run)':
    '거부함: 파일이 {path} 실행을 요청하지만 state_dict에는 필요 없는 일입니다 (아무것도 실행하지 않았습니다)',
  'an opcode argument': '옵코드 인자',
  'an integer': '정수',
  'a float': '부동소수점 수',
  'a string': '문자열',
  bytes: '바이트열',
  'the pickle ends inside {what} at byte {at}: the file is truncated or corrupt': 'pickle이 바이트 {at}의 {what} 중간에서 끝납니다: 파일이 잘렸거나 손상되었습니다',
  'a length of {n} bytes at byte {at} exceeds the file': '바이트 {at}의 길이({n}바이트)가 파일보다 깁니다',
  'a string at byte {at} is not valid UTF-8': '바이트 {at}의 문자열이 올바른 UTF-8이 아닙니다',
  "a global's name at byte {at} is unterminated": '바이트 {at}의 전역 이름이 끝나지 않습니다',
  'the pickle pops an empty stack at byte {at}: it is corrupt': 'pickle이 바이트 {at}에서 빈 스택을 꺼냅니다: 손상된 파일입니다',
  'the pickle reads an empty stack at byte {at}: it is corrupt': 'pickle이 바이트 {at}에서 빈 스택을 읽습니다: 손상된 파일입니다',
  'the pickle closes a MARK it never opened, at byte {at}': 'pickle이 바이트 {at}에서 연 적 없는 MARK를 닫습니다',
  'the pickle calls something that is not an allowed function, at byte {at}': 'pickle이 바이트 {at}에서 허용된 함수가 아닌 것을 호출합니다',
  'the pickle calls {path} without an argument tuple': 'pickle이 {path} 호출에 인자 튜플을 주지 않습니다',
  'the pickle sets an item on something that is not a dict, at byte {at}': 'pickle이 바이트 {at}에서 dict가 아닌 것에 항목을 넣습니다',
  'an integer of {n} bytes at byte {at}': '바이트 {at}에 {n}바이트짜리 정수가 있습니다',
  'the pickle ends without its STOP opcode: the file is truncated or corrupt': 'pickle이 STOP 옵코드 없이 끝납니다: 파일이 잘렸거나 손상되었습니다',
  'pickle protocol {n} is newer than any Python writes': 'pickle 프로토콜 {n}: 어떤 Python도 쓰지 않는 새 버전입니다',
  'the pickle nests deeper than {n} levels': 'pickle의 중첩이 {n}단계보다 깊습니다',
  'the pickle appends to something that is not a list, at byte {at}': 'pickle이 바이트 {at}에서 list가 아닌 것에 항목을 덧붙입니다',
  'the pickle sets a key without a value, at byte {at}': 'pickle이 바이트 {at}에서 값 없는 키를 넣습니다',
  'the pickle adds items to something that is not a set, at byte {at}': 'pickle이 바이트 {at}에서 set이 아닌 것에 항목을 더합니다',
  'the pickle names a global with something other than strings, at byte {at}': 'pickle이 바이트 {at}에서 문자열이 아닌 것으로 전역 이름을 댑니다',
  "the pickle sets an object's state, which this file may not do (byte {at})": 'pickle이 객체의 상태를 설정합니다. 이 파일에는 허용되지 않는 일입니다 (바이트 {at})',
  'the pickle refers to outside data where none is allowed, at byte {at}': 'pickle이 바이트 {at}에서 외부 데이터를 참조합니다. 여기서는 허용되지 않습니다',
  'the pickle reads memo slot {i}, which it never wrote': 'pickle이 메모 칸 {i}에서 읽지만, 그 칸에 쓴 적이 없습니다',
  'the pickle uses opcode {op} at byte {at}, which a state_dict never needs': 'pickle이 바이트 {at}에서 옵코드 {op} 사용: state_dict에는 필요 없는 옵코드입니다',
  'the file was saved big-endian; load and re-save it on a little-endian machine': '파일이 빅 엔디언으로 저장되었습니다. 리틀 엔디언 컴퓨터에서 불러와 다시 저장하세요',
  '{what} is {value}, not a count': '{what}: 개수가 아니라 {value}입니다',
  '{what} is {value}, not a tuple of up to {n} counts': '{what}: 개수 최대 {n}개의 튜플이 아니라 {value}입니다',
  'a list of {n} item': '항목 {n}개짜리 list',
  'a list of {n} items': '항목 {n}개짜리 list',
  'a tuple of {n}': '항목 {n}개짜리 튜플',
  'an empty dict': '빈 dict',
  'a dict with keys {keys}': '키가 {keys}인 dict',
  'a set of {n}': '항목 {n}개짜리 set',
  '{n} bytes': '{n}바이트',
  'a tensor': '텐서',
  "a tensor's storage offset": '텐서의 저장소 오프셋',
  "a tensor's size": '텐서의 크기',
  "a tensor's stride": '텐서의 스트라이드',
  'a storage view offset': '저장소 뷰의 오프셋',
  'a storage view size': '저장소 뷰의 크기',
  'a tensor is built on {value} rather than a storage': '텐서가 저장소가 아닌 것 위에 만들어집니다: {value}',
  'a tensor has {n} dimensions but {strides} strides': '텐서의 차원은 {n}개인데 스트라이드는 {strides}개입니다',
  'a tensor is impossibly large': '텐서가 있을 수 없을 만큼 큽니다',
  'a tensor of shape [{shape}] at offset {offset} with strides [{stride}] reaches element {last} of a storage of {n}: the file is corrupt':
    '모양 [{shape}], 오프셋 {offset}, 스트라이드 [{stride}]인 텐서가 원소 {n}개짜리 저장소의 원소 {last}까지 닿습니다: 파일이 손상되었습니다',
  'a tensor of shape [{shape}] has more elements than its storage (an expanded view); save it after .contiguous()':
    '모양 [{shape}]인 텐서의 원소가 저장소보다 많습니다 (확장된 뷰). .contiguous()를 한 뒤 저장하세요',
  '{path} is called with {n} arguments, not {arity}': '{path} 호출의 인자가 {arity}개가 아니라 {n}개입니다',
  '{path} is called on {value}, not a tensor': '{path} 호출의 대상이 텐서가 아니라 {value}입니다',
  '{path} is called on {value}': '{path} 호출의 대상이 {value}입니다',
  '_codecs.encode is called with something other than text and "latin1"': '_codecs.encode 호출의 인자가 텍스트와 "latin1"이 아닙니다',
  'the pickle sets the state of {value}, which a state_dict never does': 'pickle이 {value}의 상태를 설정합니다. state_dict에는 없는 일입니다',
  "the pickle sets a dict's state to {value}": 'pickle이 설정하는 dict의 상태가 {value}입니다',
  'a storage has type {value}, not a torch storage class': '저장소의 유형이 torch 저장소 클래스가 아니라 {value}입니다',
  'a storage has key {value}': '저장소의 키가 올바르지 않습니다: {value}',
  "storage {key}'s size": '저장소 {key}의 크기',
  'storage {key} is described twice, differently ({a}, {b})': '저장소 {key}의 설명이 두 번, 서로 다르게 나옵니다 ({a}, {b})',
  'storage {key} is impossibly large': '저장소 {key}의 크기가 있을 수 없을 만큼 큽니다',
  'the pickle refers to outside data {value}, not a storage': 'pickle이 저장소가 아닌 외부 데이터를 참조합니다: {value}',
  'a storage reference has {n} parts, not {expected}': '저장소 참조의 부분이 {expected}개가 아니라 {n}개입니다',
  'the zip archive holds more than one data.pkl': 'zip 압축 파일에 data.pkl이 둘 이상 있습니다',
  'the zip archive has no <archive>/data.pkl: it is not a torch.save file': 'zip 압축 파일에 <archive>/data.pkl이 없습니다: torch.save 파일이 아닙니다',
  'storage {key} has no {entry} entry: the file is truncated or corrupt': '저장소 {key}의 항목이 없습니다 ({entry}): 파일이 잘렸거나 손상되었습니다',
  'storage {key} should hold {expected} bytes ({what}) but has {n}': '저장소 {key}에는 {expected}바이트({what})가 있어야 하는데 {n}바이트입니다',
  "this pickle is not a torch.save file: it starts with {value}, not torch.save's magic number": '이 pickle은 torch.save 파일이 아닙니다: 첫 값이 torch.save의 매직 넘버가 아니라 {value}입니다',
  "torch.save protocol {value} is not the legacy format's {expected}": 'torch.save 프로토콜이 {value}입니다 (옛 형식의 프로토콜은 {expected})',
  'the legacy header has no sys_info': '옛 형식의 헤더에 sys_info가 없습니다',
  'storage {key} has a malformed view {value}': '저장소 {key}의 뷰가 잘못되었습니다: {value}',
  'a view of storage {key} lies outside it': '저장소 {key}의 뷰가 저장소 밖에 있습니다',
  'the legacy file has no list of storage keys after its data': '옛 형식 파일에 데이터 다음의 저장소 키 목록이 없습니다',
  'the file lists storage {key}, which no tensor uses': '파일에 나열된 저장소 {key}: 어떤 텐서도 쓰지 않습니다',
  'the file lists storage {key} twice': '저장소 {key}: 파일에 두 번 나열되어 있습니다',
  "storage {key}'s data is missing: the file is truncated": '저장소 {key}의 데이터가 없습니다: 파일이 잘렸습니다',
  'storage {key} holds {n} elements where its tensors say {expected}': '저장소 {key}의 원소는 {n}개인데 텐서들은 {expected}개라고 합니다',
  "storage {key}'s data runs past the end of the file: it is truncated": '저장소 {key}의 데이터가 파일 끝을 넘어갑니다: 파일이 잘렸습니다',
  'storage {key} has no data in the file': '저장소 {key}의 데이터가 파일에 없습니다',
  'this is not a torch.save file (neither a zip archive nor a pickle)': 'torch.save 파일이 아닙니다 (zip 압축 파일도 pickle도 아닙니다)',
  'no tensors in this file: it holds {value}, not a state_dict (a dict of tensors, or a checkpoint with one under {keys})':
    '이 파일에는 텐서가 없습니다. 들어 있는 것은 state_dict(텐서의 dict, 또는 {keys} 아래에 그것을 둔 체크포인트)가 아니라 {value}입니다',
  'the file is {n} bytes, too short for a zip archive': '파일이 {n}바이트라 zip 압축 파일이기에는 너무 짧습니다',
  'the zip directory points past the end of the file: it is truncated or corrupt': 'zip 디렉터리가 파일 끝 너머를 가리킵니다: 파일이 잘렸거나 손상되었습니다',
  'the zip archive has no end-of-directory record: the file is truncated or corrupt': 'zip 압축 파일에 디렉터리 끝 레코드가 없습니다: 파일이 잘렸거나 손상되었습니다',
  'the zip archive lacks its zip64 locator': 'zip 압축 파일에 zip64 위치 레코드가 없습니다',
  'the zip64 end-of-directory record is missing or corrupt': 'zip64 디렉터리 끝 레코드가 없거나 손상되었습니다',
  'the zip archive claims {n} entries': 'zip 압축 파일의 항목 수가 {n}개라고 되어 있습니다: 너무 많습니다',
  'the zip directory lies outside the file: it is truncated or corrupt': 'zip 디렉터리가 파일 밖에 있습니다: 파일이 잘렸거나 손상되었습니다',
  'zip directory entry {i} is corrupt': 'zip 디렉터리의 {i}번 항목이 손상되었습니다',
  'zip directory entry {i} runs past the directory': 'zip 디렉터리의 {i}번 항목이 디렉터리를 넘어갑니다',
  'zip directory entry {i} has a name that is not UTF-8': 'zip 디렉터리의 {i}번 항목 이름이 UTF-8이 아닙니다',
  'zip entry {name} has a corrupt extra field': 'zip 항목 {name}의 추가 필드가 손상되었습니다',
  'zip entry {name} has a short zip64 field': 'zip 항목 {name}의 zip64 필드가 너무 짧습니다',
  'zip entry {name} is compressed (method {method}); torch.save stores its entries uncompressed':
    'zip 항목 {name}: 압축되어 있습니다 (방식 {method}). torch.save는 항목을 압축하지 않고 저장합니다',
  'zip entry {name} claims {stored} stored bytes for {n} bytes of data': 'zip 항목 {name}: 데이터는 {n}바이트인데 저장된 바이트는 {stored}바이트라고 되어 있습니다',
  'zip entry {name} has no local header where the directory says': 'zip 항목 {name}: 디렉터리가 가리키는 곳에 로컬 헤더가 없습니다',
  'zip entry {name} runs past the end of the data: the file is truncated or corrupt': 'zip 항목 {name}: 데이터 끝을 넘어갑니다. 파일이 잘렸거나 손상되었습니다',
  'zip entry {name} appears twice': 'zip 항목 {name}: 두 번 나옵니다',

  // A TensorFlow.js export read back (runtime/weights/tfjsImport.ts).
  'no weightsManifest, so it is not a TensorFlow.js model.': 'weightsManifest가 없으므로 TensorFlow.js 모델이 아닙니다.',
  'weightsManifest[{g}] needs "paths" and "weights" lists.': 'weightsManifest[{g}]에는 "paths"와 "weights" 목록이 있어야 합니다.',
  'its weights file {names} is missing. Open {file} and {names} together (select both, or drop both at once).':
    '가중치 파일이 빠졌습니다: {names}. {file} 파일과 {names} 파일을 함께 여세요 (둘 다 선택하거나 한꺼번에 끌어다 놓으세요).',
  'weight {i} of weightsManifest[{g}]: {problem}': 'weightsManifest[{g}]의 {i}번째 가중치: {problem}',
  'weight "{name}" is listed twice.': '가중치 "{name}": 두 번 나열되어 있습니다.',
  "{files} has {n} bytes, but the manifest's {weights} weights need {expected}: the files do not belong together.":
    '{files}: {n}바이트인데 매니페스트의 가중치 {weights}개에는 {expected}바이트가 필요합니다. 서로 짝이 아닌 파일입니다.',
  "{files} have {n} bytes, but the manifest's {weights} weights need {expected}: the files do not belong together.":
    '{files}: 합쳐서 {n}바이트인데 매니페스트의 가중치 {weights}개에는 {expected}바이트가 필요합니다. 서로 짝이 아닌 파일입니다.',
  'its weights manifest lists no weights.': '가중치 매니페스트에 가중치가 하나도 없습니다.',
  'it has no name.': '이름이 없습니다.',
  '"{name}" has no valid shape (a list of sizes).': '"{name}": 올바른 모양(크기 목록)이 없습니다.',
  '"{name}" is quantized; only unquantized float32 and int32 weights, as this app exports them, can be read.':
    '"{name}": 양자화되어 있습니다. 이 앱이 내보내는 것처럼 양자화하지 않은 float32와 int32 가중치만 읽을 수 있습니다.',
  '"{name}" is {dtype}; only float32 and int32 weights, as this app exports them, can be read.':
    '"{name}": {dtype}입니다. 이 앱이 내보내는 것처럼 float32와 int32 가중치만 읽을 수 있습니다.',

  // Downloads and the weights store (runtime/weights/download.ts, store.ts).
  '{host} has no such file (HTTP 404): the link is wrong or the file was removed. Check the address, or download the file yourself and drop it on this page.':
    '{host}에 그런 파일이 없습니다 (HTTP 404): 링크가 틀렸거나 파일이 삭제되었습니다. 주소를 확인하거나, 파일을 직접 내려받아 이 페이지에 끌어다 놓으세요.',
  '{host} refused the download (HTTP {status}): the file is private or gated and needs signing in. Download it in another tab while signed in, then drop it on this page.':
    '{host}에서 내려받기를 거부했습니다 (HTTP {status}): 비공개이거나 접근 승인이 필요한 파일이라 로그인이 필요합니다. 로그인한 다른 탭에서 내려받은 뒤 이 페이지에 끌어다 놓으세요.',
  '{host} is limiting requests (HTTP 429). Wait a minute and try again.': '{host}에서 요청을 제한하고 있습니다 (HTTP 429). 잠시 후 다시 시도하세요.',
  '{host} failed to serve the file (HTTP {status}). Try again later, or download the file yourself and drop it on this page.':
    '{host}에서 파일을 제공하지 못했습니다 (HTTP {status}). 나중에 다시 시도하거나, 파일을 직접 내려받아 이 페이지에 끌어다 놓으세요.',
  '{host} answered HTTP {status} instead of the file. Check the address, or download the file yourself and drop it on this page.':
    '{host}에서 파일 대신 HTTP {status} 응답이 왔습니다. 주소를 확인하거나, 파일을 직접 내려받아 이 페이지에 끌어다 놓으세요.',
  'Download cancelled; nothing was kept and the model keeps its weights.': '내려받기를 취소했습니다. 아무것도 저장되지 않았고 모델은 기존 가중치를 유지합니다.',
  'You are offline, so {host} cannot be reached. Connect to the internet and try again; weights already stored in this browser load without a connection.':
    '오프라인 상태라 {host}에 연결할 수 없습니다. 인터넷에 연결한 뒤 다시 시도하세요. 이 브라우저에 이미 저장된 가중치는 연결 없이도 불러옵니다.',
  'The connection to {host} broke after {received} of {total}; the partial file was thrown away. Try again, or download the file yourself and drop it on this page.':
    '{host} 연결이 {total} 중 {received}에서 끊겼습니다. 받은 부분은 버렸습니다. 다시 시도하거나, 파일을 직접 내려받아 이 페이지에 끌어다 놓으세요.',
  'The connection to {host} broke after {received}; the partial file was thrown away. Try again, or download the file yourself and drop it on this page.':
    '{host} 연결이 {received}에서 끊겼습니다. 받은 부분은 버렸습니다. 다시 시도하거나, 파일을 직접 내려받아 이 페이지에 끌어다 놓으세요.',
  'This browser does not let the page keep files (private window or storage turned off), so weights are not kept between visits.':
    '이 브라우저는 페이지가 파일을 보관하도록 허용하지 않아(시크릿 창이거나 저장소가 꺼져 있음) 가중치가 방문 사이에 유지되지 않습니다.',
  "This browser's storage for the page is full (quota exceeded), so {name} ({size}) was not kept for next time; the stored weights are unchanged. Delete stored weights you no longer need, or free disk space, and load it again to keep it.":
    '이 페이지의 브라우저 저장 공간이 가득 차서(할당량 초과) 다음을 위해 보관하지 못했습니다: {name} ({size}). 저장된 가중치는 그대로입니다. 필요 없는 저장된 가중치를 삭제하거나 디스크 공간을 확보한 뒤 다시 불러오면 보관됩니다.',
  '{name} could not be kept for next time ({reason}); the stored weights are unchanged.': '{name}: 다음을 위해 보관하지 못했습니다 ({reason}). 저장된 가중치는 그대로입니다.',
};
