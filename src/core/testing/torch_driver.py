# Test support: the real-PyTorch side of the tests that hold the project against torch.
# One process answers a whole batch (importing torch costs 1-2 s): `python3 torch_driver.py
# request.json response.json`. The request has up to three lists, each answered in order:
#   scripts: exported PyTorch scripts, run as `python file.py` runs them; each model is then
#            traced with torch.fx + ShapeProp (every layer's output shape), and, when weights
#            and an input are given, run on them in float64.
#   ops:     torch.nn.functional references of the CPU ops, in float64 (and float32) from the
#            same float32 inputs.
#   shapes:  the output size PyTorch computes for a conv / pooling configuration, or its error.
#   calls:   {"module": "torch_grad_conv", "fn": "name", "args": {...}}: a function of a module
#            beside this file (torch_<topic>.py), called as fn(args, helpers) where helpers has
#            tensor(), encode(), error_text(), holders(), load_params() and PARAM_NAMES; its
#            JSON-able return value is the answer.
#            Gradient and optimizer checks live in such modules, one per topic.
# Tensors travel as base64 of little-endian float32 (to torch) and float64 (back), so NaN, ±inf
# and -0 survive exactly. Nothing here knows the project's own formulas.

import base64
import contextlib
import io
import json
import math
import runpy
import sys
import traceback

import numpy as np
import torch
import torch.fx as fx
import torch.nn.functional as F
from torch import nn
from torch.fx.passes.shape_prop import ShapeProp

torch.manual_seed(0)


def tensor(b64, shape, dtype=torch.float64):
    a = np.frombuffer(base64.b64decode(b64), dtype="<f4")
    return torch.from_numpy(a.copy()).to(dtype).reshape(shape)


def encode(t):
    return base64.b64encode(t.detach().to(torch.float64).contiguous().numpy().astype("<f8").tobytes()).decode()


def error_text(e):
    return "".join(traceback.format_exception(e))


# ---- exported scripts ---------------------------------------------------------------------


class LeafTracer(fx.Tracer):
    """Every module without children is one node, the script's own classes included."""

    def is_leaf_module(self, m, qualname):
        return len(list(m.children())) == 0


def leaves(model):
    """Modules without children, in declaration order (an empty nn.Sequential has none)."""
    return [(n, m) for n, m in model.named_modules() if n != "" and len(list(m.children())) == 0]


def trace(model, x):
    gm = fx.GraphModule(model, LeafTracer().trace(model))
    with torch.no_grad():
        ShapeProp(gm).propagate(x)
    out = []
    for node in gm.graph.nodes:
        if node.op in ("call_module", "call_function", "call_method"):
            target = node.target if node.op == "call_module" else node.name
            out.append({"node": str(target), "shape": list(node.meta["tensor_meta"].shape)})
    return out


# The project's parameter names → the torch attribute they load into.
PARAM_NAMES = {
    "weight": "weight",
    "bias": "bias",
    "gamma": "weight",
    "beta": "bias",
    "runningMean": "running_mean",
    "runningVar": "running_var",
}


def holders(model):
    """The leaf modules holding parameters or floating-point buffers, in declaration order: the
    order of the network's layers that have parameters."""
    return [(n, m) for n, m in leaves(model) if any(True for _ in m.parameters(recurse=False))
            or any(t.is_floating_point() for t in m.buffers(recurse=False))]


def load_params(model, params):
    """params: one dict per module holding parameters or buffers, in declaration order."""
    found = [m for _, m in holders(model)]
    if len(found) != len(params):
        raise RuntimeError(f"{len(found)} modules hold parameters, {len(params)} given")
    for m, p in zip(found, params):
        loaded = set()
        for key, b64 in p.items():
            t = getattr(m, PARAM_NAMES[key])
            with torch.no_grad():
                t.copy_(tensor(b64, t.shape))
            loaded.add(PARAM_NAMES[key])
        floats = [n for n, t in [*m.named_parameters(recurse=False), *m.named_buffers(recurse=False)]
                  if t.is_floating_point()]
        missing = set(floats) - loaded
        if missing:
            raise RuntimeError(f"{type(m).__name__}: no values for {sorted(missing)}")


def run_script(req):
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            g = runpy.run_path(req["path"], run_name="__main__")
    except BaseException as e:  # noqa: BLE001 - the test reports it
        return {"ok": False, "printed": buf.getvalue().splitlines(), "error": error_text(e)}
    model, x = g["model"], g["x"]
    res = {
        "ok": True,
        "printed": buf.getvalue().splitlines(),
        "params": sum(p.numel() for p in model.parameters()),
        "modules": [
            {"name": n, "type": type(m).__name__, "params": sum(p.numel() for p in m.parameters())}
            for n, m in leaves(model)
        ],
    }
    try:
        if req.get("trace"):
            res["trace"] = trace(model, x)
        if req.get("input") is not None:
            model = model.double().eval()
            load_params(model, req["params"])
            with torch.no_grad():
                res["output"] = encode(model(tensor(req["input"], x.shape)))
    except BaseException as e:  # noqa: BLE001
        res["ok"] = False
        res["error"] = error_text(e)
    return res


# ---- op references ------------------------------------------------------------------------

MODES = {"zeros": "zeros", "reflect": "reflect", "replicate": "replicate"}


