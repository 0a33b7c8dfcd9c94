# Test support: saliency and Grad-CAM under real PyTorch autograd, the reference of the app's
# explanations (src/cpu/explain, src/gpu/explain). Called through torch_driver.py's `calls` as
# {"module": "torch_explain", "fn": "explain", "args": {...}}.
#
# The network arrives as the app's own PyTorch export, its parameters as the app's float32
# values (one dict per module holding any, in layer order), in float64 and eval() mode (batch
# norm with its running statistics). The explained score is the class's logit: a final
# nn.Softmax is replaced by nn.Identity, as the app explains the pre-softmax score. Nothing
# here knows the project's own formulas: gradients are autograd's, Grad-CAM is written out from
# Selvaraju et al. 2017 and upsampled by F.interpolate.

import copy

import torch
import torch.nn.functional as F

from torch_train import build, drop_final_softmax


def explain(args, helpers):
    """args: code, dropSoftmax, layers ([{params}] per module holding parameters, in order),
    x (base64 float32 [1, C, H, W]) and shape, cls, noisy (optional base64 float32 [n, C, H, W]
    and noisyShape: SmoothGrad's copies), cam (optional index into the modules holding
    parameters: Grad-CAM at that module's output).
    Returns float64: scores, grad (∂score/∂x), smooth (the mean gradient over the noisy copies),
    and for Grad-CAM: weights (pooled gradients), cam (ReLU(Σ α_k A_k)), up (cam upsampled to
    the input bilinearly, align_corners=False)."""
    base = build(args["code"])
    x = helpers.tensor(args["x"], args["shape"], torch.float64)
    if args.get("dropSoftmax"):
        drop_final_softmax(base, x.float())
    model = copy.deepcopy(base).double().eval()
    helpers.load_params(model, [layer["params"] for layer in args["layers"]])
    out = {}

    captured = {}
    if args.get("cam") is not None:
        _, module = helpers.holders(model)[args["cam"]]

        def hook(m, i, o):
            o.retain_grad()
            captured["a"] = o

        handle = module.register_forward_hook(hook)
    xg = x.clone().requires_grad_(True)
    scores = model(xg).flatten(1)
    scores[0, args["cls"]].backward()
    out["scores"] = helpers.encode(scores[0])
    out["grad"] = helpers.encode(xg.grad[0])
    if captured:
        handle.remove()
        a = captured["a"].detach()[0]
        g = captured["a"].grad[0]
        weights = g.mean(dim=(1, 2))
        cam = F.relu((weights[:, None, None] * a).sum(0))
        up = F.interpolate(cam[None, None], size=tuple(x.shape[2:]), mode="bilinear",
                           align_corners=False)[0, 0]
        out["weights"] = helpers.encode(weights)
        out["cam"] = helpers.encode(cam)
        out["up"] = helpers.encode(up)
    if args.get("noisy"):
        xs = helpers.tensor(args["noisy"], args["noisyShape"], torch.float64).requires_grad_(True)
        model(xs).flatten(1)[:, args["cls"]].sum().backward()
        out["smooth"] = helpers.encode(xs.grad.mean(0))
    return out
