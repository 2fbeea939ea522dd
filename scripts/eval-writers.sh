#!/usr/bin/env bash
# Leave-writers-out validation of a training recipe on the bundled pen digits (30 writers):
# the writers are dealt into folds (5 folds of 6 by default); for each fold a model is trained
# with the recipe on MNIST plus the other folds' writers, then scored through the app's pen path
# on the fold's writers, whom it never saw. Prints the fold mean, each fold, the median and the
# worst writer, MNIST test (fold mean) and the commonest mistakes, then the traced-MNIST measure
# (scripts/eval-drawn.sh) of the fold models. Choose recipes by these folds; the writers held
# out for the measure of record are not in the repo and must stay unseen.
# Builds nothing: build digitscope-cli, digitscope-writer-folds and digitscope-drawn-digits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/recipes.sh

build=build-release
folds=5
share=
out=
name=
drawn=10000
writers=0
jobs=1
recipe=()

usage() {
    cat <<USAGE
usage: scripts/eval-writers.sh [options] --recipe 3b1b|accurate
       scripts/eval-writers.sh [options] -- TRAIN_OPTIONS...

  --recipe NAME   a bundled model's recipe (scripts/recipes.sh)
  -- OPTIONS      any other recipe: digitscope-cli train options (not --data, --out or
                  --strokes-data: the fold's pen data is added with --share)
  --share S       the pen data's share of every batch (default: the recipe's, else 0.2)
  --build DIR     build folder (default build-release/)
  --folds N       folds (default 5: 6 writers each)
  --out DIR       keep the folds' files and models here (default: a temporary folder)
  --name NAME     the recipe's name in the table
  --drawn N       traced-MNIST drawings per fold model (default 10000; 0 skips)
  --writers       a row per writer too
  --jobs N        folds trained at once (default 1)
USAGE
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --recipe)
            declare -n chosen="recipe_$2"
            declare -n chosenShare="pen_share_$2"
            recipe=("${chosen[@]}")
            share=${share:-$chosenShare}
            name=${name:-$2}
            shift 2 ;;
        --share) share=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --folds) folds=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --name) name=$2; shift 2 ;;
        --drawn) drawn=$2; shift 2 ;;
        --writers) writers=1; shift ;;
        --jobs) jobs=$2; shift 2 ;;
        --) shift; recipe=("$@"); break ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ ${#recipe[@]} -gt 0 ]] || { echo "error: no recipe" >&2; usage >&2; exit 2; }
share=${share:-0.2}
name=${name:-recipe}

cli=$build/app/digitscope-cli
tool=$build/bench/digitscope-writer-folds
for program in "$cli" "$tool"; do
    [[ -x $program ]] || { echo "error: $program is missing; build it first" >&2; exit 1; }
done
if [[ -z $out ]]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

echo "recipe $name: ${recipe[*]} --strokes-data <fold>:$share" >&2
"$tool" split --strokes "$pen_data" --folds "$folds" --out-dir "$out" >&2
train_fold() {
    local fold=$1
    "$cli" train --data data/mnist "${recipe[@]}" --strokes-data "$out/fold-$fold-train.jsonl:$share" \
        --json --out "$out/fold-$fold.dsm" >"$out/fold-$fold-train.json"
    echo "fold $fold trained: $(tail -n 1 "$out/fold-$fold-train.json")" >&2
}
for ((fold = 1; fold <= folds; fold++)); do
    train_fold "$fold" &
    while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do wait -n; done
done
wait

args=(score --folds "$folds" --out-dir "$out" --name "$name")
((writers)) && args+=(--writers)
"$tool" "${args[@]}"
if ((drawn > 0)); then
    models=()
    for ((fold = 1; fold <= folds; fold++)); do
        cp "$out/fold-$fold.dsm" "$out/$name-fold-$fold.dsm"
        models+=("$out/$name-fold-$fold.dsm")
    done
    scripts/eval-drawn.sh "$build" --count "$drawn" "${models[@]}" >"$out/drawn.md" 2>/dev/null
    # The "all" column of each model's "app (preprocess)" row.
    awk -F'|' -v name="$name" -v count="$drawn" '
        $3 ~ /app \(preprocess\)/ {
            model = $2; gsub(/ /, "", model); value = $4; gsub(/[ %]/, "", value)
            if (index(model, name "-fold-") == 1) { sum += value; n++; folds = folds " " value "%" }
            else bundled = bundled " " model " " value "%"
        }
        END {
            printf "\ntraced MNIST (scripts/eval-drawn.sh, %d drawings): fold models%s, mean %.1f%%;", count, folds, sum / n
            printf " bundled:%s\n", bundled
        }' "$out/drawn.md"
fi