def tf_same(size, kernel, stride, dilation):
    """TensorFlow's 'same': output ceil(I/S), the odd padding cell at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def conv_ref(x, w, b, o):
    if o.get("flip"):
        w = torch.flip(w, [2, 3])  # true convolution: the kernel rotated by 180°
    stride, dilation, groups = tuple(o["stride"]), tuple(o["dilation"]), o["groups"]
    pad, mode = o["padding"], o["mode"]
    if pad == "same" and stride == (1, 1):
        # PyTorch's own 'same' (stride 1 only), through nn.Conv2d for the padding modes.
        conv = nn.Conv2d(x.shape[1], w.shape[0], tuple(w.shape[2:]), 1, "same", dilation, groups,
                         b is not None, MODES[mode]).to(x.dtype)
        with torch.no_grad():
            conv.weight.copy_(w)
            if b is not None:
                conv.bias.copy_(b)
            return conv(x)
    if pad == "same":
        (t, bt), (l, r) = (tf_same(x.shape[2 + i], w.shape[2 + i], stride[i], dilation[i]) for i in (0, 1))
    elif pad == "valid":
        t = bt = l = r = 0
    else:
        (t, l), (bt, r) = pad, pad
    if mode == "zeros" and t == bt and l == r:
        return F.conv2d(x, w, b, stride, (t, l), dilation, groups)
    x = F.pad(x, (l, r, t, bt), mode="constant" if mode == "zeros" else mode)
    return F.conv2d(x, w, b, stride, 0, dilation, groups)


def activation_ref(x, fn, alpha):
    return {
        "relu": F.relu,
        "relu6": F.relu6,
        "leakyRelu": lambda v: F.leaky_relu(v, alpha),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "gelu": lambda v: F.gelu(v, approximate="none"),
        "silu": F.silu,
        "identity": lambda v: v,
    }[fn](x)


def op_ref(o, dtype):
    t = lambda name: tensor(o[name], o[name + "Shape"], dtype) if o.get(name) is not None else None  # noqa: E731
    x = t("x")
    kind = o["op"]
    if kind == "conv2d":
        return conv_ref(x, t("weight"), t("bias"), o)
    if kind == "maxPool2d":
        return F.max_pool2d(x, o["kernel"], o["stride"], o["padding"], ceil_mode=o["ceil"])
    if kind == "avgPool2d":
        return F.avg_pool2d(x, o["kernel"], o["stride"], o["padding"], ceil_mode=o["ceil"],
                            count_include_pad=o["includePad"])
    if kind == "globalAvgPool":
        return F.adaptive_avg_pool2d(x, 1)
    if kind == "batchNorm":
        # Copies: training mode updates the running statistics in place.
        return F.batch_norm(x, t("runningMean").clone(), t("runningVar").clone(), t("gamma"), t("beta"),
                            training=o["training"], momentum=0.1, eps=o["eps"])
    if kind == "layerNorm":
        return F.layer_norm(x, x.shape[1:], t("gamma"), t("beta"), o["eps"])
    if kind == "activation":
        return activation_ref(x, o["fn"], o.get("alpha", 0.01))
    if kind == "linear":
        return F.linear(x, t("weight"), t("bias"))
    if kind == "softmax":
        return F.softmax(x, 1)
    raise ValueError(f"unknown op {kind}")


def run_op(o):
    try:
        want = op_ref(o, torch.float64)
        want32 = op_ref(o, torch.float32)
        res = {"ok": True, "shape": list(want.shape), "want": encode(want), "want32": encode(want32)}
        if o["op"] == "maxPool2d":
            # The winner of each window: flat index y * W + x in its channel plane.
            x = tensor(o["x"], o["xShape"])
            _, at = F.max_pool2d(x, o["kernel"], o["stride"], o["padding"], ceil_mode=o["ceil"],
                                 return_indices=True)
            res["indices"] = at.flatten().tolist()
        return res
    except BaseException as e:  # noqa: BLE001
        return {"ok": False, "error": error_text(e)}


# ---- output sizes -------------------------------------------------------------------------


def run_shape(s):
    n, c, h, w = s["input"]
    x = torch.zeros(n, c, h, w)
    try:
        if s["op"] == "conv2d":
            weight = torch.zeros(1, c, *s["kernel"])
            y = F.conv2d(x, weight, None, s["stride"], s["padding"], s["dilation"])
        elif s["op"] == "maxPool2d":
            y = F.max_pool2d(x, s["kernel"], s["stride"], s["padding"], ceil_mode=s["ceil"])
        else:
            y = F.avg_pool2d(x, s["kernel"], s["stride"], s["padding"], ceil_mode=s["ceil"])
    except RuntimeError as e:
        return {"ok": False, "error": str(e).splitlines()[0]}
    return {"ok": True, "shape": list(y.shape)}


class Helpers:
    tensor = staticmethod(tensor)
    encode = staticmethod(encode)
    error_text = staticmethod(error_text)
    holders = staticmethod(holders)
    load_params = staticmethod(load_params)
    PARAM_NAMES = PARAM_NAMES


def run_call(c):
    import importlib
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    try:
        module = importlib.import_module(c["module"])
        return {"ok": True, "value": getattr(module, c["fn"])(c.get("args", {}), Helpers)}
    except Exception as e:  # noqa: BLE001 - the test reads the error text
        return {"ok": False, "error": error_text(e)}


def main():
    with open(sys.argv[1]) as f:
        req = json.load(f)
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    res = {
        "torch": torch.__version__,
        "scripts": [run_script(s) for s in req.get("scripts", [])],
        "ops": [run_op(o) for o in req.get("ops", [])],
        "shapes": [run_shape(s) for s in req.get("shapes", [])],
        "calls": [run_call(c) for c in req.get("calls", [])],
    }
    with open(sys.argv[2], "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
