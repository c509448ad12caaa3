#!/usr/bin/env bash
# Regenerates the validation suite's workloads (deterministic; tests/python/test_validation_published.py
# checks the committed files equal a fresh run). Decoder layers only (--no-head) where the published figure
# covers only decoder layers: TerEffic "specifically accelerates the decoder layers" (arXiv 2502.16473), and
# the MatMul-free FPGA core's 43 ms is "a forward-pass of a block" (arXiv 2406.02528 v1).
set -euo pipefail
OUT=${1:+$(realpath "$1")}
cd "$(dirname "$0")/../.."
export PYTHONPATH=workloads
TG="/usr/bin/python3 -m tracegen"
M=workloads/models
V=${OUT:-validation/workloads}   # output directory, default here (the test writes to a temporary one)
# One block at d = 512, one token: the FPGA prototype's measured case.
$TG decode --model validation/models/mmfreelm-block-d512.json --context 128 --batch 1 --no-head -o $V/mmfreelm-block-d512_decode.yaml
# All decoder layers, one token, batch 1, no embedding / LM head: TerEffic's HBM-assisted and on-chip figures.
$TG decode --model $M/mmfreelm-370m.json --context 128 --batch 1 --no-head -o $V/mmfreelm-370m_decoder_decode.yaml
$TG decode --model $M/mmfreelm-1.3b.json --context 128 --batch 1 --no-head -o $V/mmfreelm-1.3b_decoder_decode.yaml
$TG decode --model $M/mmfreelm-2.7b.json --context 128 --batch 1 --no-head -o $V/mmfreelm-2.7b_decoder_decode.yaml
