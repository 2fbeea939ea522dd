#!/usr/bin/python3
"""PyTorch check (CTest "RuntimeCheck.PyTorch"): MLPs trained by PyTorch, exported with
torch.onnx.export, imported by digitscope-cli convert, must predict what PyTorch predicts.

Trains two small MLPs on MNIST (one epoch and half an epoch: seconds), exports four graphs and, for
each, compares digitscope's digit with PyTorch's on all 10,000 test digits (at least 9,998
must agree; the inputs are the same float32 pixels):

  normalize-outside  Flatten of [N,1,28,28], 784-64-32-10 ReLU, logits; trained on
                     Normalize((0.1307,), (0.3081,)) pixels outside the graph, so imported
                     with --normalize 0.1307 0.3081
  normalize-inside   the same network behind (x - 0.1307) / 0.3081 in the graph (Sub, Div)
                     and with Softmax
  tanh-softmax       [N,784], 784-64-10 Tanh, Softmax
  matmul-sigmoid     the tanh network's weights as MatMul + Add (what PyTorch writes for a
                     matmul in forward) with Sigmoid outputs (an mse model)

usage: /usr/bin/python3 torch_check.py --cli CLI --predict PREDICT_RAW --data MNIST --work DIR
Run with Debian's interpreter (python3-torch); exit code 0 only if every variant agrees.
"""
import argparse
import gzip
import os
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn

MEAN, STD = 0.1307, 0.3081
REQUIRED = 9998


def read_idx(folder, name):
    for path in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    sys.exit(f"error: {folder}: no {name} (run scripts/fetch-mnist.sh)")


def pixels(images):
    # digitscope's conversion: float(pixel) * (1/255) in float32
    return images.reshape(-1, 784).astype(np.float32) * np.float32(1.0 / 255.0)


class Normalize(nn.Module):
    def forward(self, x):
        return (x - MEAN) / STD


class MatMulLinear(nn.Module):
    """A Linear written as x @ W + b: torch.onnx.export writes MatMul + Add for it."""

    def __init__(self, linear):
        super().__init__()
        self.weight = nn.Parameter(linear.weight.detach().t().contiguous())
        self.bias = nn.Parameter(linear.bias.detach().clone())

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def train(model, x, y, normalize):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    order = torch.randperm(len(x), generator=generator)
    model.train()
    for start in range(0, len(x), 128):
        batch = order[start:start + 128]
        inputs = (x[batch] - MEAN) / STD if normalize else x[batch]
        optimizer.zero_grad()
        loss_fn(model(inputs), y[batch]).backward()
        optimizer.step()
    model.eval()


def main():
    parser = argparse.ArgumentParser()
    for option in ("--cli", "--predict", "--data", "--work"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    begin = time.time()

    train_x = torch.from_numpy(pixels(read_idx(args.data, "train-images-idx3-ubyte")))
    train_y = torch.from_numpy(read_idx(args.data, "train-labels-idx1-ubyte").astype(np.int64))
    test_np = pixels(read_idx(args.data, "t10k-images-idx3-ubyte"))
    test_labels = read_idx(args.data, "t10k-labels-idx1-ubyte")
    test_x = torch.from_numpy(test_np)
    images_path = os.path.join(args.work, "t10k.f32")
    test_np.tofile(images_path)

    relu = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 32),
                         nn.ReLU(), nn.Linear(32, 10))
    train(relu, train_x.view(-1, 1, 28, 28), train_y, normalize=True)
    tanh = nn.Sequential(nn.Linear(784, 64), nn.Tanh(), nn.Linear(64, 10))
    train(tanh, train_x[:30000], train_y[:30000], normalize=False)
    trained = time.time() - begin
    cpu = time.process_time()

    images = test_x.view(-1, 1, 28, 28)
    variants = [
        # name, module to export, example input, what PyTorch computes, convert options
        ("normalize-outside", relu, images, lambda: relu((images - MEAN) / STD),
         ["--normalize", str(MEAN), str(STD)]),
        ("normalize-inside", nn.Sequential(Normalize(), relu, nn.Softmax(dim=1)), images,
         None, []),
        ("tanh-softmax", nn.Sequential(tanh, nn.Softmax(dim=1)), test_x, None, []),
        ("matmul-sigmoid",
         nn.Sequential(MatMulLinear(tanh[0]), nn.Tanh(), MatMulLinear(tanh[2]), nn.Sigmoid()),
         test_x, None, []),
    ]
    failures = 0
    for name, module, example, reference, options in variants:
        module.eval()
        with torch.no_grad():
            expected = (reference() if reference else module(example)).numpy()
        onnx_path = os.path.join(args.work, name + ".onnx")
        dsm_path = os.path.join(args.work, name + ".dsm")
        torch.onnx.export(module, example[:1], onnx_path, input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "N"}},
                          opset_version=13)
        start = time.time()
        converted = subprocess.run([args.cli, "convert", onnx_path, dsm_path] + options,
                                   capture_output=True, text=True)
        convert_ms = 1000 * (time.time() - start)
        if converted.returncode != 0:
            print(f"torch_check: {name}: convert failed: {converted.stderr.strip()}")
            failures += 1
            continue
        out_path = os.path.join(args.work, name + ".out.f32")
        subprocess.run([args.predict, dsm_path, images_path, out_path], check=True)
        ours = np.fromfile(out_path, dtype=np.float32).reshape(-1, 10)
        same = int((ours.argmax(1) == expected.argmax(1)).sum())
        accuracy = float((expected.argmax(1) == test_labels).mean())
        # Probabilities where the graph has them; for logits compare softmax(logits).
        reference_p = expected
        if name == "normalize-outside":
            reference_p = torch.softmax(torch.from_numpy(expected), 1).numpy()
        diff = float(np.abs(ours - reference_p).max())
        ok = same >= REQUIRED
        failures += 0 if ok else 1
        print(f"torch_check: {name}: same digit for {same} of {len(ours)} test digits "
              f"(need {REQUIRED}), max |p - p_torch| = {diff:.2e}, PyTorch accuracy "
              f"{100 * accuracy:.2f}%, convert {convert_ms:.0f} ms: {'ok' if ok else 'FAILED'}")
        print(f"  {converted.stdout.strip()}".replace("\n", "\n  "))
    print(f"torch_check: torch {torch.__version__}, loading and training {trained:.1f} s "
          f"({cpu:.1f} s CPU), total {time.time() - begin:.1f} s")
    print(f"torch_check: {len(variants) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
