#!/usr/bin/env bash
# Builds digitscope (release) and starts the desktop app. Installs what is missing first.
#   scripts/run.sh [app arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting the app on a virtual screen (Xvfb) instead" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" build-release/app/digitscope "$@"
fi
exec build-release/app/digitscope "$@"
