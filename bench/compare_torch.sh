#!/usr/bin/env bash
# Trains the same MLP with the same settings in digitscope and in PyTorch (Debian's
# python3-torch, installed on demand) on this machine, alternating runs, and prints each
# framework's median samples/s and their ratio. Also times how long digitscope trains to
# reach 97% MNIST test accuracy.
#
#   bench/compare_torch.sh [build-dir] [runs]
# THREADS=N sets both frameworks' thread count (default: every core). Each run's figures go to
# stderr, the table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
cli="$build/app/digitscope-cli"
data=data/mnist
torch_script=../shared/bench/torch_mlp.py
[ -x "$cli" ] || { echo "error: $cli not built (run scripts/test.sh or cmake --build $build)" >&2; exit 1; }
scripts/fetch-mnist.sh
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "installing python3-torch (Debian) for the comparison"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch >/dev/null
fi
threads=${THREADS:-$(nproc)}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
field() { grep -o "\"$1\": *[-0-9.e+]*" | tail -n 1 | sed 's/.*: *//'; }

compare() {
  local arch=$1 batch=$2 lr=$3
  local ours=() theirs=()
  for ((i = 0; i < runs; i++)); do
    ours+=("$("$cli" train --data $data --arch "$arch" --batch "$batch" --optimizer momentum --lr "$lr" \
      --epochs 1 --threads "$threads" --no-augment --json | field samples_per_s)")
    theirs+=("$(/usr/bin/python3 "$torch_script" --data $data --arch "$arch" --batch "$batch" \
      --optimizer momentum --lr "$lr" --epochs 1 --threads "$threads" | field samples_per_s)")
  done
  echo "$arch batch $batch: digitscope ${ours[*]}; PyTorch ${theirs[*]} (samples/s, in run order)" >&2
  local a b
  a=$(printf '%s\n' "${ours[@]}" | median)
  b=$(printf '%s\n' "${theirs[@]}" | median)
  printf '| %s | %s | %.0f | %.0f | %.1fx |\n' "$arch" "$batch" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')"
}

echo "Training throughput, momentum SGD, 1 epoch of MNIST, $threads threads, median of $runs runs each"
echo
echo "| network | batch | digitscope samples/s | PyTorch samples/s | ratio |"
echo "| --- | --- | --- | --- | --- |"
compare 784-16-16-10 32 0.01
compare 784-128-64-10 64 0.01

echo
echo "Time to 97% MNIST test accuracy (digitscope, 784-128-10 relu, Adam lr 0.002, batch 64):"
"$cli" train --data $data --arch 784-128-10 --optimizer adam --lr 0.002 --batch 64 --epochs 4 \
  --threads "$threads" --no-augment --json |
  awk -F'[:,}]' '{for (i = 1; i < NF; i++) {if ($i ~ /test_accuracy/) acc = $(i+1); if ($i ~ /elapsed_s/) t = $(i+1)}
       printf "  epoch %d: test accuracy %.2f%% after %.2f s of training\n", NR, 100 * acc, t
       if (!done && acc >= 0.97) {printf "  -> 97%% reached after %.2f s\n", t; done = 1}}
       END {if (NR == 0) print "  no output from digitscope-cli"; else if (!done) print "  -> 97% not reached in 4 epochs"}'
