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
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j "$(nproc)"
# The installed and packaged binaries are built with the same -march as these (x86-64-v3).
scripts/check-portable.sh build-dev/app/digitscope build-dev/app/digitscope-cli
if [ "${1:-}" != "--quick" ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh 30
fi
