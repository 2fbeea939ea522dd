#!/usr/bin/env bash
# Scores models on digits as people draw them on the pad: MNIST test digits traced into strokes
# and redrawn at random sizes, places, pen widths and canvas shapes (bench/tool_drawn_digits.cpp).
# Each model is scored through `digitscope-cli predict --strokes` (the app's preprocessing) and
# against a naive baseline (the whole canvas scaled to 28 x 28). Prints a markdown table.
# Builds nothing: build digitscope-cli and digitscope-drawn-digits first.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
data=$root/data/mnist
count=10000
seed=1
out=
details=0
extra=()

usage() {
    cat <<EOF
usage: scripts/eval-drawn.sh [BUILD_DIR] [options] [MODEL.dsm ...]

Scores every resources/models/*.dsm and the models given on drawn digits.

  BUILD_DIR, --build DIR  build folder with app/digitscope-cli and
                          bench/digitscope-drawn-digits (default: build/)
  --data DIR              MNIST folder (default: data/mnist)
  --count N               drawings (default: 10000, the whole MNIST test set)
  --seed N                random seed of the drawings (default: 1)
  --out DIR               keep the drawings and predictions here (default: a temporary folder)
  --details               per digit, per stroke width in the input, common mistakes
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --count) count=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --details) details=1; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
        *)
            if [[ -d $1 ]]; then build=$1; else extra+=("$1"); fi
            shift
            ;;
    esac
done

tool=$build/bench/digitscope-drawn-digits
cli=$build/app/digitscope-cli
if [[ ! -x $tool || ! -x $cli ]]; then
    echo "error: $tool or $cli is missing; build them first:" >&2
    echo "  ninja -C $build digitscope-drawn-digits digitscope-cli" >&2
    exit 1
fi

shopt -s nullglob
models=("$root"/resources/models/*.dsm)
shopt -u nullglob
models+=("${extra[@]}")
if [[ ${#models[@]} -eq 0 ]]; then
    echo "error: no models: resources/models/ has no .dsm files and none were given" >&2
    exit 1
fi
for model in "${models[@]}"; do
    [[ -f $model ]] || { echo "error: no model file $model" >&2; exit 1; }
done

if [[ -z $out ]]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

"$tool" --data "$data" --count "$count" --seed "$seed" --out-dir "$out" >&2

"$tool" --markdown-header
for i in "${!models[@]}"; do
    model=${models[$i]}
    name=$(basename "$model" .dsm)
    predictions=$out/predictions-$i-$name.jsonl
    "$cli" predict --model "$model" --strokes "$out/drawings.jsonl" >"$predictions"
    "$tool" --out-dir "$out" --score "$predictions" --name "$name"
    "$tool" --out-dir "$out" --score-naive --model "$model" --name "$name"
done
echo
echo "$count MNIST test digits traced into strokes and drawn (seed $seed): digit height" \
    "small < 40% of the canvas height <= medium < 70% <= large (up to 95%); pen per 400 px" \
    "of canvas side: thin < 10 px <= medium < 20 px <= fat (4 to 40 px, at most 30% of the" \
    "digit's height); canvas 400x400, 600x400 or 400x600. 'app (preprocess)' is" \
    "digitscope-cli predict; 'naive resize' scales the whole canvas to 28x28."

if ((details)); then
    for i in "${!models[@]}"; do
        model=${models[$i]}
        name=$(basename "$model" .dsm)
        echo
        "$tool" --out-dir "$out" --score "$out/predictions-$i-$name.jsonl" --name "$name" --details
        "$tool" --out-dir "$out" --score-tracing --model "$model" --name "$name" --data "$data"
    done
    echo
    "$tool" --out-dir "$out" --thickness --data "$data"
fi
