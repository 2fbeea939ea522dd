#!/usr/bin/env python3
"""Personalisation benchmark: how well `digitscope-cli finetune` learns one writer's hand.

For each of the 30 writers of the bundled pen digits, a model that never saw that writer: the
writers are dealt into folds (5 folds of 6, as scripts/eval-writers.sh does) and one model per
fold is trained with a bundled model's recipe (scripts/recipes.sh; `accurate` unless --recipe) on
MNIST plus the other folds' writers. The writer's first 2 digits of each class (20 drawings, in file order) are the
corrections; the model is fine-tuned on them (`finetune`, replaying MNIST and the fold's
training writers only, so the writer's other digits never leak in) and scored on the writer's
other digits before and after, with MNIST test accuracy before and after and the fine-tune's
wall time (the whole process: model, MNIST and pen data loading included; one thread).

usage: scripts/bench-personalise.py [--build build-dev] [--out DIR] [--recipe accurate|3b1b]
                                   [--epochs N] [--folds 5] [--finetune-args '--steps N --lr F']
The fold models are kept in --out and reused when present (one --out per recipe).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEN = os.path.join(ROOT, "resources/pendigits/pendigits-train.jsonl.gz")


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout


def recipe(name="accurate"):
    if name not in ("accurate", "3b1b"):
        raise SystemExit(f"unknown recipe {name}: accurate or 3b1b")
    out = run(["bash", "-c", f'source scripts/recipes.sh; printf "%s\\n" "${{recipe_{name}[@]}}";'
               f' echo "$pen_share_{name}"'])
    lines = out.split("\n")[:-1]
    return lines[:-1], lines[-1]


def fold_models(cli, tool, out, folds, data, name="accurate", epochs=None, jobs=1):
    """Splits the pen digits into writer folds in `out` and trains the missing fold models
    (`jobs` at once). Returns the paths of fold-1.dsm ... fold-N.dsm."""
    os.makedirs(out, exist_ok=True)
    run([tool, "split", "--strokes", PEN, "--folds", str(folds), "--out-dir", out])
    options, share = recipe(name)
    if epochs:
        options += ["--epochs", str(epochs)]  # the last --epochs wins
    paths = [os.path.join(out, f"fold-{fold}.dsm") for fold in range(1, folds + 1)]
    missing = [(fold, path) for fold, path in enumerate(paths, 1) if not os.path.exists(path)]
    running = []
    for fold, path in missing:
        train = os.path.join(out, f"fold-{fold}-train.jsonl")
        print(f"training fold {fold} ({name}): {' '.join(options)}", file=sys.stderr)
        running.append(subprocess.Popen(
            [cli, "train", "--data", data, *options, "--strokes-data", f"{train}:{share}",
             "--out", path + ".part"], cwd=ROOT, stdout=subprocess.DEVNULL))
        if len(running) >= jobs:
            if running.pop(0).wait() != 0:
                raise SystemExit("training a fold model failed")
    for process in running:
        if process.wait() != 0:
            raise SystemExit("training a fold model failed")
    for _, path in missing:
        os.replace(path + ".part", path)
    return paths


def predictions(cli, model, strokes):
    out = run([cli, "predict", "--model", model, "--strokes", strokes])
    return [json.loads(line)["digit"] for line in out.splitlines()]


def mnist_accuracy(cli, model, data):
    return json.loads(run([cli, "eval", "--data", data, "--model", model, "--json"]))["accuracy"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-dev")
    parser.add_argument("--out", default="/tmp/digitscope-personalise")
    parser.add_argument("--recipe", default="accurate", help="fold models' recipe: accurate, 3b1b")
    parser.add_argument("--epochs", type=int, help="fold models' epochs (default: the recipe's)")
    parser.add_argument("--jobs", type=int, default=1, help="fold models trained at once")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--finetune-args", default="",
                        help="extra finetune options, e.g. '--steps 200 --lr 3e-4'")
    args = parser.parse_args()
    cli = os.path.join(ROOT, args.build, "app/digitscope-cli")
    tool = os.path.join(ROOT, args.build, "bench/digitscope-writer-folds")
    bases = fold_models(cli, tool, args.out, args.folds, args.data, args.recipe, args.epochs,
                        args.jobs)

    rows = []
    for fold, base in enumerate(bases, 1):
        train = os.path.join(args.out, f"fold-{fold}-train.jsonl")
        mnist_before = mnist_accuracy(cli, base, args.data)
        by_writer = defaultdict(list)
        with open(os.path.join(args.out, f"fold-{fold}-test.jsonl")) as f:
            for line in f:
                if line.strip():
                    by_writer[json.loads(line)["writer"]].append(line)
        for writer, lines in sorted(by_writer.items(), key=lambda w: int(w[0])):
            seen, mine, rest = defaultdict(int), [], []
            for line in lines:
                label = json.loads(line)["label"]
                (mine if seen[label] < 2 else rest).append(line)
                seen[label] += 1
            prefix = os.path.join(args.out, f"writer-{writer}")
            with open(prefix + "-mine.jsonl", "w") as f:
                f.writelines(mine)
            with open(prefix + "-rest.jsonl", "w") as f:
                f.writelines(rest)
            labels = [json.loads(line)["label"] for line in rest]
            before = predictions(cli, base, prefix + "-rest.jsonl")
            start = time.perf_counter()
            report = json.loads(run([cli, "finetune", "--model", base, "--strokes",
                                     prefix + "-mine.jsonl", "--data", args.data,
                                     "--strokes-data", train, "--out", prefix + ".dsm",
                                     "--json", *args.finetune_args.split()]))
            wall = time.perf_counter() - start
            after = predictions(cli, prefix + ".dsm", prefix + "-rest.jsonl")
            score = lambda p: sum(a == b for a, b in zip(p, labels)) / len(labels)
            row = dict(writer=int(writer), fold=fold, corrections=len(mine), rest=len(rest),
                       before=score(before), after=score(after), mnist_before=mnist_before,
                       mnist_after=mnist_accuracy(cli, prefix + ".dsm", args.data), wall=wall,
                       finetune=report["finetune_s"])
            rows.append(row)
            print(f"writer {writer:>2} (fold {fold}): {100 * row['before']:6.2f}% -> "
                  f"{100 * row['after']:6.2f}% on {len(rest)} digits; MNIST "
                  f"{100 * mnist_before:.2f}% -> {100 * row['mnist_after']:.2f}%; "
                  f"finetune {wall:.2f} s wall", file=sys.stderr, flush=True)

    print("| writer | fold | before | after | MNIST before | MNIST after | finetune s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in sorted(rows, key=lambda r: r["writer"]):
        print(f"| {r['writer']} | {r['fold']} | {100 * r['before']:.2f}% | {100 * r['after']:.2f}% "
              f"| {100 * r['mnist_before']:.2f}% | {100 * r['mnist_after']:.2f}% | {r['wall']:.2f} |")
    med = lambda key: 100 * statistics.median(r[key] for r in rows)
    worst = lambda key: 100 * min(r[key] for r in rows)
    drops = [100 * (r["mnist_before"] - r["mnist_after"]) for r in rows]
    walls = [r["wall"] for r in rows]
    print(f"\nwriters {len(rows)}; median writer {med('before'):.2f}% -> {med('after'):.2f}% "
          f"(target >= 99.5%); worst {worst('before'):.2f}% -> {worst('after'):.2f}% "
          f"(target >= 97%)")
    print(f"MNIST test drop: median {statistics.median(drops):.2f}, largest {max(drops):.2f} points "
          f"(target <= 0.3)")
    print(f"finetune wall (20 drawings, loading included): median {statistics.median(walls):.2f} s,"
          f" largest {max(walls):.2f} s (target <= 3 s); fine-tuning alone median "
          f"{statistics.median(r['finetune'] for r in rows):.2f} s")


if __name__ == "__main__":
    main()
