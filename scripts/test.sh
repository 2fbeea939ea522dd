#!/usr/bin/env bash
# Builds everything and runs every test (GoogleTest through CTest), then the same suite under
# AddressSanitizer + UBSan, the threading tests under ThreadSanitizer, and each fuzz target for
# 30 s (scripts/sanitize.sh, scripts/fuzz.sh). The programs are checked for AVX-512
# instructions (none may ship: scripts/check-portable.sh). Installs what is missing first. Tests
# need neither a display nor the network. The Debian package: scripts/package.sh --install.
#   scripts/test.sh [--quick]     --quick: the normal build's tests only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The "ci" preset: the dev build's code and tests, every warning an error, without the
# benchmarks and debug info that only a developer's build-dev needs (CI must stay under 30 min
# on 2 cores: the full run took 27 min here with them).
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
# The installed and packaged binaries are built with the same -march as these (x86-64-v3).
scripts/check-portable.sh build-ci/app/digitscope build-ci/app/digitscope-cli
if [ "${1:-}" != "--quick" ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh 30
fi
