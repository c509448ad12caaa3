#!/usr/bin/env bash
# Regenerates every shipped example trace (run from anywhere); outputs are deterministic.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH=workloads
TG="/usr/bin/python3 -m tracegen"
M=workloads/models
E=workloads/examples
$TG decode  --model $M/mmfreelm-1.3b.json --context 128 --batch 1 --layers 1 --no-head -o $E/mmfreelm-1.3b_layer_decode.yaml
$TG prefill --model $M/mmfreelm-1.3b.json --seq-len 128 --batch 1 --layers 1 --no-head -o $E/mmfreelm-1.3b_layer_prefill.yaml
$TG decode  --model $M/mmfreelm-370m.json --context 128 --batch 1 -o $E/mmfreelm-370m_decode.yaml
$TG decode  --model $M/mmfreelm-1.3b.json --context 128 --batch 1 -o $E/mmfreelm-1.3b_decode.yaml
$TG decode  --model $M/mmfreelm-2.7b.json --context 128 --batch 1 -o $E/mmfreelm-2.7b_decode.yaml
$TG prefill --model $M/mmfreelm-1.3b.json --seq-len 512 --batch 1 -o $E/mmfreelm-1.3b_prefill512.yaml
$TG decode  --model $M/llama-1.3b.json --context 128 --batch 1 -o $E/llama-1.3b_decode.yaml
$TG decode  --model $M/bitnet-b1.58-1.3b.json --context 128 --batch 1 -o $E/bitnet-1.3b_decode.yaml
# The reference code's BitLinear LM head (ternary weights, 8-bit activations): runs on int8 arrays too.
$TG decode  --model $M/mmfreelm-370m.json --context 128 --batch 1 --head-weight ternary -o $E/mmfreelm-370m_decode_bitlinear_head.yaml
$TG decode  --model $M/mmfreelm-1.3b.json --context 128 --batch 1 --head-weight ternary -o $E/mmfreelm-1.3b_decode_bitlinear_head.yaml
$TG decode  --model $M/mmfreelm-2.7b.json --context 128 --batch 1 --head-weight ternary -o $E/mmfreelm-2.7b_decode_bitlinear_head.yaml
$TG prefill --model $M/mmfreelm-1.3b.json --seq-len 512 --batch 1 --mlgru-schedule scan -o $E/mmfreelm-1.3b_prefill512_scan.yaml
