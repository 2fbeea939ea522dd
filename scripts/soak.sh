#!/usr/bin/env bash
# Soak run (not part of CI): starts digitscope on a virtual screen (Xvfb), trains continuously
# on MNIST, and draws digits on the canvas with synthetic mouse events (xdotool) the whole time.
# Every 5 s it records the app's resident memory (VmRSS) and the event loop's worst delay,
# which the app measures itself (--stall-log). Prints a table and a verdict against the
# targets: memory growth under 5% after warm-up, no UI stall over 100 ms.
#   scripts/soak.sh [MINUTES] [OUTPUT_DIR]      (default 10 minutes, a temporary folder)
#   BUILD_DIR=build-release (default) chooses the build; it is built when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
build=${BUILD_DIR:-build-release}
app=$build/app/digitscope

if [ "${1:-}" = "--inner" ]; then
  # Runs inside xvfb-run: $2 minutes, $3 output folder.
  minutes=$2 out=$3
  export XDG_CONFIG_HOME=$out/config
  mkdir -p "$XDG_CONFIG_HOME/digitscope"
  # Train far longer than the soak lasts; otherwise the form's defaults.
  # (10 000 epochs of 784-16-16-10 take about half an hour at ~400 k samples/s; 1000 ended
  # within 3 minutes once augmentation moved to a second thread.)
  printf '[training]\nepochs=10000\n' >"$XDG_CONFIG_HOME/digitscope/digitscope.conf"
  "$app" --size 1600x1000 --data data/mnist --train --stall-log "$out/stalls.log" \
    --canvas-geometry "$out/canvas" 2>"$out/app.stderr" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s "$out/canvas" ] && break; sleep 0.1; done
  [ -s "$out/canvas" ] || { echo "soak: the app did not show its canvas" >&2; exit 1; }
  read -r x y w h <"$out/canvas"
  end=$((SECONDS + minutes * 60))
  next_sample=$SECONDS
  drawings=0
  echo "seconds rss_kb" >"$out/rss.log"
  while [ $SECONDS -lt $end ]; do
    kill -0 $pid 2>/dev/null || { echo "soak: the app exited early" >&2; exit 1; }
    # One digit-like loop with a tail, at a random place and size, ~60 moves a second.
    cx=$((x + w / 4 + RANDOM % (w / 2))) cy=$((y + h / 4 + RANDOM % (h / 2))) r=$((h / 10 + RANDOM % (h / 6)))
    points=$(awk -v cx=$cx -v cy=$cy -v r=$r 'BEGIN { for (i = 0; i <= 40; i++) {
      a = 6.6 * i / 40; printf "%d %d\n", cx + r * sin(a), cy - r * cos(a) + (i > 30 ? (i - 30) * r / 5 : 0) } }')
    xdotool mousemove $(head -n 1 <<<"$points") mousedown 1
    while read -r px py; do xdotool mousemove "$px" "$py"; sleep 0.016; done <<<"$points"
    xdotool mouseup 1
    drawings=$((drawings + 1))
    sleep 0.5
    xdotool key Escape  # clear the canvas for the next digit
    if [ $SECONDS -ge $next_sample ]; then
      echo "$SECONDS $(awk '/VmRSS/ {print $2}' /proc/$pid/status)" >>"$out/rss.log"
      next_sample=$((SECONDS + 5))
    fi
  done
  echo "$drawings" >"$out/drawings"
  import -window root "$out/end.png"  # to see that training ran: loss curve, status bar
  kill $pid
  wait $pid 2>/dev/null || true
  exit 0
fi

out=${2:-$(mktemp -d)}
mkdir -p "$out"
out=$(realpath "$out")
[ -x "$app" ] || { cmake --preset release >/dev/null && cmake --build "$build" --target digitscope; }
scripts/fetch-mnist.sh
echo "soak: $minutes minutes, logs in $out"
xvfb-run -a -s "-screen 0 1600x1000x24" "$0" --inner "$minutes" "$out"

# Warm-up: the first minute (dataset loaded, caches and chart filled). Growth is the last
# sample against the first sample after warm-up.
awk -v warm=60 'NR > 1 { if ($1 >= warm && base == "") base = $2; last = $2; if ($2 > peak) peak = $2 }
  END { printf "rss after warm-up %.1f MB, at the end %.1f MB, peak %.1f MB, growth %.2f%%\n",
        base / 1024, last / 1024, peak / 1024, 100 * (last - base) / base }' "$out/rss.log" | tee "$out/summary"
awk '{ if ($2 > worst) worst = $2; n++; m[n] = $3 } END {
  printf "event loop: worst delay %.1f ms over %d periods of 5 s\n", worst, n }' "$out/stalls.log" | tee -a "$out/summary"
echo "drawings made: $(cat "$out/drawings")" | tee -a "$out/summary"
# What held the event loop: the app logs each GUI-thread event delivery over 30 ms beside the
# stall log (seconds, ms, depth, event, receiver); the longest straight from the event loop.
events=$out/stalls-events.log
if [ -f "$events" ]; then
  echo "slow deliveries (over 30 ms): $(awk '$2 == "slow" && $5 == "depth" && $6 == 0' "$events" | wc -l); the longest:" |
    tee -a "$out/summary"
  awk '$2 == "slow" && $5 == "depth" && $6 == 0' "$events" | sort -k3,3nr | head -n 5 | sed 's/^/  /' |
    tee -a "$out/summary"
fi
