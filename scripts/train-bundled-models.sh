#!/usr/bin/env bash
# Retrains the bundled models into resources/models/ with the recipes of scripts/recipes.sh, on
# MNIST plus the bundled pen data (all 30 writers). The same seed and thread count give the
# same weights, bit for bit.
#   scripts/train-bundled-models.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -*) echo "usage: scripts/train-bundled-models.sh [build-dir]  (retrains resources/models/*.dsm)"; exit 2 ;; esac
build=${1:-build-release}
cli="$build/app/digitscope-cli"
[ -x "$cli" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target digitscope-cli; cli=build-release/app/digitscope-cli; }
scripts/fetch-mnist.sh
source scripts/recipes.sh
for model in 3b1b accurate; do
  declare -n recipe="recipe_$model" share="pen_share_$model"
  "$cli" train --data data/mnist "${recipe[@]}" --strokes-data "$pen_data:$share" \
    --out "resources/models/$model.dsm"
done
