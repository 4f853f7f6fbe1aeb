#!/usr/bin/env bash
# Trains the same seeded run RUNS times, PARALLEL processes at a time, and prints the SHA-256 of every final
# checkpoint's model.bin and how many distinct hashes there are (1 = reproducible). Issue 14's reproduction: before the
# oneDNN conv_out fix about 1 in 15 such runs turned NaN when two ran at once (docs/neural.md).
# usage: scripts/same-seed-trainings.sh [RUNS=30] [PARALLEL=2] [extra train options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-30}"; parallel="${2:-2}"; shift $(( $# < 2 ? $# : 2 ))
work="$(mktemp -d "${TMPDIR:-/tmp}/same-seed-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Build once (and fetch MNIST); the runs then call the built CLI directly, so an edit meanwhile cannot rebuild under them.
"$root/scoreprobe" data mnist >/dev/null
export DLL="$root/src/ScoreProbe.Cli/bin/Release/net10.0/scoreprobe.dll" WORK="$work" EXTRA="$*"
seq 1 "$runs" | xargs -P "$parallel" -I{} bash -c \
  'dotnet "$DLL" train --data mnist16 --steps 4 --checkpoints 4 --batch 32 --seed 0 $EXTRA --out "$WORK/run{}" >"$WORK/log{}" 2>&1 || { echo "run {} failed:"; cat "$WORK/log{}"; exit 255; }'
for i in $(seq 1 "$runs"); do
  hash=$(unzip -p "$work/run$i/checkpoints/step-0000004.ckpt" model.bin | sha256sum | cut -d' ' -f1)
  loss=$(grep -o '"mean_loss": [^,]*' "$work/run$i/run.json" | head -n 1 | cut -d' ' -f2)
  echo "run $i: model.bin sha256 $hash, mean loss $loss"
done | tee "$work/hashes"
distinct=$(cut -d' ' -f5 "$work/hashes" | sort -u | wc -l)
echo "$runs same-seed runs ($parallel at a time): $distinct distinct checkpoint hash(es)"
[[ $distinct -eq 1 ]]
