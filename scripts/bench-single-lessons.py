#!/usr/bin/env python3
"""Single-lesson benchmark: what one correction costs the rest of what a model knows.

For each bundled recipe (scripts/recipes.sh), the writer-fold models of
scripts/bench-personalise.py (5 folds of 6 of the 30 writers of the bundled pen digits; each
fold model never saw its fold's writers). The pen digits of a fold's held-out writers that its
model misreads are the lessons: up to --lessons per recipe, chosen deterministically and spread
over writers and classes (round robin over writers, within a writer over the true classes, in
file order). Each lesson is one `digitscope-cli finetune` of that single drawing from the fold
model (replay: MNIST and the fold's training writers only), then measured:
  - MNIST test accuracy before - after (points; the cost of the lesson),
  - whether the drawing is read right after the lesson (the fix),
  - the fine-tune's time (fine-tuning alone, one thread) and the process's wall time.
Prints per recipe the median, 90th percentile and worst cost, the fix rate and the times.

usage: scripts/bench-single-lessons.py [--build build-release] [--out DIR] [--recipe 3b1b]...
                                       [--lessons 120] [--jobs 2]
                                       [--finetune-args '--steps N --lr F'] [--json FILE]
Fold models are kept in DIR/RECIPE and reused (the same layout as bench-personalise.py --out).
"""
import argparse
import concurrent.futures
import importlib.util
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "bench_personalise", os.path.join(ROOT, "scripts/bench-personalise.py"))
personalise = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(personalise)
run = personalise.run


def percentile(values, share):
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def misreads(cli, model, test_file):
    """The fold's held-out pen digits its model reads wrong: (writer, position, line, label,
    read as), in file order."""
    with open(test_file) as f:
        lines = [line for line in f if line.strip()]
    read = personalise.predictions(cli, model, test_file)
    wrong = []
    for position, (line, digit) in enumerate(zip(lines, read)):
        drawing = json.loads(line)
        if digit != drawing["label"]:
            wrong.append(dict(writer=int(drawing["writer"]), position=position, line=line,
                              label=drawing["label"], read_as=digit))
    return wrong


def spread(candidates, count):
    """Up to `count` candidates, round robin over writers and, within a writer, over classes."""
    by_writer = defaultdict(lambda: defaultdict(list))
    for c in candidates:
        by_writer[c["writer"]][c["label"]].append(c)
    queues = []
    for writer in sorted(by_writer):
        classes = by_writer[writer]
        order = []
        while any(classes.values()):  # class by class, each class's drawings in file order
            for label in sorted(classes):
                if classes[label]:
                    order.append(classes[label].pop(0))
        queues.append(order)
    chosen = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


def lesson(cli, data, work, extra, item):
    prefix = os.path.join(work, f"lesson-w{item['writer']}-{item['position']}")
    with open(prefix + ".jsonl", "w") as f:
        f.write(item["line"])
    start = time.perf_counter()
    report = json.loads(run([cli, "finetune", "--model", item["model"], "--strokes",
                             prefix + ".jsonl", "--data", data, "--strokes-data", item["train"],
                             "--out", prefix + ".dsm", "--json", *extra]))
    wall = time.perf_counter() - start
    after = personalise.mnist_accuracy(cli, prefix + ".dsm", data)
    os.remove(prefix + ".dsm")
    return dict(writer=item["writer"], position=item["position"], label=item["label"],
                read_as=item["read_as"], fold=item["fold"],
                cost=100 * (item["mnist_before"] - after), fixed=report["mine_accuracy_after"] == 1,
                steps=report["steps"], finetune=report["finetune_s"], wall=wall)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-release")
    parser.add_argument("--out", default="/tmp/digitscope-lessons")
    parser.add_argument("--recipe", action="append", help="3b1b, accurate (default: both)")
    parser.add_argument("--lessons", type=int, default=120, help="lessons per recipe, at most")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="lessons (and fold models) at once")
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--finetune-args", default="",
                        help="extra finetune options, e.g. '--steps 200 --lr 3e-4'")
    parser.add_argument("--json", help="write every lesson's row here")
    args = parser.parse_args()
    cli = os.path.join(ROOT, args.build, "app/digitscope-cli")
    tool = os.path.join(ROOT, args.build, "bench/digitscope-writer-folds")
    extra = args.finetune_args.split()

    summary, all_rows = [], {}
    for name in args.recipe or ["3b1b", "accurate"]:
        out = os.path.join(args.out, name)
        models = personalise.fold_models(cli, tool, out, args.folds, args.data, name,
                                         jobs=args.jobs)
        candidates = []
        for fold, model in enumerate(models, 1):
            mnist_before = personalise.mnist_accuracy(cli, model, args.data)
            for c in misreads(cli, model, os.path.join(out, f"fold-{fold}-test.jsonl")):
                c.update(fold=fold, model=model, mnist_before=mnist_before,
                         train=os.path.join(out, f"fold-{fold}-train.jsonl"))
                candidates.append(c)
        chosen = spread(candidates, args.lessons)
        work = os.path.join(out, "lessons")
        os.makedirs(work, exist_ok=True)
        print(f"{name}: {len(candidates)} misread pen digits; {len(chosen)} lessons from "
              f"{len({c['writer'] for c in chosen})} writers", file=sys.stderr, flush=True)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            rows = list(pool.map(lambda item: lesson(cli, args.data, work, extra, item), chosen))
        elapsed = time.perf_counter() - started
        all_rows[name] = rows
        costs = [r["cost"] for r in rows]
        fixed = sum(r["fixed"] for r in rows)
        worst = max(rows, key=lambda r: r["cost"])
        summary.append(
            f"| {name} | {len(rows)} | {statistics.median(costs):.2f} | {percentile(costs, 0.9):.2f}"
            f" | {worst['cost']:.2f} (writer {worst['writer']}, {worst['label']} read as "
            f"{worst['read_as']}) | {statistics.mean(costs):.2f} | {fixed}/{len(rows)} "
            f"({100 * fixed / len(rows):.1f}%) | {statistics.median(r['steps'] for r in rows)} | "
            f"{statistics.median(r['finetune'] for r in rows):.2f} | "
            f"{statistics.median(r['wall'] for r in rows):.2f} | {elapsed:.0f} |")
        print(summary[-1], file=sys.stderr, flush=True)

    print(f"finetune options: {args.finetune_args or '(defaults)'}")
    print("| model | lessons | median cost | p90 cost | worst cost | mean cost | fixed | "
          "steps (median) | finetune s (median) | wall s (median) | run s |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(summary))
    print("(cost: MNIST test points lost; fixed: the drawing read right after its lesson)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(all_rows, f)


if __name__ == "__main__":
    main()
