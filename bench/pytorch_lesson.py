# The referee for the Train tab's default experiment, in real PyTorch: the four default nets (Plain-20, Plain-56,
# ResNet-20, ResNet-56; widths 16/32/64, depth 6n + 2, option A shortcuts) trained exactly as the tab trains
# them -- the same Fashion-MNIST subset and normalisation, the same batches in the same order (a port of the
# runtime's EpochSampler and its mulberry32 generator: every run shares the seed, so all four see the same
# batch at the same step), no augmentation, torch.optim.SGD with the tab's momentum and weight decay, the
# runtime's schedule (a linear warm-up from a tenth of the rate, then cosine over all the steps) and, with
# --init, the very initial weights the tab's trainer draws for that seed (bench/lessonInit.ts writes them).
# One step of each net in turn, as the tab's round-robin does. It writes each net's batch loss (before the
# update) at every step; bench/lessonReferee.ts applies the tab's own verdict (src/core/lesson/) to them.
#
#   /usr/bin/python3 bench/pytorch_lesson.py --batch 16 --lr 0.1 --warmup 0 --steps 1200 \
#       --train-steps 200 --seed 1 --init /tmp/init-1 --out /tmp/curves.json
import argparse, gzip, json, math, os, struct, time
import torch, torch.nn as nn, torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRESETS = [('plain20', 3, False), ('plain56', 9, False), ('resnet20', 3, True), ('resnet56', 9, True)]


def read_subset(path=os.path.join(ROOT, 'public/data/fashion-mnist-subset.bin.gz')):
    b = gzip.open(path).read()
    assert b[:8] == b'RXFMNIST'
    version, n_train, n_test, rows, cols = struct.unpack('<5I', b[8:28])
    px = rows * cols
    at = 32
    images = torch.frombuffer(bytearray(b[at:at + n_train * px]), dtype=torch.uint8).reshape(n_train, 1, rows, cols)
    at += n_train * px
    labels = torch.frombuffer(bytearray(b[at:at + n_train]), dtype=torch.uint8).long()
    # As fashionMnistData: a float32 lookup table of (v / 255 - 0.286) / 0.353.
    lut = torch.tensor([(v / 255 - 0.286) / 0.353 for v in range(256)], dtype=torch.float32)
    return lut[images.long()], labels


class Mulberry32:
    """src/runtime/train/data.ts seededRandom, bit for bit."""
    def __init__(self, seed):
        self.a = seed & 0xFFFFFFFF

    def __call__(self):
        M = 0xFFFFFFFF
        self.a = (self.a + 0x6D2B79F5) & M
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296


class EpochSampler:
    """src/runtime/train/data.ts EpochSampler: a new seeded Fisher-Yates shuffle each epoch."""
    def __init__(self, count, seed):
        self.count, self.random, self.order, self.at = count, Mulberry32(seed), list(range(count)), count

    def next(self, size):
        out = []
        for _ in range(size):
            if self.at >= self.count:
                self.order = list(range(self.count))
                for i in range(self.count - 1, 0, -1):
                    j = math.floor(self.random() * (i + 1))
                    self.order[i], self.order[j] = self.order[j], self.order[i]
                self.at = 0
            out.append(self.order[self.at]); self.at += 1
        return out


def learning_rate(lr, steps, warmup, step, factor=0.1):
    """src/runtime/train/schedule.ts: linear warm-up from lr * factor, then cosine to 0 over the rest."""
    if step < warmup:
        return lr * (factor + (1 - factor) * step / warmup)
    span = max(1, steps - warmup)
    t = min(1, (step - warmup) / span)
    return 0.5 * lr * (1 + math.cos(math.pi * t))


