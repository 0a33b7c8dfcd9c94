# Test support: a whole training step of an exported network under real PyTorch, the reference of
# the app's training step (src/cpu/train). Called through torch_driver.py's `calls` as
# {"module": "torch_train", "fn": "step", "args": {...}}.
#
# The network arrives as the app's own PyTorch export (src/core/pytorch.ts), its parameters as
# the app's float32 values, one dict per layer that has any, in layer order (the export declares
# their modules in that order: the driver's holders()). The model is put in train() mode (batch
# norm normalizes with the batch's statistics and updates its running ones); the network's final
# softmax, when asked, is replaced by nn.Identity (the app fuses it into the loss, as
# F.cross_entropy expects logits); the loss is F.cross_entropy, the batch's mean. Dropout masks
# cannot match: the networks have none, or p = 0. Optimizers are torch.optim's on float32
# parameters, mapped from the app's configs by torch_optim.make_optimizer (each config's lr
# throughout: no schedule); clipping by clip_grad_norm_. Nothing here knows the project's own
# formulas.

import copy

import torch
import torch.nn.functional as F
from torch import nn

import torch_optim

# torch attribute → the app's field, per kind of module (weight/bias of a norm are γ/β).
NORMS = (nn.BatchNorm2d, nn.BatchNorm1d, nn.LayerNorm)


def field(module, attr):
    if isinstance(module, NORMS):
        return {"weight": "gamma", "bias": "beta", "running_mean": "runningMean",
                "running_var": "runningVar"}[attr]
    return attr


def build(code):
    """The exported script's `model`, without running its __main__ block."""
    g = {"__name__": "exported"}
    exec(compile(code, "<exported>", "exec"), g)  # noqa: S102 - the app's own export
    return g["model"]


def drop_final_softmax(model, x):
    """Replaces the module computing the model's output, which must be nn.Softmax, by Identity."""
    calls = []
    hooks = [m.register_forward_hook(lambda m, i, o, name=name: calls.append((name, m, o)))
             for name, m in model.named_modules() if name != "" and len(list(m.children())) == 0]
    try:
        with torch.no_grad():
            y = model.eval()(x)
    finally:
        for h in hooks:
            h.remove()
    name, last, out = calls[-1]
    if not isinstance(last, nn.Softmax) or out is not y:
        raise RuntimeError(f"the model's output is not a final nn.Softmax's (last: {name})")
    parent, _, attr = name.rpartition(".")
    setattr(model.get_submodule(parent), attr, nn.Identity())


def named_tensors(model, ids, helpers):
    """The app's name ('<layer id>.<field>') of every parameter and buffer, with the tensor."""
    found = helpers.holders(model)
    if len(found) != len(ids):
        raise RuntimeError(f"{len(found)} modules hold parameters, {len(ids)} layer ids given")
    out = []
    for layer_id, (_, m) in zip(ids, found):
        for attr, t in [*m.named_parameters(recurse=False), *m.named_buffers(recurse=False)]:
            if t.is_floating_point():
                out.append((f"{layer_id}.{field(m, attr)}", t, isinstance(t, nn.Parameter)))
    return out


def loss_of(model, x, labels):
    logits = model(x)
    if logits.dim() > 2:
        logits = logits.flatten(1)  # [N, K, 1, 1] logits, as the app accepts them
    return F.cross_entropy(logits, labels)


def gradients(base, ids, params, batch, dtype, helpers):
    model = copy.deepcopy(base).to(dtype).train()
    helpers.load_params(model, params)
    x = helpers.tensor(batch["x"], batch["shape"], dtype)
    labels = torch.tensor(batch["labels"], dtype=torch.long)
    loss = loss_of(model, x, labels)
    loss.backward()
    names = named_tensors(model, ids, helpers)
    return {
        "loss": float(loss),
        "grads": {n: helpers.encode(t.grad) for n, t, p in names if p and t.grad is not None},
        # Parameters without a gradient: the frozen ones (or any the loss does not reach).
        "noGrad": [n for n, t, p in names if p and t.grad is None],
        # The running statistics after this training-mode forward.
        "buffers": {n: helpers.encode(t) for n, t, p in names if not p},
    }


