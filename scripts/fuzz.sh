#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan: the "fuzz" preset) and runs each for a
# bounded time, starting from the seed corpus in tests/fuzz/corpus. A crash is copied into
# tests/fuzz/regressions/<target>/, where the normal test run replays it from then on, and
# fails this script. Prints executions and accepted/refused inputs per target.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in idx_fuzz model_fuzz onnx_fuzz strokes_fuzz; do
  mkdir -p "$work/$target/corpus" "$work/$target/crashes"
  cp tests/fuzz/corpus/$target/* "$work/$target/corpus/"
  log=$work/$target/log
  if QT_QPA_PLATFORM=offscreen build-fuzz/tests/fuzz/$target -max_total_time="$seconds" \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/$target/crashes/" "$work/$target/corpus" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    outcome=$(grep -o 'accepted [0-9]* refused [0-9]*' "$log" | tail -n 1 || true)
    echo "fuzz: $target: $runs executions in ${seconds} s, no crash ($outcome)"
  else
    status=1
    mkdir -p tests/fuzz/regressions/$target
    cp "$work/$target/crashes/"* tests/fuzz/regressions/$target/ 2>/dev/null || true
    echo "fuzz: $target FAILED; the input is kept in tests/fuzz/regressions/$target/:" >&2
    grep -E 'ERROR|SUMMARY|digitscope-fuzz|==[0-9]+==' "$log" | head -n 20 >&2
  fi
done
exit $status
