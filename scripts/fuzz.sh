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
# TERNSIM_FUZZ_READER_ITERS=U sizes the reader differential apart (10 x U mutants; default: the
# same count as the parser harnesses, e.g. 20000 for a 1250000 run keeps it to 200,000 mutants;
# 0 leaves it out).
# TERNSIM_FUZZ_JOBS=N splits the iterations over N parallel jobs (default 1); each job runs its
# share as fresh processes of at most TERNSIM_FUZZ_CHUNK=C iterations per harness (default
# 50000). Every process mutates from its own seeds (tests/cpp/fuzz_shard.hpp; shard 0 = the
# single-process seeds), the counts are summed, and any failing process fails the run (its log
# and the variables that reproduce it are printed). Each finished process prints "job i: process
# k of K done"; TERNSIM_FUZZ_FIRST_PROCESS=K with the same arguments resumes a stopped campaign at
# process K of every job (the same seeds and sizes as the uninterrupted run).
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
iters="${1:-350000}"
reader="${TERNSIM_FUZZ_READER_ITERS:-$iters}"
jobs="${TERNSIM_FUZZ_JOBS:-1}"
chunk="${TERNSIM_FUZZ_CHUNK:-50000}"
first="${TERNSIM_FUZZ_FIRST_PROCESS:-0}"
if ! [[ "$iters" =~ ^[0-9]+$ && "$reader" =~ ^[0-9]+$ && "$jobs" =~ ^[1-9][0-9]*$ && "$chunk" =~ ^[1-9][0-9]*$ && "$first" =~ ^[0-9]+$ ]]; then
  echo "error: usage: [TERNSIM_FUZZ_JOBS=N] [TERNSIM_FUZZ_CHUNK=C] [TERNSIM_FUZZ_FIRST_PROCESS=K] [TERNSIM_FUZZ_READER_ITERS=U] scripts/fuzz.sh [iterations per harness]" >&2
  exit 2
fi
# part TOTAL PARTS INDEX: part INDEX of TOTAL split in PARTS (the first TOTAL%PARTS get one more),
# for a job's share of the iterations and a process's share of its job's; and a job's count of
# processes for its share.
part() { echo $(($1 / $2 + ($3 < $1 % $2 ? 1 : 0))); }
processes() { local p=$((($1 + chunk - 1) / chunk)); echo $((p > 0 ? p : 1)); }
most=$(processes "$(part "$iters" "$jobs" 0)")  # job 0 has the largest share
if ((first >= most)); then
  echo "error: TERNSIM_FUZZ_FIRST_PROCESS=$first: with these arguments each job has $most process(es), numbered from 0" >&2
  exit 2
fi
# Leaks off: SystemC's kernel objects are never freed by design (see test_sanitize.sh).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
logs="$(mktemp -d "${TMPDIR:-/tmp}/ternsim-fuzz.XXXXXX")"
trap 'rm -rf "$logs"' EXIT
start=$(date +%s)
pids=()
for ((i = 0; i < jobs; i++)); do
  # Job i runs iters/jobs iterations per harness, the first iters%jobs jobs one more, as a
  # sequence of fresh processes of at most $chunk iterations each: under ASan the cost per input
  # grew with the age of one process (62,500-input segments of the arch harness took 101, 128,
  # 174, 207 s in turn at flat RSS), so a long run is many short ones. Chunk k of job i mutates
  # from seed index k*jobs+i (tests/cpp/fuzz_shard.hpp): every process explores its own stream,
  # and chunk 0 keeps the historical per-job seeds.
  n=$(part "$iters" "$jobs" "$i")
  r=$(part "$reader" "$jobs" "$i")
  chunks=$(processes "$n")
  (
    for ((k = first; k < chunks; k++)); do
      cn=$(part "$n" "$chunks" "$k")
      cr=$(part "$r" "$chunks" "$k")
      shard=$((k * jobs + i))
      # Each process prints its rate ten times per harness (at most every 10,000 inputs), and any
      # input slower than 2 s, as it goes (the full log is shown only if it fails), so a long
      # run shows that it moves.
      every=$(((cn + 9) / 10))
      ((every <= 10000)) || every=10000
      set +e
      TERNSIM_FUZZ_SHARD=$shard TERNSIM_FUZZ_ITERS=$cn TERNSIM_FUZZ_READER_ITERS=$cr \
        TERNSIM_FUZZ_PROGRESS="${TERNSIM_FUZZ_PROGRESS:-$every}" \
        "$build/ternsim_tests" --gtest_filter='FuzzParsers.*:YamlBlockReader.MutationDifferential' 2>&1 |
        tee "$logs/$i.$k.log" | grep --line-buffered -E '^\[fuzz\] [a-z]+: ([0-9]+ executions in [0-9]+ s,|slow input)' |
        sed -u "s/^/shard $shard: /"
      rc=${PIPESTATUS[0]}
      set -e
      if ((rc != 0)); then
        echo "---- shard $shard FAILED (TERNSIM_FUZZ_SHARD=$shard TERNSIM_FUZZ_ITERS=$cn TERNSIM_FUZZ_READER_ITERS=$cr to reproduce), its log:"
        cat "$logs/$i.$k.log"
        exit 1
      fi
      echo "job $i: process $((k + 1)) of $chunks done (shard $shard, $cn inputs per harness)"
    done
  ) &
  pids+=($!)
done
failed=0
for ((i = 0; i < jobs; i++)); do
  if ! wait "${pids[$i]}"; then
    failed=$((failed + 1))
  fi
done
total=0 mutants=0 procs=0
for log in "$logs"/*.log; do
  [[ -e "$log" ]] || continue
  procs=$((procs + 1))
  grep -h '^\[fuzz\]' "$log" | grep -v -E 'total executions|executions in|mutants' || true
  t=$(sed -n 's/^\[fuzz\] total executions: \([0-9]*\)$/\1/p' "$log")
  m=$(sed -n 's/^\[fuzz\] yaml_block_reader: \([0-9]*\) mutants.*/\1/p' "$log")
  if [[ -z "$t" || -z "$m" ]]; then  # did not run every harness: not a pass
    if ((failed == 0)); then
      echo "---- $(basename "$log") printed no totals, its log:"
      cat "$log"
      failed=$((failed + 1))
    fi
  fi
  total=$((total + ${t:-0}))
  mutants=$((mutants + ${m:-0}))
done
wall=$(($(date +%s) - start))
echo "[fuzz] total executions: $total parser inputs + $mutants block-reader mutants in $procs process(es) over $jobs job(s)"
echo "fuzz wall time: $wall s"
if ((failed > 0)); then
  echo "error: $failed fuzz job(s) failed" >&2
  exit 1
fi