def steps(base, ids, params, batches, cfg, helpers):
    """len(batches) training steps of float32 parameters under torch.optim. Each step's gradients
    are float64 autograd's at the current float32 values, rounded to float32 (a float32 backward
    is itself off by ~1e-6 of its tensor's largest gradient, 1e-4 of a small one: no reference
    for a 1e-5 check); the running statistics likewise. The optimizer's own arithmetic is
    float32, as the app's."""
    model = copy.deepcopy(base).float().train()
    helpers.load_params(model, params)
    opt = torch_optim.make_optimizer(cfg, [{"params": list(model.parameters()), "lr": cfg["lr"]}])
    out = []
    for batch in batches:
        exact = copy.deepcopy(model).double().train()
        x = helpers.tensor(batch["x"], batch["shape"], torch.float64)
        labels = torch.tensor(batch["labels"], dtype=torch.long)
        loss = loss_of(exact, x, labels)
        loss.backward()
        # PyTorch's own float32 backward at the same values: how far float32 gets here.
        single = copy.deepcopy(model).train()
        loss_of(single, x.float(), labels).backward()
        err32 = {n: float((a.grad.double() - b.grad).abs().max())
                 for (n, a, p), (_, b, _) in zip(named_tensors(single, ids, helpers),
                                                 named_tensors(exact, ids, helpers))
                 if p and a.grad is not None}
        with torch.no_grad():
            for p, q in zip(model.parameters(), exact.parameters()):
                p.grad = None if q.grad is None else q.grad.float()
            for b, c in zip(model.buffers(), exact.buffers()):
                b.copy_(c)
        if cfg.get("clipNorm") is not None:
            torch.nn.utils.clip_grad_norm_(list(model.parameters()), cfg["clipNorm"])
        opt.step()
        named = named_tensors(model, ids, helpers)
        out.append({"loss": float(loss),
                    "err32": err32,
                    "grads": {n: helpers.encode(t.grad) for n, t, p in named if p and t.grad is not None},
                    "after": {n: helpers.encode(t) for n, t, _ in named}})
    return out


def step(args, helpers):
    """One network's training step under PyTorch.

    args: code (the exported script), dropSoftmax (the network ends in a softmax the loss
    fuses), layers ([{id, params: {field: base64 float32}}] for every layer with parameters, in
    layer order), frozen (layer ids whose parameters are not trained), batches ([{x: base64
    float32, shape, labels}]), optimizers ([{config, steps}]: the app's OptimizerConfig JSON, its
    lr throughout, on the first `steps` batches).
    Returns float64 (and float32) on the first batch: loss, every parameter's gradient and the
    running statistics after the forward, by the app's names ('<layer id>.<field>'); and per
    optimizer, per batch's step (see steps()): the loss, the gradients it used (after clipping),
    the largest error of PyTorch's float32 gradients at the same values, per tensor, and every
    parameter and buffer after the step.
    """
    torch.manual_seed(0)
    base = build(args["code"])
    ids = [layer["id"] for layer in args["layers"]]
    params = [layer["params"] for layer in args["layers"]]
    first = args["batches"][0]
    if args.get("dropSoftmax"):
        drop_final_softmax(base, helpers.tensor(first["x"], first["shape"], torch.float32))
    frozen = set(args.get("frozen", []))
    for layer_id, (_, m) in zip(ids, helpers.holders(base)):
        if layer_id in frozen:
            m.requires_grad_(False)  # no gradient, no update; batch norm still in train mode
    return {
        "f64": gradients(base, ids, params, first, torch.float64, helpers),
        "f32": gradients(base, ids, params, first, torch.float32, helpers),
        "steps": [steps(base, ids, params, args["batches"][:run["steps"]], run["config"], helpers)
                  for run in args.get("optimizers", [])],
    }
