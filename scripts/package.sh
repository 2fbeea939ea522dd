#!/usr/bin/env bash
# Builds the release preset and packs it as a Debian package, then checks what it ships:
# both programs, the models, the desktop file and icons, the copyright file (DEP-5), and that
# no binary carries an AVX-512 instruction (the package must run on every x86-64-v3 CPU,
# AVX2 + FMA).
#   scripts/package.sh [--install]   --install: also apt-get install it and run both programs
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target digitscope digitscope-cli
(cd build-release && cpack -G DEB >/dev/null)
deb=$(ls -t build-release/digitscope_*_amd64.deb | head -n 1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/digitscope usr/bin/digitscope-cli usr/share/digitscope/models/3b1b.dsm \
    usr/share/digitscope/models/accurate.dsm usr/share/applications/digitscope.desktop \
    usr/share/icons/hicolor/scalable/apps/digitscope.svg usr/share/doc/digitscope/copyright; do
    [ -e "$root/$f" ] || { echo "error: the package lacks /$f" >&2; exit 1; }
done
echo "depends: $(dpkg-deb -f "$deb" Depends)"
scripts/check-portable.sh "$root"/usr/bin/*
if [ "${1:-}" = "--install" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "./$deb" >/dev/null
    echo '{"width":400,"height":400,"pen_width":18,"strokes":[[[200,60],[200,340]]]}' \
        >"$root/one.jsonl"
    digitscope-cli predict --model /usr/share/digitscope/models/3b1b.dsm --strokes "$root/one.jsonl"
    QT_QPA_PLATFORM=offscreen timeout 20 digitscope --version
    echo "installed: $(dpkg-query -W digitscope)"
fi
