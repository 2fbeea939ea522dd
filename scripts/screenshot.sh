#!/usr/bin/env bash
# Makes docs/screenshot.png: starts digitscope on a virtual screen (Xvfb, 1600x1000), draws a
# "2" on the canvas with xdotool as a person would (button down, ~60 moves a second, button
# up), lets the network view settle, and saves the screen.
#   scripts/screenshot.sh [--hook] [OUTPUT.png]
#   scripts/screenshot.sh --all   docs/screenshot-{1600x1000,1366x768,1280x720,1024x640}.png
#     --hook  draw through the app's own --screenshot test hook instead of xdotool
#   BUILD_DIR=build-release (default) chooses the build; it is built first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-release}
app=$build/app/digitscope
size=${SIZE:-1600x1000}

if [ "${1:-}" = "--inner" ]; then
  # Runs inside xvfb-run: $2 is the output file.
  out=$2
  export XDG_CONFIG_HOME=$(mktemp -d)  # fresh settings: default layout and pen
  geometry=$(mktemp)
  trap 'rm -rf "$XDG_CONFIG_HOME" "$geometry"' EXIT
  "$app" --size "$size" --canvas-geometry "$geometry" &
  pid=$!
  for _ in $(seq 100); do [ -s "$geometry" ] && break; sleep 0.1; done
  [ -s "$geometry" ] || { echo "screenshot: the app did not show its canvas" >&2; kill $pid; exit 1; }
  read -r x y w h <"$geometry"
  # The "2": an arc over the top, a diagonal to the bottom left, a base line (canvas fractions).
  points=$(awk -v x="$x" -v y="$y" -v w="$w" -v h="$h" 'BEGIN {
    pi = atan2(0, -1); n = 0
    for (i = 0; i <= 24; i++) { a = pi * (1.12 - 1.38 * i / 24)
      px[n] = 0.5 + 0.18 * cos(a); py[n] = 0.40 - 0.165 * sin(a); n++ }
    ex = px[n - 1]; ey = py[n - 1]
    for (i = 1; i <= 14; i++) { px[n] = ex + (0.3175 - ex) * i / 14; py[n] = ey + (0.7625 - ey) * i / 14; n++ }
    for (i = 1; i <= 10; i++) { px[n] = 0.3175 + 0.4 * i / 10; py[n] = 0.7625 - 0.0075 * i / 10; n++ }
    for (i = 0; i < n; i++) printf "%d %d\n", x + px[i] * w, y + py[i] * h }')
  first=$(head -n 1 <<<"$points")
  xdotool mousemove $first
  sleep 0.3
  xdotool mousedown 1
  while read -r px py; do
    xdotool mousemove "$px" "$py"
    sleep 0.016
  done <<<"$points"
  xdotool mouseup 1
  xdotool mousemove $((x + w + 40)) $((y + 20))  # out of the way: no hover effects
  sleep 3  # the network view's layer-by-layer animation
  import -window root "$out"
  kill $pid
  wait $pid 2>/dev/null || true
  exit 0
fi

if [ "${1:-}" = "--all" ]; then
  shift
  for s in 1600x1000 1366x768 1280x720 1024x640; do
    SIZE=$s "$0" "$@" "docs/screenshot-$s.png"
  done
  exit 0
fi

hook=0
if [ "${1:-}" = "--hook" ]; then hook=1; shift; fi
out=${1:-docs/screenshot.png}
mkdir -p "$(dirname "$out")"
if [ ! -x "$app" ]; then
  cmake --preset release >/dev/null
  cmake --build "$build" --target digitscope
fi
for tool in xvfb-run xdotool import; do
  command -v $tool >/dev/null || { echo "error: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
if [ $hook = 1 ]; then
  XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 ${size}x24" \
    "$app" --size "$size" --screenshot "$out"
else
  xvfb-run -a -s "-screen 0 ${size}x24" "$0" --inner "$(realpath -m "$out")"
fi
echo "screenshot: wrote $out"