class Block(nn.Module):
    def __init__(s, cin, cout, stride, residual):
        super().__init__()
        s.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.bn1 = nn.BatchNorm2d(cout)
        s.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.bn2 = nn.BatchNorm2d(cout)
        s.stride, s.pad, s.residual = stride, cout - cin, residual

    def forward(s, x):
        o = s.bn2(s.conv2(F.relu(s.bn1(s.conv1(x)))))
        if s.residual:  # option A: keep every stride-th pixel, the new channels zeros, half before and half after
            sc = x[:, :, ::s.stride, ::s.stride] if s.stride > 1 else x
            if s.pad: sc = F.pad(sc, (0, 0, 0, 0, s.pad // 2, s.pad - s.pad // 2))
            o = o + sc
        return F.relu(o)


class Net(nn.Module):
    def __init__(s, n, residual):
        super().__init__()
        s.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False); s.bn1 = nn.BatchNorm2d(16)
        cin = 16
        for k, (w, st) in enumerate([(16, 1), (32, 2), (64, 2)]):
            blocks = []
            for i in range(n):
                blocks.append(Block(cin, w, st if i == 0 else 1, residual)); cin = w
            setattr(s, f'layer{k + 1}', nn.Sequential(*blocks))
        s.fc = nn.Linear(64, 10)
        for m in s.modules():  # torchvision's initialisation (used when no --init weights are given)
            if isinstance(m, nn.Conv2d): nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')

    def forward(s, x):
        x = s.layer3(s.layer2(s.layer1(F.relu(s.bn1(s.conv1(x))))))
        return s.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def read_safetensors(path):
    b = open(path, 'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    header = json.loads(b[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == '__metadata__': continue
        s, e = v['data_offsets']
        dtype = {'F32': torch.float32, 'I64': torch.int64}[v['dtype']]
        out[k] = torch.frombuffer(bytearray(b[8 + n + s:8 + n + e]), dtype=dtype).reshape(v['shape'])
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--lr', type=float, default=0.1)
    p.add_argument('--momentum', type=float, default=0.9)
    p.add_argument('--wd', type=float, default=1e-4)
    p.add_argument('--warmup', type=int, default=0)
    p.add_argument('--steps', type=int, default=1200, help='the schedule\'s length (the tab\'s Steps setting)')
    p.add_argument('--train-steps', type=int, default=None, help='steps actually trained (default: --steps)')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--init', default=None, help='a folder of <preset>.safetensors: the tab\'s initial weights')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--out', required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x_all, y_all = read_subset()
    nets, opts = [], []
    for name, n, residual in PRESETS:
        m = Net(n, residual)
        if a.init:
            state = read_safetensors(os.path.join(a.init, f'{name}.safetensors'))
            m.load_state_dict(state)
        m.train()
        nets.append(m)
        opts.append(torch.optim.SGD(m.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.wd))
    sampler = EpochSampler(x_all.shape[0], a.seed)
    losses = {name: [] for name, _, _ in PRESETS}
    seconds = {name: 0.0 for name, _, _ in PRESETS}
    train_steps = a.train_steps or a.steps
    diverged = set()
    for step in range(train_steps):
        idx = torch.tensor(sampler.next(a.batch))
        x, y = x_all[idx], y_all[idx]
        lr = learning_rate(a.lr, a.steps, a.warmup, step)
        for (name, _, _), m, opt in zip(PRESETS, nets, opts):
            if name in diverged: continue
            t0 = time.process_time()
            for g in opt.param_groups: g['lr'] = lr
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(m(x), y)
            value = loss.item()
            if not math.isfinite(value):  # the runtime stops a diverging run (no update, no point)
                diverged.add(name); continue
            loss.backward(); opt.step()
            seconds[name] += time.process_time() - t0
            losses[name].append(value)
    settings = {'batch': a.batch, 'lr': a.lr, 'momentum': a.momentum, 'wd': a.wd, 'warmup': a.warmup, 'steps': a.steps, 'seed': a.seed, 'init': 'tab' if a.init else 'torch'}
    with open(a.out, 'w') as f:
        json.dump({'settings': settings, 'trainSteps': train_steps, 'losses': losses, 'diverged': sorted(diverged), 'cpuSeconds': seconds}, f)


if __name__ == '__main__':
    main()
