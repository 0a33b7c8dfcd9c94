// Test support: a stand-in `torch` package, in Python, for running the exported scripts where
// real PyTorch is not installed (CI). Tensors carry only their shape; each module checks its
// input the way PyTorch does, computes its output shape with PyTorch's own formulas (written
// here from the PyTorch docs and ATen's pooling_output_shape, independently of src/core/shape.ts)
// and creates parameters of PyTorch's sizes. Constructors take PyTorch's keyword names only, so a
// misspelt argument fails as it would with the real thing. Every leaf module call prints
// `TRACE [shape]`, so a test can hold each shape comment against what PyTorch would compute.

export const FAKE_TORCH_INIT = String.raw`
import math


class Size(tuple):
    def __repr__(self):
        return "torch.Size([" + ", ".join(str(d) for d in self) + "])"


class Tensor:
    def __init__(self, shape):
        self.shape = Size(int(d) for d in shape)
        assert all(d > 0 for d in self.shape), f"empty tensor {self.shape}"

    def dim(self):
        return len(self.shape)

    def numel(self):
        return math.prod(self.shape)

    def __add__(self, other):
        if self.shape != other.shape:
            raise RuntimeError(f"add: shapes {self.shape} and {other.shape} differ")
        return Tensor(self.shape)


def randn(*shape):
    return Tensor(shape)


def cat(tensors, dim=0):
    first = tensors[0].shape
    for t in tensors:
        same = [d for i, d in enumerate(t.shape) if i != dim]
        if len(t.shape) != len(first) or same != [d for i, d in enumerate(first) if i != dim]:
            raise RuntimeError(f"cat: sizes {first} and {t.shape} do not match")
    out = list(first)
    out[dim] = sum(t.shape[dim] for t in tensors)
    return Tensor(out)


from . import nn  # noqa: E402
`;

