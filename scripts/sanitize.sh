#!/usr/bin/env bash
# Builds and runs the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (every
# test), then the suites whose code starts threads under ThreadSanitizer: the trainer, restroking,
# the training worker, the edge-image worker, the teaching session and explain's background jobs,
# built as one program, digitscope_thread_tests (clang, the "asan" and "tsan" presets). Any
# report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j "$(nproc)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
ctest --preset tsan -j "$(nproc)"
