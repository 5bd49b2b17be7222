"""Checks weights that Rnn (C#) wrote: PyTorch loads them and reproduces Rnn's outputs.

    /usr/bin/python3 check_weights.py DIR NAME...

For each NAME (a key of models.MODELS), DIR holds NAME.pt written by model.SaveWeights("NAME.pt"), NAME.safetensors
written by model.SaveWeights("NAME.safetensors"), and NAME.io.pt with {"input": x, "output": Rnn's Forward(x)}.
Both weight files must load with load_state_dict(strict=True) and give Rnn's output within 1e-5. Exit status 1 on any
failure; every model is reported.
"""
import os
import sys

import torch

from models import MODELS, load_safetensors

TOLERANCE = 1e-5


def check(directory, name):
    cls, _ = MODELS[name]
    io = torch.load(os.path.join(directory, name + ".io.pt"))
    failures = []
    for kind, load in (("pt", torch.load), ("safetensors", load_safetensors)):
        model = cls().eval()
        model.load_state_dict(load(os.path.join(directory, f"{name}.{kind}")), strict=True)
        with torch.no_grad():
            output = model(io["input"])
        if output.shape != io["output"].shape:
            failures.append(f"{name}.{kind}: output {list(output.shape)}, Rnn gave {list(io['output'].shape)}")
            continue
        difference = (output - io["output"]).abs().max().item()
        print(f"{name}.{kind}: loaded strictly, max |PyTorch - Rnn| = {difference:.3g}")
        if not difference <= TOLERANCE:
            failures.append(f"{name}.{kind}: max difference {difference} > {TOLERANCE}")
    return failures


def main(directory, names):
    failures = []
    for name in names:
        try:
            failures += check(directory, name)
        except Exception as error:  # report every model, then fail
            failures.append(f"{name}: {type(error).__name__}: {error}")
    for failure in failures:
        print("FAIL " + failure)
    print(f"torch {torch.__version__}: {len(names) - len({f.split('.')[0].split(':')[0] for f in failures})} of {len(names)} models match")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
