"""Writes the ONNX import fixtures with real PyTorch (1.13, opset 13): each model gets
trained-looking random weights (non-trivial batch-norm running statistics), is exported with
torch.onnx.export in eval mode, and run once on a fixed input; the .onnx file and a JSON with the
input and PyTorch's output (float32 results printed as float64) go to src/core/onnx/fixtures/.

    /usr/bin/python3 scripts/onnx-fixtures/make_fixtures.py

Needs only torch (no onnx, no numpy). Deterministic: the same torch gives the same bytes.
"""

import json
import os
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "core", "onnx", "fixtures")
OPSET = 13


def trained_looking(model, seed):
    """Weights that look trained: scaled normals, batch norms with their own statistics."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / fan_in) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(torch.randn(c, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.5)
                m.running_var.copy_(0.5 + 1.5 * torch.rand(c, generator=g))
    return model.eval()


class LeNet5(nn.Module):
    """The app's LeNet-5 preset: tanh, 2×2 average pooling, softmax output."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)
        self.s2 = nn.AvgPool2d(2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.s4 = nn.AvgPool2d(2)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x):
        x = self.s2(torch.tanh(self.c1(x)))
        x = self.s4(torch.tanh(self.c3(x)))
        x = torch.tanh(self.c5(x))
        x = torch.flatten(x, 1)
        x = torch.tanh(self.f6(x))
        return torch.softmax(self.output(x), dim=1)


class BasicBlock(nn.Module):
    """A ResNet basic block (conv-BN-ReLU-conv-BN + identity, ReLU), then GAP + linear. In eval
    mode the exporter folds each BN into the conv before it: Conv nodes with a bias."""

    def __init__(self, c=8, classes=5):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        y = torch.relu(y + x)
        return self.fc(torch.flatten(self.pool(y), 1))


class Separable(nn.Module):
    """MobileNet's depthwise-separable block: depthwise 3×3 (groups = C) + BN + ReLU6, pointwise
    1×1 + BN + ReLU6. A BN on the input (no conv before it) stays a BatchNormalization node."""

    def __init__(self, c=8, out=16):
        super().__init__()
        self.norm = nn.BatchNorm2d(c)
        self.dw = nn.Conv2d(c, c, 3, stride=2, padding=1, groups=c, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.pw = nn.Conv2d(c, out, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)

    def forward(self, x):
        x = self.norm(x)
        x = nn.functional.relu6(self.bn1(self.dw(x)))
        return nn.functional.relu6(self.bn2(self.pw(x)))


class Mixed(nn.Module):
    """The other importable pieces PyTorch writes: a reflection Pad folded into the conv after it,
    max pooling in ceil mode with padding, leaky ReLU, sigmoid, a concat of two branches, average
    pooling without the padding in its divisor, x.view(N, -1) and dropout (gone in eval mode)."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ReflectionPad2d(1)
        self.conv = nn.Conv2d(3, 6, 3)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.left = nn.Conv2d(6, 4, 1)
        self.right = nn.Conv2d(6, 4, 3, padding=2, dilation=2)
        self.avg = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(8 * 3 * 3, 6)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.conv(self.pad(x)), 0.2)
        x = self.pool(x)
        x = torch.cat([torch.sigmoid(self.left(x)), torch.tanh(self.right(x))], dim=1)
        x = self.avg(x)
        x = self.drop(x.view(x.size(0), -1))
        return self.fc(x)


class Upsampler(nn.Module):
    """Not importable: nn.Upsample exports as a Resize node, which the app has no layer for."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")

    def forward(self, x):
        return self.up(torch.relu(self.conv(x)))


def fixed_input(shape, seed):
    """Normal values rounded to 3 decimals (short JSON); JSON → float32 rounds them the same way
    in JavaScript (Math.fround) as torch.tensor does here."""
    g = torch.Generator().manual_seed(seed)
    return torch.tensor([round(v, 3) for v in torch.randn(shape, generator=g).flatten().tolist()],
                        dtype=torch.float32).reshape(shape)


def write(name, model, shape, seed, run=True):
    x = fixed_input(shape, seed + 100)
    path = os.path.join(OUT, f"{name}.onnx")
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    if not run:
        return
    with torch.no_grad():
        y = model(x)
    doc = {
        "about": f"{type(model).__name__}: torch {torch.__version__}, torch.onnx.export opset {OPSET}, "
                 "eval mode; input and output float32 values (output printed as float64)",
        "input": {"shape": list(x.shape), "data": [round(float(v), 3) for v in x.flatten().tolist()]},
        "output": {"shape": list(y.shape), "data": [float(v) for v in y.double().flatten().tolist()]},
    }
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    write("lenet5", trained_looking(LeNet5(), 1), (1, 1, 32, 32), 1)
    write("resnet_block", trained_looking(BasicBlock(), 2), (1, 8, 8, 8), 2)
    write("mobilenet_block", trained_looking(Separable(), 3), (1, 8, 10, 10), 3)
    write("mixed", trained_looking(Mixed(), 4), (1, 3, 11, 11), 4)
    write("resize_unsupported", trained_looking(Upsampler(), 5), (1, 1, 4, 4), 5, run=False)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), file=sys.stderr)


if __name__ == "__main__":
    main()
