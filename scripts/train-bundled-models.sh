#!/usr/bin/env bash
# Retrains the bundled models into resources/models/ with the recorded recipes (same seed and
# thread count give the same weights). Takes about two minutes on one core. One trainer
# thread each: on a busy machine a second Eigen thread makes training slower, not faster.
#   scripts/train-bundled-models.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -*) echo "usage: scripts/train-bundled-models.sh [build-dir]  (retrains resources/models/*.dsm)"; exit 2 ;; esac
build=${1:-build-release}
cli="$build/app/digitscope-cli"
[ -x "$cli" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target digitscope-cli; cli=build-release/app/digitscope-cli; }
scripts/fetch-mnist.sh
# Both see half of their samples restroked: thinned and redrawn with the pad's pen (core/restroke.h),
# the style of every drawing the app reads; that gained 1.5-2 points on drawn digits.
# 3b1b: the video's 784-16-16-10, with milder augmentation (16 units cannot absorb the full one:
# strength 0.4 scored best on drawn digits of strengths 0.2 to 1).
"$cli" train --data data/mnist --arch 784-16-16-10 --optimizer adam --lr 0.003 --schedule cosine \
  --epochs 60 --augment-strength 0.4 --restroke 0.5 --batch 64 --seed 1 --threads 1 \
  --out resources/models/3b1b.dsm
# accurate: the widest network the view still shows comfortably, with full augmentation.
"$cli" train --data data/mnist --arch 784-256-128-10 --optimizer adam --lr 0.002 --schedule cosine \
  --epochs 30 --restroke 0.5 --batch 64 --seed 1 --threads 1 --out resources/models/accurate.dsm
