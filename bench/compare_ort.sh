#!/usr/bin/env bash
# Inference against ONNX Runtime, the anchor for forward passes: the bundled models 3b1b and
# accurate, exported to ONNX by `digitscope-cli convert`, on one drawing (the first MNIST test
# image) and on the 10,000 MNIST test images as one batch, one thread each side, alternating
# runs, medians.
#
#   bench/compare_ort.sh [build-dir] [runs]
#
# build-dir: a build with digitscope-cli and digitscope_core_bench (default build-release, the
# shipped x86-64-v3 build); runs: runs per side (default 3). Each run's figures go to stderr,
# the table to stdout.
#
# digitscope: bundledInference in digitscope_core_bench (Network::predictBatch, floats in, as
# ORT gets them). ONNX Runtime: bench/ort_bench.cjs through onnxruntime-node, whose timings
# include the call from JavaScript into the runtime (tens of microseconds for one drawing);
# ORT's own profiler gives the run inside the runtime and its kernels alone, as a bound on what
# a C++ caller would see. On a shared machine the wall clock includes waiting for a core, so the
# ratios are taken on CPU time too.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
runs=${2:-3}
cli="$build/app/digitscope-cli"
bench="$build/bench/digitscope_core_bench"
data=data/mnist
for program in "$cli" "$bench"; do
  [ -x "$program" ] || { echo "error: $program not built (cmake --preset release && cmake --build $build)" >&2; exit 1; }
done
[ -d node_modules/onnxruntime-node ] || { echo "error: node_modules/onnxruntime-node missing (scripts/setup.sh)" >&2; exit 1; }
scripts/fetch-mnist.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
models=(3b1b accurate)
for model in "${models[@]}"; do "$cli" convert "$model" "$work/$model.onnx" >/dev/null; done
ort_version=$(node -p 'require("./node_modules/onnxruntime-node/package.json").version')

echo "# digitscope against ONNX Runtime, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
echo "- digitscope: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt"), -march $(sed -n 's/^DIGITSCOPE_ARCH:[A-Z]*=//p' "$build/CMakeCache.txt")); ONNX Runtime $ort_version (onnxruntime-node, CPU provider, 1 intra-op thread)"

ours="$work/ours.jsonl"
theirs="$work/theirs.jsonl"
for ((i = 0; i < runs; i++)); do
  "$bench" --benchmark_filter='^bundledInference/' --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null |
    python3 -c '
import json, sys
scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
for b in json.load(sys.stdin)["benchmarks"]:
    _, model, samples = b["name"].split("/")
    s = scale[b["time_unit"]]
    print(json.dumps({"model": model, "case": "single" if samples == "1" else "batch",
                      "wall_us": b["real_time"] * s, "cpu_us": b["cpu_time"] * s}))' >>"$ours"
  for model in "${models[@]}"; do
    node bench/ort_bench.cjs --model "$work/$model.onnx" --data $data --work "$work" |
      python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    r["model"] = sys.argv[1]
    print(json.dumps(r))' "$model" >>"$theirs"
  done
done
echo "digitscope runs:" >&2; cat "$ours" >&2
echo "ONNX Runtime runs:" >&2; cat "$theirs" >&2

echo
echo "Per call: one drawing (µs), or the 10,000 test images as one batch (ms); medians of $runs"
echo "alternating runs; ratios ORT / digitscope (above 1: digitscope faster). The profiler's"
echo "figures are wall-clock and include its own cost (about 1 µs an event)."
echo
python3 - "$ours" "$theirs" <<'EOF'
import json, statistics, sys

def load(path):
    table = {}
    for line in open(path):
        r = json.loads(line)
        for key, value in r.items():
            if key.endswith("_us"):
                table.setdefault((r["model"], r["case"], key), []).append(value)
    return {k: statistics.median(v) for k, v in table.items()}

ours, theirs = load(sys.argv[1]), load(sys.argv[2])
print("| model | case | digitscope wall / CPU | ORT (from JS) wall / CPU | ORT profiler: run / kernels | ORT / digitscope, wall | ORT / digitscope, CPU |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
for model in ("3b1b", "accurate"):
    for case, unit, div in (("single", "µs", 1.0), ("batch", "ms", 1e3)):
        g = lambda t, k: t.get((model, case, k), float("nan")) / div
        row = (f"| {model} | {'one drawing' if case == 'single' else '10,000 images'} | "
               f"{g(ours, 'wall_us'):.3g} / {g(ours, 'cpu_us'):.3g} {unit} | "
               f"{g(theirs, 'wall_us'):.3g} / {g(theirs, 'cpu_us'):.3g} {unit} | "
               f"{g(theirs, 'run_us'):.3g} / {g(theirs, 'kernels_us'):.3g} {unit} | "
               f"{g(theirs, 'wall_us') / g(ours, 'wall_us'):.2f}x | "
               f"{g(theirs, 'cpu_us') / g(ours, 'cpu_us'):.2f}x |")
        print(row)
EOF
