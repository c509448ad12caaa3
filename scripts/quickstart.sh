#!/usr/bin/env bash
# The main job for a newcomer: install, build, run the default example, print its report.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/build.sh" "$root/build"
"$root/build/ternsim" run \
  --arch "$root/arch_configs/ternary_asic.yaml" \
  --workload "$root/workloads/examples/mmfreelm-1.3b_layer_decode.yaml" \
  --out "$root/results/quickstart"
