# PyTorch 1.13 CPU training throughput for the README: the same step as bench/training.ts (batch 64 of
# 1x28x28, ResNet-20 and ResNet-56 with option A shortcuts, cross-entropy, SGD momentum 0.9, weight decay 1e-4).
# Run: /usr/bin/python3 bench/pytorch_training.py
import time, sys, torch, torch.nn as nn, torch.nn.functional as F
class Block(nn.Module):
    def __init__(s, cin, cout, stride):
        super().__init__()
        s.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.bn1 = nn.BatchNorm2d(cout)
        s.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.bn2 = nn.BatchNorm2d(cout)
        s.stride, s.pad = stride, cout - cin
    def forward(s, x):
        o = F.relu(s.bn1(s.conv1(x))); o = s.bn2(s.conv2(o))
        sc = x[:, :, ::s.stride, ::s.stride] if s.stride > 1 else x
        if s.pad: sc = F.pad(sc, (0, 0, 0, 0, s.pad // 2, s.pad - s.pad // 2))
        return F.relu(o + sc)
class Net(nn.Module):
    def __init__(s, n):
        super().__init__()
        s.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False); s.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for w, st in [(16, 1), (32, 2), (64, 2)]:
            for i in range(n): layers.append(Block(cin, w, st if i == 0 else 1)); cin = w
        s.layers = nn.Sequential(*layers); s.fc = nn.Linear(64, 10)
    def forward(s, x):
        x = s.layers(F.relu(s.bn1(s.conv1(x))))
        return s.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
print('threads', torch.get_num_threads())
for name, n in [('resnet20', 3), ('resnet56', 9)]:
    torch.manual_seed(0); m = Net(n); opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(64, 1, 28, 28); y = torch.randint(0, 10, (64,))
    def step():
        opt.zero_grad(); loss = F.cross_entropy(m(x), y); loss.backward(); opt.step()
    for _ in range(3): step()
    t0 = time.time(); k = 10 if n == 3 else 5
    for _ in range(k): step()
    dt = (time.time() - t0) / k
    print(name, f'{64 / dt:.0f} images/s, {dt*1000:.0f} ms/step')