export const FAKE_TORCH_NN = String.raw`
import math
from . import Tensor


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


class Module:
    def __init__(self):
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_params", [])
        object.__setattr__(self, "training", True)

    def __setattr__(self, name, value):
        if isinstance(value, Module):
            if hasattr(Module, name) or name in ("training",) or name.startswith("_"):
                raise AttributeError(f"submodule name {name!r} clashes with nn.Module")
            self._modules[name] = value
        object.__setattr__(self, name, value)

    def _param(self, *shape):
        self._params.append(Tensor(shape))

    def parameters(self):
        yield from self._params
        for m in self._modules.values():
            yield from m.parameters()

    def eval(self):
        object.__setattr__(self, "training", False)
        for m in self._modules.values():
            m.eval()
        return self

    def forward(self, x):
        raise NotImplementedError

    def __call__(self, x):
        out = self.forward(x)
        # A layer module of this file (not a container, not the exported Net): report its output.
        if type(self).__module__ == __name__ and not isinstance(self, Sequential):
            print("TRACE", list(out.shape))
        return out


class Sequential(Module):
    def __init__(self, *mods):
        super().__init__()
        for i, m in enumerate(mods):
            self._modules[str(i)] = m

    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x


def _need(x, rank, what):
    if x.dim() != rank:
        raise RuntimeError(f"{what}: expected {rank}-D input, got {x.shape}")


class Conv2d(Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros"):
        super().__init__()
        assert padding_mode in ("zeros", "reflect", "replicate", "circular")
        if in_channels % groups or out_channels % groups:
            raise ValueError("channels must be divisible by groups")
        self.a = (in_channels, out_channels, _pair(kernel_size), _pair(stride), _pair(padding),
                  _pair(dilation), padding_mode)
        kh, kw = _pair(kernel_size)
        self._param(out_channels, in_channels // groups, kh, kw)
        if bias:
            self._param(out_channels)

    def forward(self, x):
        _need(x, 4, "conv2d")
        cin, cout, k, s, p, d, mode = self.a
        if x.shape[1] != cin:
            raise RuntimeError(f"conv2d expected {cin} channels, got {x.shape[1]}")
        if mode == "reflect" and (p[0] >= x.shape[2] or p[1] >= x.shape[3]):
            raise RuntimeError("reflect padding must be smaller than the input")
        out = [(x.shape[2 + i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in (0, 1)]
        if min(out) < 1:
            raise RuntimeError("kernel size can't be greater than the padded input")
        return Tensor([x.shape[0], cout] + out)


class _Pad(Module):
    def __init__(self, padding):
        super().__init__()
        self.p = tuple(padding) if isinstance(padding, (tuple, list)) else (padding,) * 4
        assert len(self.p) == 4

    def forward(self, x):
        _need(x, 4, "pad")
        left, right, top, bottom = self.p
        return Tensor([x.shape[0], x.shape[1], x.shape[2] + top + bottom, x.shape[3] + left + right])


ZeroPad2d = ReplicationPad2d = _Pad


class ReflectionPad2d(_Pad):
    def forward(self, x):
        left, right, top, bottom = self.p
        if max(top, bottom) >= x.shape[2] or max(left, right) >= x.shape[3]:
            raise RuntimeError("reflection padding must be smaller than the input")
        return super().forward(x)


def _pool_size(size, k, s, p, ceil_mode):
    # ATen pooling_output_shape (dilation 1).
    out = (size + 2 * p - (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


class _Pool(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False):
        super().__init__()
        self.k = _pair(kernel_size)
        self.s = _pair(stride if stride is not None else kernel_size)
        self.p = _pair(padding)
        self.ceil = ceil_mode
        if any(2 * p > k for p, k in zip(self.p, self.k)):
            raise RuntimeError("pad should be at most half of effective kernel size")

    def forward(self, x):
        _need(x, 4, "pool")
        out = [_pool_size(x.shape[2 + i], self.k[i], self.s[i], self.p[i], self.ceil) for i in (0, 1)]
        if min(out) < 1:
            raise RuntimeError("pool output size is too small")
        return Tensor([x.shape[0], x.shape[1]] + out)


MaxPool2d = _Pool


class AvgPool2d(_Pool):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__(kernel_size, stride, padding, ceil_mode)


class AdaptiveAvgPool2d(Module):
    def __init__(self, output_size):
        super().__init__()
        self.o = _pair(output_size)

    def forward(self, x):
        _need(x, 4, "adaptive pool")
        return Tensor([x.shape[0], x.shape[1], self.o[0], self.o[1]])


class _BatchNorm(Module):
    rank = 0

    def __init__(self, num_features, eps=1e-5):
        super().__init__()
        self.c = num_features
        self._param(num_features)
        self._param(num_features)

    def forward(self, x):
        _need(x, self.rank, "batch norm")
        if x.shape[1] != self.c:
            raise RuntimeError(f"batch norm expected {self.c} features, got {x.shape[1]}")
        if self.training and x.numel() // x.shape[1] == 1:
            raise ValueError("Expected more than 1 value per channel when training")
        return Tensor(x.shape)


class BatchNorm2d(_BatchNorm):
    rank = 4


class BatchNorm1d(_BatchNorm):
    rank = 2


class LayerNorm(Module):
    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True):
        super().__init__()
        self.shape = tuple(normalized_shape) if isinstance(normalized_shape, (list, tuple)) else (normalized_shape,)
        if elementwise_affine:
            self._param(*self.shape)
            self._param(*self.shape)

    def forward(self, x):
        if tuple(x.shape[-len(self.shape):]) != self.shape:
            raise RuntimeError(f"layer norm over {self.shape} got {x.shape}")
        return Tensor(x.shape)


class _Same(Module):
    def forward(self, x):
        return Tensor(x.shape)


ReLU = ReLU6 = Sigmoid = Tanh = SiLU = Identity = _Same


class LeakyReLU(_Same):
    def __init__(self, negative_slope=0.01):
        super().__init__()
        assert isinstance(negative_slope, float)


class GELU(_Same):
    def __init__(self, approximate="none"):
        super().__init__()
        assert approximate == "none"


class Softmax(_Same):
    def __init__(self, dim):
        super().__init__()
        assert dim == 1


class Flatten(Module):
    def forward(self, x):
        return Tensor([x.shape[0], math.prod(x.shape[1:])])


class Linear(Module):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.i, self.o = in_features, out_features
        self._param(out_features, in_features)
        if bias:
            self._param(out_features)

    def forward(self, x):
        if x.shape[-1] != self.i:
            raise RuntimeError(f"linear expected {self.i} features, got {x.shape}")
        return Tensor(list(x.shape[:-1]) + [self.o])
`;
