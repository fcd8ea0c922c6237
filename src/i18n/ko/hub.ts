/** Korean, keyed by the English text. Opening models from the Hugging Face Hub by name. */
export const HUB: Record<string, string> = {
  // The field
  'Open a model from the Hugging Face Hub': 'Hugging Face Hub에서 모델 열기',
  'Hub model (timm or transformers)': 'Hub 모델 (timm 또는 transformers)',
  Open: '열기',
  'A ResNet from timm or transformers, by name or address, such as {a} or {b}. Its configuration is read first; nothing large is downloaded before you say so.':
    'timm 또는 transformers의 ResNet을 이름이나 주소로 입력하세요 (예: {a}, {b}). 설정 파일을 먼저 읽으며, 확인하기 전에는 큰 파일을 내려받지 않습니다.',
  'Reading {id} from huggingface.co…': 'huggingface.co에서 {id} 읽는 중…',
  'The model is {id}: its weights came in transformers’ names and are kept under torchvision’s, which the layer table, the PyTorch code and every export use.':
    '지금 모델은 {id}입니다. 가중치는 transformers 이름으로 받았고 torchvision 이름으로 보관하며, 레이어 표와 PyTorch 코드, 모든 내보내기가 이 이름을 씁니다.',
  'The model is {id}, with its weights and preprocessing.': '지금 모델은 가중치와 전처리까지 {id} 그대로입니다.',
  '{file}, in transformers’ names (kept under torchvision’s). Once it is checked, the app builds this model ({size} input) and loads it.':
    '{file}, transformers 이름 (torchvision 이름으로 보관). 검사가 끝나면 이 모델(입력 {size})을 만들고 가중치를 불러옵니다.',
  '{file}, in torchvision’s names. Once it is checked, the app builds this model ({size} input) and loads it.':
    '{file}, torchvision 이름. 검사가 끝나면 이 모델(입력 {size})을 만들고 가중치를 불러옵니다.',

  // The exports and the layer table
  'The weights came from {id} in transformers’ names; every export here uses torchvision’s (resnet.embedder.embedder.convolution → conv1, …). The PyTorch code’s from_transformers() renames a transformers state_dict.':
    '가중치는 {id}에서 transformers 이름으로 받았습니다. 여기의 모든 내보내기는 torchvision 이름을 씁니다 (resnet.embedder.embedder.convolution → conv1, …). PyTorch 코드의 from_transformers()는 transformers state_dict의 이름을 바꿔 줍니다.',
  'Show transformers’ names (ResNetForImageClassification)': 'transformers 이름 보기 (ResNetForImageClassification)',

  // Load ImageNet weights
  'ImageNet weights: torchvision’s, and timm’s best recipe': 'ImageNet 가중치: torchvision의 가중치와 timm의 최고 레시피',

  // The Run tab's sentence about the picture
  '{name}: {h}×{w} → resized with PIL’s {filter} filter (antialiased) to {rh}×{rw} (shorter side {side}), centre crop {ch}×{cw}, scaled to [0, 1] and normalised with mean ({mean}) and std ({std}), as {source} asks.':
    '{name}: {h}×{w} → PIL의 {filter} 필터(안티에일리어싱)로 {rh}×{rw} 크기로 조정 (짧은 변 {side}), 가운데 {ch}×{cw} 자르기, [0, 1]로 스케일한 뒤 평균 ({mean})과 표준편차 ({std})로 정규화 ({source}의 전처리).',

  // What was found
  'timm · {arch} · {tag} · {params}': 'timm · {arch} · {tag} · {params}',
  'timm · {arch} · {params}': 'timm · {arch} · {params}',
  'transformers · {id} · {params}': 'transformers · {id} · {params}',
  '{n} M parameters': '파라미터 {n} M',
  '{n} parameters': '파라미터 {n}개',
  '{interpolation}, crop {pct}': '{interpolation}, 자르기 {pct}',
  '{interpolation}, resize {size}, crop {crop}': '{interpolation}, 크기 조정 {size}, 자르기 {crop}',

  // Ids refused before any request
  "Type a model's name on the Hugging Face Hub, such as {example} or {other}.": 'Hugging Face Hub의 모델 이름을 입력하세요 (예: {example}, {other}).',
  'That is too long to be a Hub model name or address.': 'Hub 모델 이름이나 주소라기에는 너무 깁니다.',
  '{text} is refused: it holds “..” or a %-escape, which could reach outside a repository. Give the model as owner/name, such as {example}.':
    '{text}에는 저장소 밖을 가리킬 수 있는 “..” 또는 %-이스케이프가 들어 있어 거부했습니다. 모델을 owner/name 형식으로 입력하세요 (예: {example}).',
  '{text} is refused: it holds “@” (a revision or a user name), which the app does not take. Give the model as owner/name; the app reads its main branch.':
    '{text}에는 “@”(리비전 또는 사용자 이름)이 들어 있어 거부했습니다. 모델을 owner/name 형식으로 입력하세요. 앱은 main 브랜치를 읽습니다.',
  '{text} is not a Hub model name: it holds spaces, backslashes or characters that no name has.':
    'Hub 모델 이름이 아닙니다: {text}에 공백, 역슬래시 또는 이름에 쓸 수 없는 문자가 들어 있습니다.',
  '{text} is not a Hub model name: an owner and a name are letters, digits, “-”, “_” and “.” (not first or last, never doubled), such as {example}.':
    'Hub 모델 이름이 아닙니다: {text}. 소유자와 이름은 영문자, 숫자, “-”, “_”, “.”로 이루어집니다(맨 앞이나 맨 뒤에 올 수 없고 두 번 연달아 쓸 수 없습니다). 예: {example}.',
  '{text} is not a Hub model name: a name is owner/model, such as {example}.': 'Hub 모델 이름이 아닙니다: {text}. 이름은 owner/model 형식입니다 (예: {example}).',
  '{text} is not a Hub model name or address.': 'Hub 모델 이름이나 주소가 아닙니다: {text}.',
  '{text} is refused: only huggingface.co addresses (https) or owner/name are taken.': '거부했습니다: {text}. huggingface.co 주소(https)나 owner/name만 받습니다.',
  '{host} is not the Hugging Face Hub: give a model as owner/name, or its address on huggingface.co.':
    'Hugging Face Hub가 아닌 주소입니다({host}). 모델을 owner/name 형식이나 huggingface.co 주소로 입력하세요.',
  '{text} is a {kind} on the Hub, not a model.': '모델이 아니라 Hub의 {kind}입니다: {text}.',
  dataset: '데이터셋',
  Space: '스페이스',
  '{text} names no model: a model address is huggingface.co/owner/name.': '모델을 가리키지 않는 주소입니다: {text}. 모델 주소는 huggingface.co/owner/name 형식입니다.',
  '{text} is not an address of a model on the Hub.': 'Hub의 모델 주소가 아닙니다: {text}.',
  '{text} points at the revision {revision}: the app reads a repository’s main branch only. Give the model as owner/name.':
    '{text}: main이 아닌 리비전({revision})을 가리킵니다. 앱은 저장소의 main 브랜치만 읽습니다. 모델을 owner/name 형식으로 입력하세요.',

  // Reading the repository
  'You are offline, so {id} cannot be read from huggingface.co. Models kept in this browser open without a connection.':
    '오프라인 상태라 huggingface.co에서 {id} 정보를 읽을 수 없습니다. 이 브라우저에 보관된 모델은 연결 없이도 열립니다.',
  'The browser could not reach huggingface.co to read {id}’s {file}: the network failed or the request was refused. Try again.':
    '브라우저가 {id}의 {file}을 읽으려고 huggingface.co에 연결하지 못했습니다: 네트워크 문제이거나 요청이 거부되었습니다. 다시 시도하세요.',
  '{id} has no {file} on the Hub (HTTP 404): check the name. The app opens timm’s and transformers’ models, whose repositories have one.':
    'Hub의 {id}에 {file}이 없습니다 (HTTP 404): 이름을 확인하세요. 이 앱은 저장소에 이 파일이 있는 timm과 transformers 모델을 엽니다.',
  'huggingface.co does not show {id} (HTTP {status}): no public model has that name, or it is private or gated. Check the name, or download its weights while signed in and drop them on this page.':
    'huggingface.co가 {id} 모델을 보여 주지 않습니다 (HTTP {status}): 그런 이름의 공개 모델이 없거나, 비공개이거나 접근 승인이 필요한 모델입니다. 이름을 확인하거나, 로그인한 상태에서 가중치를 내려받아 이 페이지에 끌어다 놓으세요.',
  'huggingface.co answered HTTP {status} for {id}’s {file}. Try again in a minute.': '{id}의 {file} 요청에 huggingface.co가 HTTP {status} 응답을 보냈습니다. 잠시 후 다시 시도하세요.',
  '{id}’s {file} is too large to be a configuration file.': '{id}의 {file}은 설정 파일이라기에는 너무 큽니다.',
  '{id}’s {file} is not valid JSON, so the model cannot be read from it.': '{id}의 {file}이 올바른 JSON이 아니어서 모델을 읽을 수 없습니다.',
  '{id} has neither model.safetensors nor pytorch_model.bin, so there are no weights to load.': '{id}에는 model.safetensors도 pytorch_model.bin도 없어서 불러올 가중치가 없습니다.',
  '{id}’s weights do not match its config.json ({problems}); nothing was changed.': '{id}의 가중치가 config.json과 맞지 않습니다({problems}). 아무것도 바뀌지 않았습니다.',
  'the file cannot be read ({reason})': '파일을 읽을 수 없습니다({reason})',
  'missing {missing}; unexpected {unexpected}; of another shape {reshaped}': '없는 키 {missing}; 예상 밖의 키 {unexpected}; 모양이 다른 키 {reshaped}',

  // Refusals: what it is, and why
  '{what} cannot be opened: {why}.': '{what}: 열 수 없습니다. {why}.',
  '{id}’s config.json': '{id}의 config.json',
  'it is neither timm’s nor transformers’ (no “architecture”, “model_type” or “architectures”)':
    'timm의 것도 transformers의 것도 아닙니다(“architecture”, “model_type”, “architectures”가 없음)',
  'timm’s {arch}': 'timm의 {arch}',
  'transformers’ {cls}': 'transformers의 {cls}',
  '{kind} (transformers’ {cls})': '{kind} (transformers의 {cls})',
  '{why}. The app builds timm’s ResNets whose modules are torchvision’s: {list}': '{why}. 이 앱은 모듈이 torchvision과 같은 timm ResNet을 만듭니다: {list}',
  'a deep stem (three 3×3 convolutions where torchvision has one 7×7)': '깊은 스템(torchvision의 7×7 합성곱 하나 대신 3×3 합성곱 세 개)',
  'an average pool before each 1×1 projection shortcut': '각 1×1 프로젝션 숏컷 앞의 평균 풀링',
  'it has {stem}': '{stem}이 있습니다',
  'it has {stem} and {avg}': '{stem}과 {avg}이 있습니다',
  'ResNet-RS has a deep stem, squeeze-and-excitation in every block and average-pool shortcuts':
    'ResNet-RS에는 깊은 스템, 모든 블록의 squeeze-and-excitation, 평균 풀링 숏컷이 있습니다',
  'it downsamples with anti-aliasing (a blur or average pool at each stride)': '앤티에일리어싱(각 스트라이드에서 블러 또는 평균 풀링)으로 다운샘플링합니다',
  'it has squeeze-and-excitation modules in every block': '모든 블록에 squeeze-and-excitation 모듈이 있습니다',
  'it has efficient channel attention (ECA) in every block': '모든 블록에 효율적 채널 어텐션(ECA)이 있습니다',
  'it normalises with group norm where torchvision has batch norm': 'torchvision의 배치 정규화 대신 그룹 정규화를 씁니다',
  'it is a pre-activation ResNet (v2): batch norm and ReLU come before each convolution': '사전 활성화 ResNet(v2)입니다: 배치 정규화와 ReLU가 각 합성곱 앞에 옵니다',
  'it has selective-kernel convolutions': '선택적 커널(selective-kernel) 합성곱이 있습니다',
  'it has split-attention blocks (ResNeSt)': '분할 어텐션 블록(ResNeSt)이 있습니다',
  'its modules differ from torchvision’s ResNet (it is not one of timm’s ResNets with torchvision’s layout)':
    '모듈이 torchvision의 ResNet과 다릅니다 (torchvision 구조를 가진 timm ResNet이 아닙니다)',
  'it is a vision transformer, not a convolutional ResNet': '합성곱 ResNet이 아니라 비전 트랜스포머입니다',
  'it is not a ResNet': 'ResNet이 아닙니다',
  'its config.json builds it with arguments that change its modules ({args}), which the app does not follow':
    'config.json이 모듈을 바꾸는 인자({args})로 모델을 만드는데, 이 앱은 그 인자를 따르지 않습니다',
  'it pools with “{pool}” where torchvision averages': 'torchvision은 평균 풀링을 하는데 이 모델은 다른 풀링(“{pool}”)을 합니다',
  'it has no classifier (num_classes is 0): it is a feature extractor': '분류기가 없습니다(num_classes가 0): 특징 추출기입니다',
  'it has no classifier (no labels): it is a feature extractor': '분류기가 없습니다(레이블 없음): 특징 추출기입니다',
  'it is not a ResNet: the app builds transformers’ ResNetForImageClassification (model_type “resnet”)':
    'ResNet이 아닙니다: 이 앱은 transformers의 ResNetForImageClassification(model_type “resnet”)을 만듭니다',
  'it is a ResNet without its classifier (the app builds ResNetForImageClassification, whose weights include the classifier)':
    '분류기가 없는 ResNet입니다 (이 앱은 분류기 가중치까지 포함하는 ResNetForImageClassification을 만듭니다)',
  'its layer_type “{type}” is neither basic nor bottleneck': 'layer_type(“{type}”)이 basic도 bottleneck도 아닙니다',
  'it uses the activation “{act}” where torchvision’s ResNet uses ReLU': 'torchvision의 ResNet은 ReLU를 쓰는데 이 모델은 다른 활성화 함수(“{act}”)를 씁니다',
  'its depths and hidden_sizes are not two lists of positive whole numbers of the same length (1 to {max})':
    'depths와 hidden_sizes가 같은 길이(1~{max})의 양의 정수 목록 두 개가 아닙니다',
  'a bottleneck’s hidden size must be a multiple of 4 (it reduces to a quarter of it), and {sizes} are not all':
    '병목 블록의 hidden size는 4의 배수여야 합니다(4분의 1로 줄이므로). {sizes} 중 그렇지 않은 값이 있습니다',
  'its embedding_size or num_channels is not a whole number': 'embedding_size 또는 num_channels가 정수가 아닙니다',
  'a Vision Transformer (ViT)': '비전 트랜스포머(ViT)',
  'a Vision Transformer (DeiT)': '비전 트랜스포머(DeiT)',
  'a Vision Transformer (BEiT)': '비전 트랜스포머(BEiT)',
  'a Vision Transformer (DINOv2)': '비전 트랜스포머(DINOv2)',
  'a Swin Transformer': 'Swin 트랜스포머',
  'a ConvNeXt': 'ConvNeXt',
  'a RegNet': 'RegNet',
  'an EfficientNet': 'EfficientNet',
  'a MobileNet': 'MobileNet',
  'a MobileViT': 'MobileViT',
  'a BiT (a pre-activation ResNet with weight standardisation)': 'BiT(가중치 표준화를 쓰는 사전 활성화 ResNet)',
  'a Visual Attention Network': '시각 어텐션 네트워크(VAN)',
  'a LeViT': 'LeViT',
  'a PoolFormer': 'PoolFormer',
  'a Convolutional vision Transformer (CvT)': '합성곱 비전 트랜스포머(CvT)',
  'a CLIP model': 'CLIP 모델',

  // What the app does differently, said before the download
  'It asks for {filter} resampling, which the app does not do; it resamples with {used}.': '{filter} 리샘플링을 요구하지만 이 앱은 지원하지 않아 {used} 방식으로 리샘플링합니다.',
  'It resizes the whole picture to {size}×{size}, squashing it; the app keeps the aspect ratio, resizes the shorter side to {size} and crops the centre (the same for a square picture).':
    '그림 전체의 크기를 {size}×{size}에 맞춰 찌그러뜨립니다. 이 앱은 가로세로 비율을 유지한 채 짧은 변을 {size}에 맞추고 가운데를 잘라냅니다 (정사각형 그림이면 결과가 같습니다).',
  'It asks for the crop mode “{mode}”; the app crops the centre.': '자르기 방식(“{mode}”)을 요구하지만 이 앱은 가운데를 잘라냅니다.',
  'The repository has no preprocessor_config.json; the app uses ImageNet’s usual preprocessing (bilinear, resize 256, crop 224, ImageNet’s mean and std).':
    '저장소에 preprocessor_config.json이 없어 ImageNet의 일반적인 전처리(bilinear, 256으로 크기 조정, 224 자르기, ImageNet 평균과 표준편차)를 씁니다.',
  'Its preprocessor does not resize; the app resizes as ImageNet models usually are (bilinear, resize 256, crop 224).':
    '전처리기가 크기를 조정하지 않습니다. 이 앱은 ImageNet 모델에 흔히 쓰는 대로 크기를 조정합니다(bilinear, 256으로 크기 조정, 224 자르기).',
  'Its preprocessor’s size is not a shortest edge; the app uses ImageNet’s usual preprocessing.': '전처리기의 size가 짧은 변 길이가 아니어서 ImageNet의 일반적인 전처리를 씁니다.',
  'Its preprocessor ({type}) is not one the app reads; it uses ImageNet’s usual preprocessing.': '이 앱이 읽지 못하는 전처리기({type})여서 ImageNet의 일반적인 전처리를 씁니다.',
};
