#!/usr/bin/env bash
# Trains the same MLP with the same settings in digitscope and in PyTorch (bench/torch_mlp.py, on
# Debian's python3-torch) on this machine, one thread each, alternating runs, and prints each
# side's median samples/s and their ratio, next to the single-thread Eigen sgemm ceiling of this
# run and the share of it each side reaches. Then the time each takes to reach 97% MNIST test
# accuracy.
#
#   bench/compare_torch.sh [build-dir] [runs] [mode]
#
# build-dir: a build with digitscope-cli and digitscope_core_bench (default build-release, the
# shipped x86-64-v3 build); runs: runs per side (default 5); mode: all (default), throughput or
# time97. Each run's figures go to stderr, the tables to stdout.
#
# PyTorch's float products go to the system's BLAS (libblas.so.3). On the reference BLAS
# (Debian's libblas3) PyTorch is several times slower than its users see it, so the script
# prints which BLAS PyTorch loaded and refuses to print a ratio unless it is an optimised one
# (OpenBLAS or MKL): scripts/setup.sh installs libopenblas0-pthread.
#
# Share of the ceiling: a training step costs 6 floating-point operations per weight per sample
# (the forward product 1 multiply-add, the backward products 2: the weights' gradient and the
# previous layer's delta), less 2 per weight of the first layer, whose delta (the input image's
# gradient) neither side computes; samples/s times that is the step's GFLOP/s. The ceiling is
# Eigen's float product of two 1024 x 1024 matrices on one thread (bench/core_bench.cpp,
# eigenSgemm): what one core can do on this CPU in this build, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
runs=${2:-5}
mode=${3:-all}
cli="$build/app/digitscope-cli"
bench="$build/bench/digitscope_core_bench"
data=data/mnist
torch_script=bench/torch_mlp.py
python=/usr/bin/python3
for program in "$cli" "$bench"; do
  [ -x "$program" ] || { echo "error: $program not built (cmake --preset release && cmake --build $build)" >&2; exit 1; }
done
scripts/fetch-mnist.sh >/dev/null
if ! $python -c "import torch" 2>/dev/null; then
  echo "error: PyTorch missing (scripts/setup.sh installs python3-torch and libopenblas0-pthread)" >&2
  exit 1
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# The last value of a JSON field in a stream of one-object-per-line output.
field() { grep -o "\"$1\": *[-0-9.e+]*" | tail -n 1 | sed 's/.*: *//'; }

echo "# digitscope against PyTorch, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
echo "- digitscope: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt"), -march $(sed -n 's/^DIGITSCOPE_ARCH:[A-Z]*=//p' "$build/CMakeCache.txt"))"

# --- which BLAS PyTorch runs on ----------------------------------------------------------------
blas_json=$($python "$torch_script" --blas --threads 1)
blas_kind=$(echo "$blas_json" | $python -c 'import json, sys; print(json.load(sys.stdin)["blas"]["kind"])')
echo "- PyTorch: $(echo "$blas_json" | $python -c '
import json, sys
r = json.load(sys.stdin)
b = r["blas"]
libblas = ", ".join(b["libblas"]) or "no libblas.so mapped"
others = ", ".join(p for p in b["mapped"] if p not in b["libblas"]) or "none"
detail = " [" + b["detail"] + "]" if b["detail"] else ""
print("%s, %d thread; BLAS: %s%s, from %s (BLAS_INFO=%s; also mapped: %s)" % (r["framework"], r["threads"], b["kind"], detail, libblas, b["blas_info"], others))')"
echo "- libblas.so.3 resolves to $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo '(none)')"
ratio_allowed=1
case $blas_kind in
  openblas | mkl) ;;
  *)
    ratio_allowed=0
    echo
    echo "REFUSED: PyTorch runs on the $blas_kind BLAS, not an optimised one; a ratio against it"
    echo "would flatter digitscope. Install libopenblas0-pthread (scripts/setup.sh) and rerun."
    ;;
esac

# --- the single-thread sgemm ceiling ----------------------------------------------------------
# One measurement: "wall-clock-GFLOP/s CPU-time-GFLOP/s". Wall-clock is what the training runs
# see on a shared machine (waiting for a core included), CPU time what the core did meanwhile;
# compare() measures it between its training runs, so that both see the same load.
sgemm() {
  "$bench" --benchmark_filter='^eigenSgemm/1024$' --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null |
    $python -c '
import json, sys
r = json.load(sys.stdin)["benchmarks"][0]
scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[r["time_unit"]]
flops = 2 * 1024 ** 3
print("%.1f %.1f" % (flops / (r["real_time"] * scale) / 1e9, flops / (r["cpu_time"] * scale) / 1e9))'
}

# Floating-point operations of one training step per sample: the forward products (2 per
# weight), the weights' gradients (2 per weight) and the deltas passed down (2 per weight of
# every layer but the first: neither side computes the gradient of the input image).
step_flops() { echo "$1" | awk -F- '{w = 0; for (i = 1; i < NF; i++) w += $i * $(i+1); print 6 * w - 2 * $1 * $2}'; }

