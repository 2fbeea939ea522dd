#!/usr/bin/env bash
# Fails when any of the given binaries carries an AVX-512 instruction: what digitscope ships must
# run on every x86-64-v3 CPU (AVX2 + FMA). A zmm register or an AVX-512 mask register (k1-k7) in
# the disassembly means an AVX-512 instruction.
#   scripts/check-portable.sh BINARY...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/check-portable.sh BINARY..." >&2; exit 2; }
for bin in "$@"; do
    n=$(objdump -d --no-show-raw-insn "$bin" | grep -cE '%zmm|%k[1-7]' || true)
    if [ "$n" -ne 0 ]; then
        echo "error: $(basename "$bin") has $n AVX-512 instructions" >&2
        exit 1
    fi
done
echo "no AVX-512 instructions in: $(for b in "$@"; do basename "$b"; done | tr '\n' ' ')"
