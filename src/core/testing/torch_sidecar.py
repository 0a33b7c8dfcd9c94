# Test support for the driver's `calls` (torch_driver.py): an exported PyTorch script run with its
# weights file, as a user runs it — the file beside the script or named by --weights — in this
# process (runpy, sys.argv set as the command line would), then its model on the test's input.
# `cli` also runs `python script.py --weights FILE` as a real subprocess and returns its output.

import base64
import contextlib
import io
import os
import runpy
import subprocess
import sys
import tempfile

import torch


def run(args, helpers):
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "model.py")
        with open(script, "w") as f:
            f.write(args["code"])
        weights = os.path.join(tmp, "model.safetensors" if args["beside"] else "chosen.safetensors")
        with open(weights, "wb") as f:
            f.write(base64.b64decode(args["weights"]))
        argv = [script] if args["beside"] else [script, "--weights", weights]
        out = io.StringIO()
        saved = sys.argv
        sys.argv = argv
        try:
            with contextlib.redirect_stdout(out):
                g = runpy.run_path(script, run_name="__main__")
        finally:
            sys.argv = saved
        model = g["model"].eval()
        x = helpers.tensor(args["input"], args["shape"], torch.float32)
        with torch.no_grad():
            y = model(x)
        printed = out.getvalue().splitlines()
        res = {"printed": [line.replace(tmp, "<dir>") for line in printed], "output": helpers.encode(y)}
        if args.get("cli"):
            done = subprocess.run([sys.executable, script, "--weights", weights], capture_output=True,
                                  text=True, timeout=120, cwd=tmp)
            res["cli"] = {"code": done.returncode, "stdout": done.stdout.replace(tmp, "<dir>"),
                          "stderr": done.stderr[-2000:]}
        return res
