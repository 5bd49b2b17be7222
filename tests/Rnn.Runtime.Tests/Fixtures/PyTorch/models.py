"""PyTorch equivalents of the Rnn test models whose weights cross between C# and PyTorch.

Each class has the Rnn model's layer names as attributes, so its state_dict names (simple_rnn.weight_ih_l0,
dense.weight, ...) and shapes are those Rnn's SaveWeights writes and LoadWeights reads. Rnn's recurrent layers are
torch.nn.RNN/LSTM/GRU with batch_first=True; a layer without ReturnSequences gives the last step, which for a
bidirectional layer is the final state of each direction: cat(h_n[0], h_n[1]).
"""
import json
import struct

import torch
from torch import nn


class SeedModel(nn.Module):
    """[Input(28, 28)] [SimpleRnn(128, Activation.Relu)] [Dense(10)]"""

    def __init__(self):
        super().__init__()
        self.simple_rnn = nn.RNN(28, 128, nonlinearity="relu", batch_first=True)
        self.dense = nn.Linear(128, 10)

    def forward(self, x):
        sequence, _ = self.simple_rnn(x)
        return self.dense(sequence[:, -1])


class LstmModel(nn.Module):
    """[Input(12, 5)] [Lstm(20)] [Dense(3, Activation.Softmax)]"""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 20, batch_first=True)
        self.dense = nn.Linear(20, 3)

    def forward(self, x):
        sequence, _ = self.lstm(x)
        return torch.softmax(self.dense(sequence[:, -1]), dim=-1)


class GruSequences(nn.Module):
    """[Input(9, 7)] [Gru(11, ReturnSequences = true)] [Dense(6, Activation.Tanh)]: Dense on every step."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(7, 11, batch_first=True)
        self.dense = nn.Linear(11, 6)

    def forward(self, x):
        sequence, _ = self.gru(x)
        return torch.tanh(self.dense(sequence))


class StackedModel(nn.Module):
    """[Input(28, 28)] [SimpleRnn(32, ReturnSequences = true)] [Lstm(24, ReturnSequences = true)] [Gru(16)]
    [Dense(8, Activation.Relu)] [Dense(10)]"""

    def __init__(self):
        super().__init__()
        self.simple_rnn = nn.RNN(28, 32, batch_first=True)
        self.lstm = nn.LSTM(32, 24, batch_first=True)
        self.gru = nn.GRU(24, 16, batch_first=True)
        self.dense = nn.Linear(16, 8)
        self.dense_1 = nn.Linear(8, 10)

    def forward(self, x):
        x, _ = self.simple_rnn(x)
        x, _ = self.lstm(x)
        x, _ = self.gru(x)
        return self.dense_1(torch.relu(self.dense(x[:, -1])))


class BidirectionalLstm(nn.Module):
    """[Input(10, 6)] [Lstm(8, Bidirectional, MergeMode.Concat)] [Dense(4)]: each direction's final state, concatenated."""

    def __init__(self):
        super().__init__()
        self.bidirectional = nn.LSTM(6, 8, batch_first=True, bidirectional=True)
        self.dense = nn.Linear(16, 4)

    def forward(self, x):
        _, (final, _) = self.bidirectional(x)
        return self.dense(torch.cat([final[0], final[1]], dim=-1))


# name -> (class, input shape without the batch)
MODELS = {
    "SeedModel": (SeedModel, (28, 28)),
    "LstmModel": (LstmModel, (12, 5)),
    "GruSequences": (GruSequences, (9, 7)),
    "StackedModel": (StackedModel, (28, 28)),
    "BidirectionalLstm": (BidirectionalLstm, (10, 6)),
}

# The safetensors format (https://huggingface.co/docs/safetensors), written out here from its specification because
# Debian 12 packages no `safetensors` module: 8-byte little-endian header length, a JSON header mapping each name to
# dtype, shape and [begin, end) byte offsets into the data that follows, then the data, row-major little-endian.
_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
           "BOOL": torch.bool}


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length].decode("utf-8"))
    body = data[8 + length:]
    tensors = {}
    end_of_data = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        end_of_data = max(end_of_data, end)
        tensor = torch.frombuffer(bytearray(body[begin:end]), dtype=_DTYPES[entry["dtype"]])
        tensors[name] = tensor.reshape(entry["shape"]).clone()
    if end_of_data != len(body):
        raise ValueError(f"{path}: the data is {len(body)} bytes, but the tensors end at byte {end_of_data}")
    return tensors


def save_safetensors(tensors, path):
    names = {dtype: name for name, dtype in _DTYPES.items()}
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        raw = tensor.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": names[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the specification allows padding the header with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)