compare() {
  local arch=$1 batch=$2 lr=$3 step_bench=$4
  local ours=() theirs=() walls=() cpus=() i a b f cw cc wall cpu
  for ((i = 0; i < runs; i++)); do
    ours+=("$("$cli" train --data $data --arch "$arch" --batch "$batch" --optimizer momentum --lr "$lr" \
      --epochs 1 --threads 1 --no-augment --json | field samples_per_s)")
    theirs+=("$($python "$torch_script" --data $data --arch "$arch" --batch "$batch" \
      --optimizer momentum --lr "$lr" --epochs 1 --threads 1 | field samples_per_s)")
    read -r wall cpu < <(sgemm)
    walls+=("$wall")
    cpus+=("$cpu")
  done
  echo "$arch batch $batch: digitscope ${ours[*]}; PyTorch ${theirs[*]} (samples/s, in run order); sgemm ceiling ${walls[*]} GFLOP/s wall, ${cpus[*]} CPU" >&2
  a=$(printf '%s\n' "${ours[@]}" | median)
  b=$(printf '%s\n' "${theirs[@]}" | median)
  cw=$(printf '%s\n' "${walls[@]}" | median)
  cc=$(printf '%s\n' "${cpus[@]}" | median)
  f=$(step_flops "$arch")
  # The training step alone (no data gathering), CPU time: bench/core_bench.cpp trainingStep.
  local step
  step=$("$bench" --benchmark_filter="^trainingStep/$step_bench/batch:$batch/threads:1\$" \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null |
    $python -c '
import json, sys
r = [b for b in json.load(sys.stdin)["benchmarks"] if b.get("aggregate_name") == "median"][0]
print("%.0f" % r["items_per_second"])')
  awk -v arch="$arch" -v batch="$batch" -v a="$a" -v b="$b" -v f="$f" -v cw="$cw" \
    -v cc="$cc" -v step="$step" -v allowed="$ratio_allowed" 'BEGIN {
      ga = f * a / 1e9; gb = f * b / 1e9; gs = f * step / 1e9
      ratio = allowed ? sprintf("%.1fx", a / b) : "refused"
      printf "| %s | %d | %.0f k | %.0f k | %s | %.1f / %.1f | %.1f (%.0f%%) | %.1f (%.0f%%) | %.0f k, %.1f (%.0f%%) |\n",
        arch, batch, a / 1e3, b / 1e3, ratio, cw, cc, ga, 100 * ga / cw, gb, 100 * gb / cw, step / 1e3, gs, 100 * gs / cc
    }'
}

if [ "$mode" = all ] || [ "$mode" = throughput ]; then
  echo
  echo "Training throughput: momentum SGD (lr 0.01), 1 epoch of MNIST, no augmentation, 1 thread"
  echo "each side, $runs alternating runs each with the sgemm ceiling measured between them, medians."
  echo "GFLOP/s = step FLOPs per sample x samples/s, and its share of the wall-clock ceiling; the last"
  echo "column is digitscope's step alone (forward, backward, optimiser on one batch, no data"
  echo "gathering: trainingStep in digitscope_core_bench), CPU time, against the CPU-time ceiling."
  echo
  echo "| network | batch | digitscope samples/s | PyTorch samples/s | ratio | sgemm ceiling GFLOP/s wall / CPU | digitscope GFLOP/s (share) | PyTorch GFLOP/s (share) | step alone: samples/s, GFLOP/s (share) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  compare 784-16-16-10 32 0.01 784_16_16_10
  compare 784-128-64-10 64 0.01 784_128_64_10
fi

# --- time to 97% ------------------------------------------------------------------------------
time97() {  # stdin: one JSON object per epoch; prints the training seconds at 97%, or nan
  $python -c '
import json, sys
reached = "nan"
for line in sys.stdin:  # read to the end, so that the trainer never writes into a closed pipe
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line)
        if reached == "nan" and r["test_accuracy"] >= 0.97:
            reached = r["elapsed_s"]
print(reached)'
}

if [ "$mode" = all ] || [ "$mode" = time97 ]; then
  echo
  echo "Time to 97% MNIST test accuracy: 784-128-10 relu, Adam lr 0.002, batch 64, no augmentation,"
  echo "1 thread, training time only (the test pass after each epoch excluded), up to 4 epochs,"
  echo "$runs alternating runs each, medians:"
  ours=() theirs=() ours_speed=()
  for ((i = 0; i < runs; i++)); do
    out=$("$cli" train --data $data --arch 784-128-10 --optimizer adam --lr 0.002 --batch 64 \
      --epochs 4 --threads 1 --no-augment --json)
    ours+=("$(echo "$out" | time97)")
    ours_speed+=("$(echo "$out" | grep -o '"samples_per_s": *[0-9.e+]*' | sed 's/.*: *//' | tr '\n' '/' | sed 's|/$||')")
    theirs+=("$($python "$torch_script" --data $data --arch 784-128-10 --optimizer adam --lr 0.002 \
      --batch 64 --epochs 4 --threads 1 | time97)")
  done
  echo "time to 97%: digitscope ${ours[*]} s; PyTorch ${theirs[*]} s; digitscope samples/s per epoch: ${ours_speed[*]}" >&2
  a=$(printf '%s\n' "${ours[@]}" | median)
  b=$(printf '%s\n' "${theirs[@]}" | median)
  echo
  echo "| | digitscope | PyTorch |"
  echo "| --- | ---: | ---: |"
  printf "| seconds to 97%% | %.2f | %.2f |\n" "$a" "$b"
fi
