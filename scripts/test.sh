#!/usr/bin/env bash
# Builds everything and runs every test (GoogleTest through CTest), then the same suite under
# AddressSanitizer + UBSan, the threading tests under ThreadSanitizer, and each fuzz target for
# 30 s (scripts/sanitize.sh, scripts/fuzz.sh), then builds, checks and installs the Debian
# package (scripts/package.sh: no AVX-512 instruction may ship). Installs what is missing first. Tests need
# neither a display nor the network.
#   scripts/test.sh [--quick]     --quick: the normal build's tests only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j "$(nproc)"
if [ "${1:-}" != "--quick" ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh 30
  scripts/package.sh --install
fi
