#!/usr/bin/env bash
# The documented run of docs/grid-design.md, "DDIM timesteps for trained networks": trains 8 MLPs on gaussian:8 (2000 steps,
# seeds 1..8), then designs DDIM timesteps from their estimated errors at K = 10, 25, 50 and measures designed, leading,
# trailing and exact-score-design lists by sampling the networks (2000 samples each, seed 0).
# Usage: scripts/ddim-design.sh OUT_FOLDER. Trained runs are reused when their checkpoint exists.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: scripts/ddim-design.sh OUT_FOLDER}"
mkdir -p "$out"
checkpoints=()
for seed in 1 2 3 4 5 6 7 8; do
  ckpt="$out/g$seed/checkpoints/step-0002000.ckpt"
  [[ -f "$ckpt" ]] || "$root/scoreprobe" train --data gaussian:8 --model mlp --steps 2000 --lr 3e-3 --warmup 50 --batch 128 \
    --checkpoints 2000 --seed "$seed" --out "$out/g$seed" > "$out/train-$seed.log"
  checkpoints+=("$ckpt")
done
for k in 10 25 50; do
  "$root/scoreprobe" design-grid --checkpoint "${checkpoints[@]}" --sampler ddim --steps "$k" --n 2000 --bootstrap 200 --seed 0 \
    --json "$out/design-k$k.json" | tee "$out/design-k$k.log"
done
