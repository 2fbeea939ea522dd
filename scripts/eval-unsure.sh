#!/usr/bin/env bash
# The figures of the "doesn't look like a digit" answer (README, docs/figures.md section 8):
# generated non-digits flagged per family (seeds the fit never used), MNIST test digits flagged,
# the 30 writers' pen digits flagged per fold of 6 writers (each scored by a gate re-fitted
# without them, same recipe), plainly drawn 1s, 0s and 7s flagged, for the bundled gate and the
# candidates it was chosen over (a PCA density score, each bundled model's own confidence, and
# the two combined), then both bundled models' accuracy on the digits the gate passes and flags.
# About 6 minutes of CPU; --family-holdout adds a re-fit without each family (about 5 more).
#   scripts/eval-unsure.sh [build-dir] [--count N] [--family-holdout] [--gate FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-release
case "${1:-}" in ""|-*) ;; *) build=$1; shift ;; esac
tool="$build/bench/digitscope-unsure"
if [ ! -x "$tool" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target digitscope-unsure
  tool=build-release/bench/digitscope-unsure
fi
scripts/fetch-mnist.sh
"$tool" --report --data data/mnist --pen resources/pendigits/pendigits-train.jsonl.gz "$@"
