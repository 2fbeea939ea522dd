#!/usr/bin/env bash
# Builds and runs the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (every
# test), then the training worker, trainer and snapshot tests under ThreadSanitizer (clang,
# the "asan" and "tsan" presets). Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$(nproc)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
ctest --preset tsan -j "$(nproc)"
