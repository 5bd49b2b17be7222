"""The Keras tutorial's recipe in PyTorch eager on the GPU, as the baseline of issue 18: SimpleRNN(128, relu) -> Dense(10)
on 60,000 samples (the shipped 10,000 digits six times), batch 64, 5 epochs, Adam(1e-3), a new permutation each epoch,
no value read back per step; after a warm-up epoch on a tenth of the data. Usage: tutorial_pytorch.py SAMPLES_DATA_DIR"""
import gzip, sys, time
import numpy as np
import torch

def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(28, 128, nonlinearity="relu", batch_first=True)
        self.dense = torch.nn.Linear(128, 10)

    def forward(self, x):
        return self.dense(self.rnn(x)[0][:, -1])

def epochs(model, optimizer, x, y, samples, count):
    for _ in range(count):
        order = torch.randperm(samples, device=x.device)
        for start in range(0, samples, 64):
            indices = order[start:start + 64]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[indices]), y[indices])
            loss.backward()
            optimizer.step()

data = sys.argv[1]
images = torch.tensor(idx(f"{data}/train-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
labels = torch.tensor(idx(f"{data}/train-labels-idx1-ubyte.gz"), dtype=torch.int64)
x = images.repeat(6, 1, 1).cuda()
y = labels.repeat(6).cuda()
torch.manual_seed(1)
model = Model().cuda()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
epochs(model, optimizer, x, y, 6400, 1)
torch.cuda.synchronize()
start = time.perf_counter()
epochs(model, optimizer, x, y, x.shape[0], 5)
torch.cuda.synchronize()
print(f"figure tutorial PyTorch eager {torch.__version__} (s): {time.perf_counter() - start:.3f}")
print(f"figure tutorial PyTorch eager, peak allocated by the caching allocator (MiB): {torch.cuda.max_memory_allocated() / 2**20:.1f}")
