#!/usr/bin/env python3
"""Trains a multilayer perceptron on MNIST with PyTorch on the CPU: the anchor that
bench/compare_torch.sh sets digitscope against.

It takes the flags of `digitscope-cli train` that matter for speed and prints one JSON object
per epoch with the fields of `digitscope-cli train --json` (epoch, train_loss, test_loss,
test_accuracy, samples_per_s, elapsed_s), plus the framework and the BLAS library PyTorch
loaded, so that both sides can be parsed by the same script:

  bench/torch_mlp.py --data data/mnist --arch 784-16-16-10 --batch 32 --epochs 1 --threads 1

samples_per_s counts the training steps only (shuffling included, the test pass after each
epoch excluded), as digitscope does. `--blas` prints the BLAS report and exits.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np


def _threads_from_argv():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--threads', type=int, default=1)
    return parser.parse_known_args()[0].threads


# OpenBLAS (pthread build) sizes its own thread pool from the environment when the library is
# loaded, which torch.set_num_threads does not reach when PyTorch calls it as a generic BLAS: so
# the count is set before torch is imported.
for _name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[_name] = str(_threads_from_argv())

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


def read_idx(path):
    """An IDX file (raw or .gz) as a uint8 array: images as (n, rows*cols), labels as (n,)."""
    if not os.path.exists(path) and os.path.exists(path + '.gz'):
        with gzip.open(path + '.gz', 'rb') as f:
            raw = f.read()
    else:
        with open(path, 'rb') as f:
            raw = f.read()
    magic, count = struct.unpack('>II', raw[:8])
    if magic == 0x803:
        rows, cols = struct.unpack('>II', raw[8:16])
        return np.frombuffer(raw, np.uint8, offset=16).reshape(count, rows * cols)
    if magic == 0x801:
        return np.frombuffer(raw, np.uint8, offset=8)
    raise ValueError(f'{path}: not an IDX image or label file (magic {magic:#x})')


def blas_report():
    """Which BLAS PyTorch's float products run on. Debian builds PyTorch with BLAS_INFO=generic:
    libtorch calls the system's libblas.so.3, whose alternative is OpenBLAS, MKL or the slow
    reference implementation (libblas3), and LD_LIBRARY_PATH can swap it per process. So the
    answer is the libblas.so.* this process has mapped after a product, asked whether it is
    OpenBLAS (openblas_get_config) or MKL; other libraries mapped beside it (OpenBLAS's LAPACK
    with the reference BLAS, say) do not count."""
    import ctypes

    a = torch.ones(64, 64)
    (a @ a).sum().item()
    mapped = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            fields = line.split()
            if len(fields) >= 6:
                name = os.path.basename(fields[-1])
                if 'blas' in name or 'mkl' in name or 'lapack' in name:
                    mapped.add(fields[-1])
    config = torch.__config__.show()
    blas_info = next((part.split('=', 1)[1] for part in config.replace(',', ' ').split()
                      if part.startswith('BLAS_INFO=')), 'unknown')
    libblas = sorted(p for p in mapped if os.path.basename(p).startswith('libblas.so'))
    kind, detail = 'unknown', ''
    if blas_info == 'mkl' or any('libmkl' in os.path.basename(p) for p in mapped):
        kind = 'mkl'
    elif len(libblas) == 1:
        library = ctypes.CDLL(libblas[0])
        if hasattr(library, 'openblas_get_config'):
            library.openblas_get_config.restype = ctypes.c_char_p
            kind, detail = 'openblas', library.openblas_get_config().decode()
        elif hasattr(library, 'mkl_get_version'):
            kind = 'mkl'
        elif '/blas/' in os.path.realpath(libblas[0]):
            kind = 'reference'
    return {'kind': kind, 'detail': detail, 'blas_info': blas_info,
            'libblas': [os.path.realpath(p) for p in libblas],
            'mapped': sorted(os.path.realpath(p) for p in mapped),
            'process_threads': len(os.listdir('/proc/self/task'))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--data', default='data/mnist')
    ap.add_argument('--arch', default='784-16-16-10')
    ap.add_argument('--activation', default='relu', choices=['relu', 'sigmoid', 'tanh'])
    ap.add_argument('--optimizer', default='momentum', choices=['sgd', 'momentum', 'adam'])
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--epochs', type=int, default=1)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--train-limit', type=int, default=0)
    ap.add_argument('--no-augment', action='store_true', help='accepted for symmetry: never augments')
    ap.add_argument('--json', action='store_true', help='accepted for symmetry: always JSON')
    ap.add_argument('--blas', action='store_true', help='print the BLAS in use and exit')
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    blas = blas_report()
    if a.blas:
        print(json.dumps({'framework': 'pytorch ' + torch.__version__, 'threads': torch.get_num_threads(),
                          'blas': blas}))
        return 0

    torch.manual_seed(a.seed)
    folder = a.data.rstrip('/') + '/'
    train_x = read_idx(folder + 'train-images-idx3-ubyte')
    train_y = read_idx(folder + 'train-labels-idx1-ubyte')
    if a.train_limit > 0:
        train_x, train_y = train_x[:a.train_limit], train_y[:a.train_limit]
    x_train = torch.from_numpy(train_x.astype(np.float32) / 255)
    y_train = torch.from_numpy(train_y.astype(np.int64))
    x_test = torch.from_numpy(read_idx(folder + 't10k-images-idx3-ubyte').astype(np.float32) / 255)
    y_test = torch.from_numpy(read_idx(folder + 't10k-labels-idx1-ubyte').astype(np.int64))

    sizes = [int(s) for s in a.arch.split('-')]
    if len(sizes) < 2 or sizes[0] != x_train.shape[1]:
        raise SystemExit(f'--arch {a.arch}: the first size must be the image size {x_train.shape[1]}')
    activation = {'relu': nn.ReLU, 'sigmoid': nn.Sigmoid, 'tanh': nn.Tanh}[a.activation]
    layers = []
    for index, (inputs, outputs) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(inputs, outputs))
        if index + 2 < len(sizes):
            layers.append(activation())
    net = nn.Sequential(*layers)
    if a.optimizer == 'adam':
        optimizer = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    else:
        optimizer = torch.optim.SGD(net.parameters(), lr=a.lr,
                                    momentum=0.9 if a.optimizer == 'momentum' else 0.0)
    loss_fn = nn.CrossEntropyLoss()

    count = x_train.shape[0]
    steps = count // a.batch
    trained_s = 0.0
    for epoch in range(1, a.epochs + 1):
        net.train()
        start = time.perf_counter()
        order = torch.randperm(count)
        loss_sum = torch.zeros(())
        for step in range(steps):
            picked = order[step * a.batch:(step + 1) * a.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_train[picked]), y_train[picked])
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach()
        seconds = time.perf_counter() - start
        trained_s += seconds
        net.eval()
        with torch.no_grad():
            logits = net(x_test)
            test_loss = loss_fn(logits, y_test).item()
            accuracy = (logits.argmax(1) == y_test).float().mean().item()
        print(json.dumps({'epoch': epoch, 'train_loss': loss_sum.item() / steps, 'test_loss': test_loss,
                          'test_accuracy': accuracy, 'samples_per_s': steps * a.batch / seconds,
                          'elapsed_s': trained_s, 'framework': 'pytorch ' + torch.__version__,
                          'threads': torch.get_num_threads(), 'blas': blas['kind']}), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
