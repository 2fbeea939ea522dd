#!/usr/bin/env bash
# Re-fits the digit gate behind "doesn't look like a digit" into resources/gate/digit_gate.dsm:
# a 784-64-2 network, digit or not, on MNIST's training digits (as they are and restroked), the
# 30 writers' pen digits and generated non-digits (core/augment/non_digits.h), threshold set on MNIST
# training digits it was not fitted on. It reads no classifier's weights, so retrained bundled
# models need no re-fit; re-fit after changing the pen path (core/input/pen.cpp, core/input/preprocess.cpp),
# the pen data or the generator, then run scripts/eval-unsure.sh. Same data and seed give the
# same weights. About a minute of CPU (two on a busy machine).
#   scripts/fit-digit-gate.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -*) echo "usage: scripts/fit-digit-gate.sh [build-dir]  (re-fits resources/gate/digit_gate.dsm)"; exit 2 ;; esac
build=${1:-build-release}
tool="$build/bench/digitscope-unsure"
if [ ! -x "$tool" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target digitscope-unsure
  tool=build-release/bench/digitscope-unsure
fi
scripts/fetch-mnist.sh
"$tool" --fit resources/gate/digit_gate.dsm --data data/mnist \
  --pen resources/pendigits/pendigits-train.jsonl.gz
echo "rebuild to compile the new gate in (cmake --build --preset release)"
