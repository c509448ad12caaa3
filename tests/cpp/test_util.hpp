#pragma once
// Helpers for tests: temp YAML files, running the CLI, and a small arch for hand-derived cases.
#include <sys/wait.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/simulate.hpp"

namespace ternsim::test {

// splitmix64: a fixed pseudo-random sequence, the same on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

inline std::string temp_dir() {
  static std::string dir = [] {
    std::string d = std::filesystem::temp_directory_path() / ("ternsim_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::string write_temp(const std::string& name, const std::string& text) {
  std::string p = temp_dir() + "/" + name;
  std::ofstream(p) << text;
  return p;
}

inline std::string source_path(const std::string& rel) { return std::string(TERNSIM_SOURCE_DIR) + "/" + rel; }

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout + stderr
};

// Runs `cmd` with popen (sh -c), capturing what it writes to the pipe, and its exit code.
inline CliResult capture_command(const std::string& cmd) {
  CliResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// Runs a shell command line (sh -c), capturing stdout + stderr.
inline CliResult run_cli_in_shell(const std::string& script) { return capture_command("(" + script + ") 2>&1"); }

// Runs the ternsim binary with `args` (stderr goes where the args' own redirections leave stdout).
inline CliResult run_cli(const std::string& args) {
  return capture_command(std::string(TERNSIM_BINARY) + " " + args + " 2>&1");
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// `text` with its first `from` replaced by `to`, for a test that edits a shipped file; an anchor
// that is not there throws (the test fails with its name) instead of editing nothing.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("replace_once: '" + from + "' not found");
  return text.replace(at, from.size(), to);
}

// Simulates arch and workload given as YAML text (written to temp files), in a forked child.
inline RunResult run_yaml(const std::string& arch, const std::string& wl, std::vector<std::string> sets = {}) {
  return simulate(RunRequest{write_temp("arch.yaml", arch), write_temp("wl.yaml", wl), std::move(sets)});
}

// A small ternary machine whose numbers are easy to derive by hand:
// 1 GHz, 8x8 array, one 128-bit SRAM port each (1-cycle tile loads, 128 activation bits/cycle),
// DRAM 64 B/cycle with 10 cycles of latency.
inline std::string small_arch_yaml() {
  return R"(name: small
clock_mhz: 1000
array: {kind: ternary, rows: 8, cols: 8, act_bits: 8, acc_bits: 24}
vector: {lanes: 64}
sram:
  weight_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}
  act_buffer: {capacity_kib: 64, banks: 1, ports: 1, width_bits: 128}
dram: {kind: ddr4, channels: 1, bandwidth_gbps: 64, latency_ns: 10, burst_bytes: 64}
dma: {buffers: 2}
)";
}

inline std::string gemm_workload_yaml(uint64_t m, uint64_t n, uint64_t k, const std::string& extra = "") {
  return "name: one_gemm\nops:\n  - {name: g, kind: gemm, m: " + std::to_string(m) + ", n: " + std::to_string(n) +
         ", k: " + std::to_string(k) + ", weight: ternary" + extra + "}\n";
}

}  // namespace ternsim::test
