"""Writes tensors that are views of one storage with torch.save, and prints what torch.load gives for .pt files, so
that a test can compare Rnn's values with PyTorch's (PyTorch 1.13, Debian's python3-torch):

    /usr/bin/python3 torch_views.py OUT.pt [FILE.pt ...]

OUT.pt gets {"transposed", "slice", "permuted", "scalar", "whole"}: views (transposed, offset, permuted, a single
element, and the base itself) of one storage of 24 floats, as a model's tied or sliced weights are saved. Then OUT.pt
and each FILE.pt are loaded with torch.load and printed as one JSON line each:
{"file": path, "tensors": {name: {"shape": [...], "values": [...]}}}, or {"file": path, "error": "..."}.
"""
import json
import sys

import torch


def main(out, others):
    base = torch.arange(24, dtype=torch.float32) / 4
    torch.save({
        "transposed": base[:6].view(2, 3).t(),
        "slice": base[2:5],
        "permuted": base.view(2, 3, 4).permute(2, 0, 1),
        "scalar": base[7],
        "whole": base,
    }, out)
    for path in [out] + others:
        try:
            state = torch.load(path)
            tensors = {name: {"shape": list(t.shape), "values": t.contiguous().view(-1).tolist()} for name, t in state.items()}
            print(json.dumps({"file": path, "tensors": tensors}))
        except Exception as error:  # the test compares refusals too
            print(json.dumps({"file": path, "error": str(error).splitlines()[0]}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
