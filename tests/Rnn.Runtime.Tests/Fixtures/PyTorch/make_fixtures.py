"""Writes the PyTorch fixtures the C# tests load (run from anywhere; PyTorch 1.13, Debian's python3-torch):

    /usr/bin/python3 tests/Rnn.Runtime.Tests/Fixtures/PyTorch/make_fixtures.py

For each model in models.MODELS: NAME.pt (torch.save(model.state_dict())), NAME.safetensors (the same weights) and
NAME.io.pt ({"input": x, "output": model(x)} on a fixed random batch of 3).
"""
import os

import torch

from models import MODELS, save_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    for index, (name, (cls, shape)) in enumerate(MODELS.items()):
        torch.manual_seed(1000 + index)
        model = cls().eval()
        x = torch.randn(3, *shape)
        with torch.no_grad():
            y = model(x)
        state = model.state_dict()
        torch.save(state, os.path.join(HERE, name + ".pt"))
        save_safetensors(state, os.path.join(HERE, name + ".safetensors"))
        torch.save({"input": x.clone(), "output": y.clone()}, os.path.join(HERE, name + ".io.pt"))
        print(f"{name}: {sum(t.numel() for t in state.values())} weights, output {list(y.shape)}")


if __name__ == "__main__":
    main()
