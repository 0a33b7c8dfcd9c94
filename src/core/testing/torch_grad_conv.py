# Test support: real PyTorch autograd as the reference of the conv2d and linear backward passes,
# called through torch_driver.py's `calls` ({"module": "torch_grad_conv", "fn": "conv2d" or
# "linear", "args": {"cases": [...]}}). Each case's float32 inputs are promoted to float64 leaves,
# and torch.autograd.grad differentiates L = (f(x, w, b) * dy).sum(): the gradients are those of
# a loss summed as dy gives it. Answers in float64 and float32 (base64), or the error text.
# Padding as the project defines it, built from PyTorch's own pieces: TensorFlow-style 'same'
# (odd cell at the end) and replicate / reflect through F.pad, a true convolution by flipping
# the kernel before F.conv2d. Nothing here knows the project's backward formulas.

import torch
import torch.nn.functional as F


def tf_same(size, kernel, stride, dilation):
    """TensorFlow's 'same': output ceil(I/S), the odd padding cell at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def conv_forward(x, w, b, c):
    if c["flip"]:
        w = torch.flip(w, [2, 3])  # true convolution: the kernel rotated by 180°
    stride, dilation, groups = tuple(c["stride"]), tuple(c["dilation"]), c["groups"]
    pad, mode = c["padding"], c["mode"]
    if pad == "same":
        (t, bt), (l, r) = (tf_same(x.shape[2 + i], w.shape[2 + i], stride[i], dilation[i]) for i in (0, 1))
    elif pad == "valid":
        t = bt = l = r = 0
    else:
        (t, l), (bt, r) = pad, pad
    if mode == "zeros" and t == bt and l == r:
        # conv2d's own padding: its own backward, not F.pad's.
        return F.conv2d(x, w, b, stride, (t, l), dilation, groups)
    x = F.pad(x, (l, r, t, bt), mode="constant" if mode == "zeros" else mode)
    return F.conv2d(x, w, b, stride, 0, dilation, groups)


def grads(forward, c, names, helpers, dtype):
    leaves = {n: helpers.tensor(c[n], c[n + "Shape"], dtype).requires_grad_(True)
              for n in names if c.get(n) is not None}
    y = forward(leaves)
    dy = helpers.tensor(c["dy"], c["dyShape"], dtype)
    if tuple(y.shape) != tuple(dy.shape):
        raise ValueError(f"output {list(y.shape)}, dy {list(dy.shape)}")
    order = list(leaves)
    found = torch.autograd.grad((y * dy).sum(), [leaves[n] for n in order])
    return {n: helpers.encode(g) for n, g in zip(order, found)}


def run(cases, forward, names, helpers):
    out = []
    for c in cases:
        try:
            out.append({
                "ok": True,
                "want": grads(lambda t: forward(t, c), c, names, helpers, torch.float64),
                "want32": grads(lambda t: forward(t, c), c, names, helpers, torch.float32),
            })
        except Exception as e:  # noqa: BLE001 - the test reports it
            out.append({"ok": False, "error": helpers.error_text(e)})
    return out


def conv2d(args, helpers):
    """cases: x, weight, bias (optional), dy as base64 float32 with <name>Shape; stride,
    dilation, padding ([ph, pw], 'same' or 'valid'), mode, groups, flip."""
    fwd = lambda t, c: conv_forward(t["x"], t["weight"], t.get("bias"), c)  # noqa: E731
    return run(args["cases"], fwd, ["x", "weight", "bias"], helpers)


def linear(args, helpers):
    """cases: x [N, F], weight [O, F], bias [O] (optional), dy [N, O]."""
    fwd = lambda t, c: F.linear(t["x"], t["weight"], t.get("bias"))  # noqa: E731
    return run(args["cases"], fwd, ["x", "weight", "bias"], helpers)
