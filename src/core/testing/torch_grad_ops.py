# Test support: real PyTorch autograd for the backward passes, the training-mode forwards and the
# losses (called through torch_driver.py's `calls`). Every case is computed in float64 from the
# float32 inputs the test sends, with torch.autograd.grad; nothing here knows the project's own
# formulas. backward({"cases": [...]}) answers each case in order with
# {"ok": True, "grads": {name: base64 float64}, ...} or {"ok": False, "error": text}.

import torch
import torch.nn.functional as F
from torch import nn

F64 = torch.float64


def activation(x, fn, alpha):
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


def leaf(h, c, name):
    return h.tensor(c[name], c[name + "Shape"]).requires_grad_(True)


def grads_of(h, y, inputs, dy):
    """Σ dy · y differentiated with respect to each named input."""
    names = list(inputs)
    gs = torch.autograd.grad(y, [inputs[n] for n in names], dy, allow_unused=True)
    return {n: h.encode(g if g is not None else torch.zeros_like(inputs[n])) for n, g in zip(names, gs)}


def batch_norm(h, c):
    x = leaf(h, c, "x")
    C = x.shape[1]
    module = (nn.BatchNorm2d if x.dim() == 4 else nn.BatchNorm1d)(C, eps=c["eps"], momentum=0.1).to(F64)
    with torch.no_grad():
        module.weight.copy_(h.tensor(c["gamma"], [C]))
        module.bias.copy_(h.tensor(c["beta"], [C]))
        module.running_mean.copy_(h.tensor(c["runningMean"], [C]))
        module.running_var.copy_(h.tensor(c["runningVar"], [C]))
    module.train(c["training"])
    y = module(x)
    dy = h.tensor(c["dy"], list(y.shape))
    g = grads_of(h, y, {"x": x, "gamma": module.weight, "beta": module.bias}, dy)
    return {
        "grads": g,
        "runningMean": h.encode(module.running_mean),
        "runningVar": h.encode(module.running_var),
        "out": h.encode(y),
    }


def one(h, c):
    op = c["op"]
    if op == "batchNorm":
        return batch_norm(h, c)
    if op in ("maxPool2d", "avgPool2d"):
        x = leaf(h, c, "x")
        if op == "maxPool2d":
            y = F.max_pool2d(x, c["kernel"], c["stride"], c["padding"], ceil_mode=c["ceil"])
        else:
            y = F.avg_pool2d(x, c["kernel"], c["stride"], c["padding"], ceil_mode=c["ceil"],
                             count_include_pad=c["includePad"])
        inputs = {"x": x}
    elif op == "globalAvgPool":
        x = leaf(h, c, "x")
        y, inputs = F.adaptive_avg_pool2d(x, 1), {"x": x}
    elif op == "layerNorm":
        x = leaf(h, c, "x")
        inputs = {"x": x}
        gamma = beta = None
        if c.get("gamma") is not None:
            gamma, beta = leaf(h, c, "gamma"), leaf(h, c, "beta")
            inputs.update(gamma=gamma, beta=beta)
        y = F.layer_norm(x, x.shape[1:], gamma, beta, c["eps"])
    elif op == "activation":
        x = leaf(h, c, "x")
        y, inputs = activation(x, c["fn"], c["alpha"]), {"x": x}
    elif op == "softmax":
        x = leaf(h, c, "x")
        y, inputs = F.softmax(x, 1), {"x": x}
    elif op in ("concat", "add"):
        xs = [h.tensor(b, s).requires_grad_(True) for b, s in zip(c["xs"], c["shapes"])]
        y = torch.cat(xs, 1) if op == "concat" else sum(xs[1:], xs[0])
        inputs = {f"x{i}": t for i, t in enumerate(xs)}
    elif op == "flatten":
        x = leaf(h, c, "x")
        y, inputs = torch.flatten(x, 1), {"x": x}
    elif op == "dropout":
        # The mask is the project's (sent in); torch checks the scaling and the gradient through it.
        x = leaf(h, c, "x")
        mask = h.tensor(c["mask"], c["xShape"])
        y, inputs = x * mask / (1 - c["p"]), {"x": x}
    elif op == "crossEntropy":
        z = leaf(h, c, "z")
        labels = torch.tensor(c["labels"], dtype=torch.long)
        rows = z.reshape(z.shape[0], z.shape[1])
        loss = F.cross_entropy(rows, labels)
        (g,) = torch.autograd.grad(loss, z)
        correct = int((rows.argmax(1) == labels).sum())
        return {"loss": float(loss), "correct": correct, "grads": {"z": h.encode(g)}}
    elif op == "mse":
        y = leaf(h, c, "y")
        loss = F.mse_loss(y, h.tensor(c["target"], c["yShape"]))
        (g,) = torch.autograd.grad(loss, y)
        return {"loss": float(loss), "grads": {"y": h.encode(g)}}
    else:
        raise ValueError(f"unknown op {op}")
    dy = h.tensor(c["dy"], list(y.shape))
    return {"grads": grads_of(h, y, inputs, dy), "shape": list(y.shape)}


def backward(args, h):
    out = []
    for c in args["cases"]:
        try:
            out.append({"ok": True, **one(h, c)})
        except Exception as e:  # noqa: BLE001 - the test reports it
            out.append({"ok": False, "error": h.error_text(e)})
    return out
