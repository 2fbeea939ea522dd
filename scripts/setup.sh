#!/usr/bin/env bash
# Installs what digitscope needs on a fresh Debian 12 machine (idempotent) and
# fetches MNIST into data/mnist when it is missing. Run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev libeigen3-dev libgtest-dev libgmock-dev
  libbenchmark-dev zlib1g-dev nlohmann-json3-dev xvfb xauth xdotool imagemagick clang clang-format
  libclang-rt-14-dev fonts-dejavu-core
  libonnx-dev libprotobuf-dev  # ONNX import/export (libonnx-dev does not pull protobuf's headers)
  python3-torch                # the PyTorch check (tests/runtime/torch_check.py)
  libopenblas0-pthread)        # PyTorch's BLAS as its users have it (else the reference BLAS, ~6x slower)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from Node.js's own packages rather than Debian's: only ask apt when it is absent.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ONNX Runtime for the ONNX Runtime check (tests/runtime/ort_check.cjs), into this repository's
# node_modules/: the npm package ships its CPU runtime, and --ignore-scripts skips the install
# script (it would download GPU providers).
ort=1.30.0
if [ "$(node -p 'require("./node_modules/onnxruntime-node/package.json").version' 2>/dev/null)" != "$ort" ]; then
  echo "setup: installing onnxruntime-node@$ort into node_modules/"
  npm install --prefix . --ignore-scripts --no-save --no-package-lock --no-audit --no-fund \
    "onnxruntime-node@$ort" >/dev/null
fi

scripts/fetch-mnist.sh
