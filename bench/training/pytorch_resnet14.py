"""PyTorch's side of the training throughput bench: resnet14 as Scones defines it, trained the way the engine trains.

Reads raw images written by throughput.bench.ts (N x 32 x 32 x 3 uint8, then N labels), trains a few epochs with
per-image crop+flip done in Python, and prints one JSON line: the median images/s of the epochs after the first.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


def conv_bn(cin, cout, kernel, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout)
    )


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = conv_bn(cin, cout, 3, stride)
        self.b = conv_bn(cout, cout, 3, 1)
        self.shortcut = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return F.relu(self.b(F.relu(self.a(x))) + self.shortcut(x))


def resnet14(classes):
    layers, cin = [conv_bn(3, 16, 3, 1), nn.ReLU()], 16
    for stage, channels in enumerate((16, 32, 64)):
        for block in range(2):
            layers.append(Block(cin, channels, 2 if stage > 0 and block == 0 else 1))
            cin = channels
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def augment(image, generator):
    padded = F.pad(image, (4, 4, 4, 4))
    dy, dx = torch.randint(0, 9, (2,), generator=generator).tolist()
    crop = padded[:, dy : dy + 32, dx : dx + 32]
    return crop.flip(2) if torch.rand(1, generator=generator).item() < 0.5 else crop


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    raw = open(args.data, "rb").read()
    pixels = torch.frombuffer(bytearray(raw[: args.count * 3072]), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(raw[args.count * 3072 :]), dtype=torch.uint8).long()
    images = pixels.view(args.count, 32, 32, 3).permute(0, 3, 1, 2).float().div(255).sub(0.5).div(0.25)
    # The engine holds a tenth out for validation; train on the same share.
    used = (args.count * 9 // 10) // args.batch * args.batch
    net = resnet14(int(labels.max()) + 1)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    generator = torch.Generator().manual_seed(0)
    seconds = []
    for _ in range(args.epochs):
        order = torch.randperm(args.count, generator=generator)[:used]
        start = time.perf_counter()
        net.train()
        for at in range(0, used, args.batch):
            rows = order[at : at + args.batch]
            batch = torch.stack([augment(images[i], generator) for i in rows.tolist()])
            loss = F.cross_entropy(net(batch), labels[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"imagesPerSecond": used / statistics.median(seconds[1:]), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
