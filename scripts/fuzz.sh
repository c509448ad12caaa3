#!/usr/bin/env bash
# Runs the seeded mutation fuzzers (tests/cpp/test_fuzz_parsers.cpp) for a long run under the
# AddressSanitizer + UBSan build: by default 350,000 executions per harness x 4 harnesses
# (arch YAML, workload IR, --set overrides, in-memory trees as from Python dicts) = 1,400,000 in
# total; pass 1250000 for the 5M of issue 14. The text mutators are partly structure-aware
# (self-referential aliases, alias expansion, deep nesting, huge scalars, many documents, merge
# keys, BOM/CRLF). Any exception other than
# ConfigError/MappingError, crash, hang or sanitizer report fails the run. Then the fast
# block-YAML reader's differential fuzz: 10 mutated texts per iteration, each one the reader
# accepts must give yaml-cpp's tree exactly.
# Usage: scripts/fuzz.sh [iterations per harness]
# Builds build-asan first (same flags as scripts/test_sanitize.sh); set TERNSIM_FUZZ_BUILD_DIR
# to use another build (e.g. a plain Release build for a quicker run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TERNSIM_FUZZ_BUILD_DIR:-$root/build-asan}"
if [[ -z "${TERNSIM_FUZZ_BUILD_DIR:-}" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DTERNSIM_SANITIZE=ON -DTERNSIM_PYTHON=OFF -DTERNSIM_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$build" -j"${TERNSIM_JOBS:-1}" ternsim_tests
fi
export TERNSIM_FUZZ_ITERS="${1:-350000}"
# Leaks off: SystemC's kernel objects are never freed by design (see test_sanitize.sh).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
start=$(date +%s)
# One process, so the harnesses' counts add up in the "[fuzz] total executions" line.
"$build/ternsim_tests" --gtest_filter='FuzzParsers.*:YamlBlockReader.MutationDifferential'
echo "fuzz wall time: $(( $(date +%s) - start )) s"
