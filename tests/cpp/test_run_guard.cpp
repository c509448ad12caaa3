// Runs are bounded and independent (issue 14, defects 5 and 11): a simulation past its memory
// or wall-time limit stops with one line naming the limit and how to raise it, and a short
// forked run never waits for an unrelated long one started by another thread.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {

// In range, yet unbounded: a 1x1 array streaming a 2^31 x 2^31 ternary weight matrix.
const std::string kHugeGemm = "name: huge\nops:\n  - {name: g, kind: gemm, m: 1, n: 2147483648, k: 2147483648, weight: ternary}\n";

std::string one_by_one_arch() {
  std::string a = small_arch_yaml();
  a.replace(a.find("rows: 8, cols: 8"), 16, "rows: 1, cols: 1");
  return a;
}

std::string run_error(const std::string& env, const std::string& value) {
  ::setenv(env.c_str(), value.c_str(), 1);
  std::string msg = "(no error)";
  try {
    run_yaml(one_by_one_arch(), kHugeGemm);
  } catch (const ConfigError& e) {
    msg = e.what();
  }
  ::unsetenv(env.c_str());
  return msg;
}

}  // namespace

TEST(RunGuard, MemoryLimitStopsTheRunWithOneLine) {
  const std::string e = run_error("TERNSIM_MAX_MEMORY_MB", "150");
  EXPECT_EQ(e.rfind("simulation stopped after ", 0), 0u) << e;
  EXPECT_NE(e.find(" s: it uses more than 150 MiB of memory (the limit; raise it with TERNSIM_MAX_MEMORY_MB=<MiB>)"),
            std::string::npos)
      << e;
}

TEST(RunGuard, TimeLimitStopsTheRunWithOneLine) {
  EXPECT_EQ(run_error("TERNSIM_MAX_SECONDS", "1"),
            "simulation stopped: it ran longer than 1 s (the limit; raise it with TERNSIM_MAX_SECONDS=<seconds>)");
}

TEST(RunGuard, MalformedLimitIsAnError) {
  EXPECT_EQ(run_error("TERNSIM_MAX_SECONDS", "soon"), "TERNSIM_MAX_SECONDS=soon: expected a positive integer");
}

TEST(RunGuard, CliRunStopsWithOneLineAndExit2) {
  const std::string arch = write_temp("guard_arch.yaml", one_by_one_arch());
  const std::string wl = write_temp("guard_wl.yaml", kHugeGemm);
  CliResult r = run_cli_in_shell("TERNSIM_MAX_SECONDS=1 " + std::string(TERNSIM_BINARY) + " run --arch " + arch +
                                 " --workload " + wl);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "error: simulation stopped: it ran longer than 1 s (the limit; raise it with TERNSIM_MAX_SECONDS=<seconds>)\n");
}

// Thread A forks a child that runs for 3 s; thread B then forks a child that returns at once.
// B's child must not keep A's result pipe open, nor A's child B's.
TEST(RunIsolated, AShortRunDoesNotWaitForALongOneOnAnotherThread) {
  using clock = std::chrono::steady_clock;
  double short_s = -1, long_s = -1;
  std::thread a([&] {
    auto t0 = clock::now();
    run_isolated([] {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      return RunResult{};
    });
    long_s = std::chrono::duration<double>(clock::now() - t0).count();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread b([&] {
    auto t0 = clock::now();
    run_isolated([] { return RunResult{}; });
    short_s = std::chrono::duration<double>(clock::now() - t0).count();
  });
  b.join();
  a.join();
  EXPECT_GE(long_s, 3.0);
  EXPECT_LT(short_s, 1.5) << "the short run waited for the long one";
}
