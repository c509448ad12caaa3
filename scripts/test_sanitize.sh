#!/usr/bin/env bash
# Builds ternsim with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan and runs
# the C++ tests (ctest). Any sanitizer report aborts the test that triggered it
# (-fno-sanitize-recover=undefined; ASan always aborts).
# Leak detection is off: SystemC allocates its kernel objects (simcontext, process handles,
# report handler tables) once per process and never frees them, by design, so LeakSanitizer
# would report every simulation. Out-of-bounds, use-after-free and UB are still caught.
# Usage: scripts/test_sanitize.sh [ctest args...]   (e.g. -R ErrorCatalogue)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TERNSIM_ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${TERNSIM_JOBS:-1}"
start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DTERNSIM_SANITIZE=ON -DTERNSIM_PYTHON=OFF -DTERNSIM_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j"$jobs"
built=$(date +%s)
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# test_rtl_tile is left out here: it runs sc_start() from gtest's main stack between exceptions,
# and SystemC 2.3.4 switches coroutine stacks without ASan's fiber annotations, so ASan reports
# stack-buffer-underflow on that main stack (a false positive it warns about for swapcontext).
# The same false positive hits three OutputIntegrity tests: `ternsim run` simulates in its own
# process, and a write error found after sc_start() is thrown from the main stack, where ASan's
# __asan_handle_no_return still believes it is on the last SystemC coroutine stack. They run in
# the normal build (scripts/test.sh); the forked paths (compare, sweeps, Python) run here.
# The simulator's own tests, the co-simulation test and the fuzzers all run here.
asan_false_positives='test_rtl_tile|OutputIntegrity\.(TraceOnDevFullIsOneErrorLine|OutOnDevFullIsOneErrorLine|FullDiskKeepsThePreviousResultsWhole)'
# The tests run $jobs at a time (CI: both cores), as scripts/test.sh runs them in the normal
# build: each ctest test is its own process, and the tests that write files use their own
# temporary directories.
(cd "$build" && ctest --output-on-failure -j"$jobs" -E "^($asan_false_positives)\$" "$@")
end=$(date +%s)
echo "sanitizer build: $((built - start)) s, tests: $((end - built)) s"
