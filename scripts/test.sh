#!/usr/bin/env bash
# Builds everything and runs every test (GoogleTest through CTest). Installs what is missing
# first. Tests need neither a display nor the network.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j "$(nproc)"
