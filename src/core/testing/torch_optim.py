# Test support: torch.optim, torch.nn.utils.clip_grad_norm_ and torch.optim.lr_scheduler as the
# reference for the project's optimizers (src/core/train, src/cpu/optim). Called through
# torch_driver.py's `calls`. Configs arrive in the project's own JSON shape (OptimizerConfig,
# ScheduleConfig of src/core/train) and are mapped here onto PyTorch's classes by name only:
# nothing here re-implements an update or a schedule formula.

import warnings

import torch
from torch.optim.lr_scheduler import (CosineAnnealingLR, LambdaLR, LinearLR, SequentialLR,
                                      StepLR)


def make_optimizer(cfg, groups):
    kind = cfg["kind"]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=cfg["lr"], momentum=cfg["momentum"],
                               dampening=cfg["dampening"], weight_decay=cfg["weightDecay"],
                               nesterov=cfg["nesterov"], foreach=False)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    return cls(groups, lr=cfg["lr"], betas=tuple(cfg["betas"]), eps=cfg["eps"],
               weight_decay=cfg["weightDecay"], foreach=False)


def make_scheduler(opt, s):
    """StepLR / CosineAnnealingLR (or no change), after a LinearLR warm-up via SequentialLR."""
    if s is None:
        return None
    kind = s["kind"]
    if kind == "constant":
        main = LambdaLR(opt, lambda _: 1.0)
    elif kind == "step":
        main = StepLR(opt, step_size=s["stepSize"], gamma=s["gamma"])
    elif kind == "cosine":
        main = CosineAnnealingLR(opt, T_max=s["totalSteps"], eta_min=s.get("minLr", 0.0))
    else:
        raise ValueError(f"unknown schedule {kind}")
    w = s.get("warmup")
    if not w:
        return main
    warm = LinearLR(opt, start_factor=w["startFactor"], end_factor=1.0, total_iters=w["steps"])
    return SequentialLR(opt, schedulers=[warm, main], milestones=[w["steps"]])


def run(args, helpers):
    """`steps` optimizer steps on float32 parameters with the given gradients per step.

    args: config (OptimizerConfig), steps, params: [{data, shape, grads: [b64 per step],
    frozen, lrScale}]. Returns, per step, every parameter after it, the lr of every group before
    it and the clipping norm; and each parameter's final state."""
    cfg = args["config"]
    params, groups = [], []
    for spec in args["params"]:
        p = torch.nn.Parameter(helpers.tensor(spec["data"], spec["shape"], torch.float32))
        if spec.get("frozen"):
            p.requires_grad_(False)
        params.append(p)
        groups.append({"params": [p], "lr": cfg["lr"] * spec.get("lrScale", 1.0)})
    opt = make_optimizer(cfg, groups)
    sched = make_scheduler(opt, cfg.get("schedule"))
    trainable = [p for p, spec in zip(params, args["params"]) if not spec.get("frozen")]
    out = {"params": [], "lrs": [], "norms": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(args["steps"]):
            for p, spec in zip(params, args["params"]):
                p.grad = None if spec.get("frozen") else helpers.tensor(spec["grads"][k], spec["shape"], torch.float32)
            norm = None
            if cfg.get("clipNorm") is not None:
                norm = float(torch.nn.utils.clip_grad_norm_(trainable, cfg["clipNorm"]))
            out["lrs"].append([g["lr"] for g in opt.param_groups])
            opt.step()
            out["params"].append([helpers.encode(p) for p in params])
            out["norms"].append(norm)
            if sched is not None:
                sched.step()
    state = []
    for p in params:
        s = opt.state.get(p, {})
        state.append({k: (helpers.encode(v) if v.numel() > 1 or k != "step" else float(v))
                      for k, v in s.items() if torch.is_tensor(v)})
    out["state"] = state
    return out


def schedule(args, helpers):
    """The lr of each of `steps` consecutive steps under args.schedule from base args.lr."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=args["lr"])
    sched = make_scheduler(opt, args["schedule"])
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(args["steps"]):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            if sched is not None:
                sched.step()
    return lrs
