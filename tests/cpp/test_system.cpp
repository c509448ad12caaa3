// Multi-worker systems (sim/system/): tensor, pipeline and data parallel mappings, their
// collectives, weights-resident mode, and a one-chip system equal to a lone chip.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "sim/config/config_error.hpp"
#include "sim/engine/simulate.hpp"
#include "test_util.hpp"

using namespace ternsim;
using namespace ternsim::test;

namespace {
// small_arch (1 GHz) plus a ring of `chips` whose links move 64 B/cycle with 100 cycles per hop.
std::string system_arch(const std::string& extra = "") {
  return small_arch_yaml() +
         "system:\n  chips: 2\n  interconnect: {topology: ring, link: {bandwidth_gb_per_s: 64, latency_ns: 100, "
         "energy_pj_per_bit: 2}}\n" +
         extra;
}
const OpRecord* find(const RunResult& r, const std::string& name) {
  for (const auto& o : r.op_records)
    if (o.name == name) return &o;
  return nullptr;
}
nlohmann::json system_of(const RunResult& r) { return nlohmann::json::parse(r.system_json); }
}  // namespace

// A lone GEMM is column-parallel: M=32, K=16, N=16 on 2 chips leaves N=8 per chip:
// 2 tiles instead of 4 (16 B each, one 32 B chunk: 1 burst + 10 latency -> ready at 11),
// compute = 1 + 2 x 32 + 4 = 69 -> 80. Its split output (32 x 16 x 2 B = 1024 B) is then
// all-gathered: (p-1)/p S/B + (p-1) a = 512/64 + 100 = 108 cycles -> 188.
TEST(SystemTensorParallel, LoneGemmHalvesTheTilesAndAllGathers) {
  RunResult one = run_yaml(small_arch_yaml(), gemm_workload_yaml(32, 16, 16));
  RunResult two = run_yaml(system_arch(), gemm_workload_yaml(32, 16, 16));
  EXPECT_EQ(one.op_records[0].folds, 4u);
  const OpRecord* g = find(two, "g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->folds, 2u);
  EXPECT_EQ(g->compute_cycles, 69u);
  EXPECT_EQ(g->end_cycle, 80u);
  const OpRecord* ag = find(two, "g.all_gather");
  ASSERT_NE(ag, nullptr);
  EXPECT_EQ(ag->unit, "link_out");
  EXPECT_EQ(ag->compute_cycles, 108u);
  EXPECT_EQ(two.cycles, 188u);
  // Both chips' DRAM traffic is counted: 2 x 32 B of weights.
  EXPECT_EQ(two.dram_read_bytes, 64u);
  nlohmann::json s = system_of(two);
  EXPECT_EQ(s["workers"], 2);
  EXPECT_EQ(s["simulated_workers"], 1);
  // Each chip sends (p-1)/p x 1024 = 512 B; 2 pJ/bit x 1024 B x 1 hop = 16.384 nJ in all.
  EXPECT_DOUBLE_EQ(s["links"][1]["bytes"].get<double>(), 512.0);
  EXPECT_EQ(s["links"][1]["busy_cycles"], 108);
  EXPECT_NEAR(s["link_energy_j"].get<double>(), 1024 * 8 * 2e-12, 1e-18);
}

// Megatron MLP: g1 (K=16 -> N=16) column-parallel, g2 (K=16 -> N=16) row-parallel with K=8
// per chip (1 x 2 = 2 tiles), then an all-reduce of its 1024 B of partial sums:
// 2(p-1)/p S/B + 2(p-1) a = 1024/64 + 200 = 216 cycles.
TEST(SystemTensorParallel, RowParallelGemmIsFollowedByAnAllReduce) {
  const std::string wl =
      "name: mlp\nops:\n  - {name: g1, kind: gemm, m: 32, n: 16, k: 16, weight: ternary}\n"
      "  - {name: g2, kind: gemm, m: 32, n: 16, k: 16, weight: ternary, deps: [g1]}\n";
  RunResult r = run_yaml(system_arch(), wl);
  const OpRecord *g1 = find(r, "g1"), *g2 = find(r, "g2"), *ar = find(r, "g2.all_reduce");
  ASSERT_TRUE(g1 && g2 && ar);
  EXPECT_EQ(g1->folds, 2u);
  EXPECT_EQ(g2->folds, 2u);
  EXPECT_EQ(ar->compute_cycles, 216u);
  EXPECT_EQ(ar->start_cycle, g2->end_cycle);
  EXPECT_EQ(r.cycles, g2->end_cycle + 216);
  EXPECT_EQ(find(r, "g1.all_gather"), nullptr);  // g1's split output is consumed by g2
}

// Simulating every worker instead of one per class of identical workers changes nothing.
TEST(SystemTensorParallel, SimulatingEveryWorkerGivesTheSameResult) {
  const std::string wl = source_path("workloads/examples/mmfreelm-1.3b_layer_decode.yaml");
  const std::string arch = source_path("arch_configs/ternary_asic.yaml");
  const std::vector<std::string> sys = {"system.chips=4", "system.interconnect.link.bandwidth_gb_per_s=12.5",
                                        "system.interconnect.link.latency_ns=500"};
  RunResult rep = simulate(RunRequest{arch, wl, sys});
  auto all_sets = sys;
  all_sets.push_back("system.simulate_all_workers=true");
  RunResult all = simulate(RunRequest{arch, wl, all_sets});
  EXPECT_EQ(system_of(rep)["simulated_workers"], 1);
  EXPECT_EQ(system_of(all)["simulated_workers"], 4);
  EXPECT_EQ(rep.cycles, all.cycles);
  EXPECT_EQ(rep.dram_bytes(), all.dram_bytes());
  ASSERT_TRUE(rep.energy && all.energy);
  EXPECT_NEAR(rep.energy->energy_j, all.energy->energy_j, 1e-12 * rep.energy->energy_j);
  EXPECT_EQ(system_of(rep)["links"], system_of(all)["links"]);
}

// A one-chip system is today's lone chip: same cycles, records and energy.
TEST(SystemTensorParallel, OneChipSystemEqualsTheLoneChip) {
  const std::string wl = source_path("workloads/examples/mmfreelm-370m_decode.yaml");
  const std::string arch = source_path("arch_configs/ternary_asic.yaml");
  RunResult lone = simulate(RunRequest{arch, wl, {}});
  RunResult sys = simulate(RunRequest{arch, wl, {"system.chips=1"}});
  EXPECT_EQ(lone.cycles, sys.cycles);
  EXPECT_EQ(lone.dram_read_bytes, sys.dram_read_bytes);
  EXPECT_EQ(lone.events.counts, sys.events.counts);
  ASSERT_EQ(lone.op_records.size(), sys.op_records.size());
  for (size_t i = 0; i < lone.op_records.size(); ++i) {
    EXPECT_EQ(lone.op_records[i].name, sys.op_records[i].name);
    EXPECT_EQ(lone.op_records[i].end_cycle, sys.op_records[i].end_cycle);
  }
  ASSERT_TRUE(lone.energy && sys.energy);
  EXPECT_DOUBLE_EQ(lone.energy->energy_j, sys.energy->energy_j);
  EXPECT_TRUE(lone.system_json.empty());
}

// Two stages: g_a (K=8 -> N=16, 2 tiles, 69 cycles per 32-row micro-batch) on chip0 and g_b
// (K=16 -> N=16, 4 tiles, 1 + 4 x 32 + 4 = 133 cycles) on chip1, with g_a's 1024 B output sent
// between them (1024/64 + 100 = 116 cycles, on chip1's receive port while it computes). The
// slowest stage sets the pace: each further micro-batch adds exactly 133 cycles.
TEST(SystemPipelineParallel, SteadyStateIsTheSlowestStage) {
  auto run_mb = [](uint32_t mb) {
    const std::string m = std::to_string(32 * mb);
    const std::string wl = "name: two_stage\nops:\n  - {name: g_a, kind: gemm, m: " + m +
                           ", n: 16, k: 8, weight: ternary}\n  - {name: g_b, kind: gemm, m: " + m +
                           ", n: 16, k: 16, weight: ternary, deps: [g_a]}\n";
    return run_yaml(system_arch("  parallel: {tp: 1, pp: 2, micro_batches: " + std::to_string(mb) + "}\n"), wl);
  };
  RunResult r4 = run_mb(4), r8 = run_mb(8);
  const OpRecord* a = find(r4, "chip0.g_a.mb0");
  const OpRecord* b = find(r4, "chip1.g_b.mb0");
  const OpRecord* send = find(r4, "chip0.g_a.mb0.to_stage1");
  ASSERT_TRUE(a && b && send);
  EXPECT_EQ(a->compute_cycles, 69u);
  EXPECT_EQ(b->compute_cycles, 133u);
  EXPECT_EQ(send->compute_cycles, 116u);
  EXPECT_EQ(find(r4, "chip1.g_a.mb0.to_stage1")->unit, "link_in");
  EXPECT_EQ(r8.cycles - r4.cycles, 4u * 133u);
  EXPECT_EQ(system_of(r4)["simulated_workers"], 2);
}

// Data parallel splits the batch rows: M=32 on dp=2 is 16 rows per chip, no collective.
// compute = 1 + 4 x 16 + 4 = 69; chunk ready at 11 -> 80.
TEST(SystemDataParallel, SplitsTheRowsWithoutCollectives) {
  RunResult r = run_yaml(system_arch("  parallel: {tp: 1, dp: 2}\n"), gemm_workload_yaml(32, 16, 16));
  ASSERT_EQ(r.op_records.size(), 1u);
  EXPECT_EQ(r.op_records[0].compute_cycles, 69u);
  EXPECT_EQ(r.cycles, 80u);
  EXPECT_EQ(system_of(r)["collectives"], 0);
}

// N=16 over 3 chips is 5 1/3 columns each: padded to 6 (18 columns computed), and reported.
TEST(SystemTensorParallel, UnevenSplitIsPaddedAndReported) {
  RunResult r = run_yaml(system_arch(), gemm_workload_yaml(32, 16, 16), {"system.chips=3"});
  nlohmann::json pad = system_of(r)["padding"];
  ASSERT_EQ(pad.size(), 1u);
  EXPECT_EQ(pad[0]["op"], "g");
  EXPECT_EQ(pad[0]["dim"], "n");
  EXPECT_EQ(pad[0]["from"], 5);
  EXPECT_EQ(pad[0]["to"], 6);
}

// Weights-resident: 1024 x 1024 ternary weights = 262144 B; 2 chips hold 64 KiB each.
TEST(SystemWeightsResident, TooSmallNamesTheChipsNeeded) {
  const std::string arch = system_arch("  weights: resident\n");
  try {
    run_yaml(arch, gemm_workload_yaml(1, 1024, 1024));
    FAIL() << "no error";
  } catch (const MappingError& e) {
    EXPECT_EQ(std::string(e.what()),
              "system.weights: resident: chip0 needs 131072 bytes of weights but its sram.weight_buffer holds 65536 "
              "bytes; the model's 262144 bytes of weights need at least 4 chips of this kind");
  }
  // Four chips of this kind hold it, and nothing streams from DRAM.
  RunResult r = run_yaml(arch, gemm_workload_yaml(1, 1024, 1024), {"system.chips=4"});
  EXPECT_EQ(find(r, "g")->dram_read_bytes, 0u);
  EXPECT_EQ(r.dram_read_bytes, 0u);
}

// From the CLI: the capacity error is one line and exit 2; a system run is deterministic and
// its summary.json and trace carry the per-link figures.
TEST(SystemCli, ResidentErrorLineDeterministicSummaryAndLinkTracks) {
  const std::string arch = write_temp("sys_arch.yaml", system_arch("  weights: resident\n"));
  const std::string wl = write_temp("sys_wl.yaml", gemm_workload_yaml(1, 1024, 1024));
  CliResult bad = run_cli("run --arch " + arch + " --workload " + wl + " -o " + temp_dir() + "/sys_bad");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out,
            "error: system.weights: resident: chip0 needs 131072 bytes of weights but its sram.weight_buffer holds "
            "65536 bytes; the model's 262144 bytes of weights need at least 4 chips of this kind\n");
  std::string summaries[2];
  for (int i = 0; i < 2; ++i) {
    const std::string out = temp_dir() + "/sys_ok" + std::to_string(i);
    CliResult ok = run_cli("run --arch " + arch + " --workload " + wl + " -o " + out + " --set system.chips=4 --trace " +
                           out + "/trace.json");
    ASSERT_EQ(ok.exit_code, 0) << ok.out;
    summaries[i] = read_file(out + "/summary.json");
    if (i == 0) {
      const nlohmann::json trace = nlohmann::json::parse(read_file(out + "/trace.json"));
      std::set<std::pair<int, std::string>> tracks;  // (pid, thread name)
      for (const auto& e : trace["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name") tracks.insert({e["pid"].get<int>(), e["args"]["name"].get<std::string>()});
      for (int w = 0; w < 4; ++w) EXPECT_TRUE(tracks.count({2 + w, "link"})) << w;  // process "chip<w>"
    }
  }
  EXPECT_EQ(summaries[0], summaries[1]);
  const nlohmann::json s = nlohmann::json::parse(summaries[0]);
  EXPECT_EQ(s["system"]["links"].size(), 4u);
  EXPECT_EQ(s["system"]["links"][2]["name"], "chip2.link");
  EXPECT_EQ(s["system"]["weights"], "resident");
}

// tp = 2 and pp = 2 on a ring of 4 chips: stage 0 (chips 0, 1) runs the first Megatron MLP
// (a1 column-parallel, a2 row-parallel + all-reduce), stage 1 (chips 2, 3) the second.
// Stage 0 is exactly the tp = 2 run of its half: a1 2 tiles (69 cycles, weights ready at 11)
// -> 80, a2 2 tiles -> 149, all-reduce of 1024 B in {0, 1} (1 hop): 1024/64 + 2 x 100 = 216
// -> 365. a2's whole output goes from chip0 to chip2 (and chip1 to chip3), 2 hops on the
// ring: 1024/64 + 2 x 100 = 216 -> 581. Stage 1's weights were prefetched, so b1 -> 650,
// b2 -> 719, all-reduce in {2, 3} -> 935.
namespace {
const char* kTwoMlps =
    "  - {name: a1, kind: gemm, m: MROWS, n: 16, k: 16, weight: ternary}\n"
    "  - {name: a2, kind: gemm, m: MROWS, n: 16, k: 16, weight: ternary, deps: [a1]}\n"
    "  - {name: b1, kind: gemm, m: MROWS, n: 16, k: 16, weight: ternary, deps: [a2]}\n"
    "  - {name: b2, kind: gemm, m: MROWS, n: 16, k: 16, weight: ternary, deps: [b1]}\n";
std::string two_mlps(uint32_t rows, bool second = true) {
  std::string ops = kTwoMlps;
  if (!second) ops = ops.substr(0, ops.find("  - {name: b1"));
  for (size_t p; (p = ops.find("MROWS")) != std::string::npos;) ops.replace(p, 5, std::to_string(rows));
  return "name: two_mlps\nops:\n" + ops;
}
}  // namespace

TEST(SystemTensorPipeline, StageIsTheTensorParallelHalfPlusTheSend) {
  RunResult half = run_yaml(system_arch(), two_mlps(32, false));  // tp = 2, first MLP only
  EXPECT_EQ(half.cycles, 365u);
  RunResult r = run_yaml(system_arch("  parallel: {tp: 2, pp: 2}\n"), two_mlps(32), {"system.chips=4"});
  const nlohmann::json s = system_of(r);
  EXPECT_EQ(s["parallel"]["tp"], 2);
  EXPECT_EQ(s["parallel"]["pp"], 2);
  EXPECT_EQ(s["simulated_workers"], 2);  // one per stage
  for (const char* n : {"a1", "a2", "a2.all_reduce"})
    EXPECT_EQ(find(r, std::string("chip0.") + n)->end_cycle, find(half, n)->end_cycle) << n;
  const OpRecord* send = find(r, "chip0.a2.to_stage1");
  const OpRecord* recv = find(r, "chip2.a2.to_stage1");
  ASSERT_TRUE(send && recv);
  EXPECT_EQ(send->start_cycle, 365u);
  EXPECT_EQ(send->compute_cycles, 216u);
  EXPECT_EQ(recv->unit, "link_in");
  EXPECT_EQ(recv->end_cycle, 581u);
  EXPECT_EQ(find(r, "chip2.b1")->folds, 2u);
  EXPECT_EQ(find(r, "chip2.b1")->end_cycle, 650u);
  EXPECT_EQ(find(r, "chip2.b2")->end_cycle, 719u);
  EXPECT_EQ(find(r, "chip2.b2.all_reduce")->end_cycle, 935u);
  EXPECT_EQ(r.cycles, 935u);
  // Every chip's link carried its share: chip1 -> chip3 mirrors chip0 -> chip2.
  const auto& links = s["links"];
  ASSERT_EQ(links.size(), 4u);
  // all-reduce: 2(p-1) steps of 1024/p = 1024 B sent, plus the 1024 B send
  EXPECT_DOUBLE_EQ(links[0]["bytes"].get<double>(), 2048.0);
  EXPECT_DOUBLE_EQ(links[1]["bytes"].get<double>(), 2048.0);
  EXPECT_DOUBLE_EQ(links[2]["bytes"].get<double>(), 1024.0);  // all-reduce only; it receives the send
  EXPECT_EQ(links[3]["busy_cycles"], 216 + 216);
}

// With micro-batches the slowest stage sets the pace. Stage 1 is the slower: chip2's link
// receives micro-batch j (216 cycles, ends at R_j), the arrays run b1 and b2 (2 x 69 = 138),
// then the all-reduce books chip2's link (both sides) from R_j + 138 to R_j + 354. Stage 0's
// link is free for the next send at R_j + 216 (its own all-reduce follows the send), but
// chip2's receive side is then booked by that all-reduce, so send j+1 runs R_j + 354 ..
// R_j + 570: each further micro-batch adds 216 + 138 + 216 = 570 cycles (stage 0 alone would
// need 432: its link carries its all-reduce and the send, 216 each, while its arrays overlap).
// Simulating all four workers gives the same numbers.
TEST(SystemTensorPipeline, MicroBatchesPaceAtTheSlowestStage) {
  auto run_mb = [](uint32_t mb, bool all) {
    return run_yaml(system_arch("  parallel: {tp: 2, pp: 2, micro_batches: " + std::to_string(mb) + "}\n" +
                                (all ? "  simulate_all_workers: true\n" : "")),
                    two_mlps(32 * mb), {"system.chips=4"});
  };
  RunResult r4 = run_mb(4, false), r8 = run_mb(8, false);
  EXPECT_EQ(r8.cycles - r4.cycles, 4u * 570u);
  RunResult all = run_mb(4, true);
  EXPECT_EQ(system_of(all)["simulated_workers"], 4);
  EXPECT_EQ(all.cycles, r4.cycles);
  EXPECT_EQ(all.dram_bytes(), r4.dram_bytes());
  EXPECT_EQ(system_of(all)["links"], system_of(r4)["links"]);
}

// Every split of 8 workers into tp x pp x dp runs, and simulating one worker per class gives
// the numbers of simulating all of them (batch 4, 2 micro-batches per pipeline): exactly on 8
// one-core chips; on 4 chips of 2 cores, whose cores share a DRAM, within a cycle or two (a
// simulated core books its twin's DRAM requests right after its own, so its data comes last).
TEST(SystemTensorPipeline, EveryCombinationOfEightWorkersRuns) {
  const uint32_t combos[][3] = {{8, 1, 1}, {4, 2, 1}, {2, 2, 2}, {2, 4, 1}, {1, 2, 4}, {2, 1, 4}, {1, 4, 2}};
  for (const auto& c : combos)
    for (uint32_t cores : {1u, 2u}) {
      const std::string par = "  parallel: {tp: " + std::to_string(c[0]) + ", pp: " + std::to_string(c[1]) +
                              ", dp: " + std::to_string(c[2]) + ", micro_batches: " + (c[1] > 1 ? "2" : "1") + "}\n";
      const std::string label = par.substr(12) + " cores " + std::to_string(cores);
      const std::vector<std::string> sets = {"system.chips=" + std::to_string(8 / cores),
                                             "system.cores_per_chip=" + std::to_string(cores)};
      RunResult rep = run_yaml(system_arch(par), two_mlps(64), sets);
      RunResult all = run_yaml(system_arch(par + "  simulate_all_workers: true\n"), two_mlps(64), sets);
      EXPECT_EQ(system_of(all)["simulated_workers"], 8) << label;
      if (cores == 1)
        EXPECT_EQ(rep.cycles, all.cycles) << label;
      else
        EXPECT_NEAR(double(rep.cycles), double(all.cycles), 2.0) << label;
      EXPECT_EQ(rep.dram_bytes(), all.dram_bytes()) << label;
      EXPECT_EQ(system_of(rep)["links"], system_of(all)["links"]) << label;
    }
}

// Four cores of one chip share its DRAM (64 B/cycle). A 1024 x 1024 ternary GEMM (M = 1) on
// 64 x 64 arrays (2048-bit weight-buffer port: 4 cycles per 1 KiB tile, 278 compute cycles),
// tensor parallel over the cores: each core streams N/4 = 256 columns = 64 tiles of 1 KiB =
// 65536 B. On four one-core chips that is 1024 DRAM cycles each, and g ends at 1024 + 149 =
// 1173 (149: the DRAM latency and the last chunk's compute after the stream). Sharing one DRAM,
// the four cores move 262144 B = 4096 DRAM cycles, and g ends at 4096 + 149 = 4245; the
// all-gather of the 2048 B output follows: 3/4 x 2048/64 + 3 x 100 = 324 -> 4569. Simulating
// every core (each queueing its own requests on the DRAM) gives the same 4569.
TEST(SystemCores, CoresShareTheirChipsDram) {
  const std::vector<std::string> sets = {"system.chips=1", "system.cores_per_chip=4", "array.rows=64", "array.cols=64",
                                         "sram.weight_buffer.width_bits=2048"};
  RunResult r = run_yaml(system_arch(), gemm_workload_yaml(1, 1024, 1024), sets);
  const OpRecord* g = find(r, "g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->folds, 64u);
  EXPECT_EQ(g->compute_cycles, 278u);
  EXPECT_EQ(r.dram_read_bytes, 262144u);
  EXPECT_GE(g->end_cycle, 262144u / 64u);  // bytes / chip bandwidth
  EXPECT_EQ(g->end_cycle, 4096u + 149u);
  EXPECT_EQ(r.cycles, 4245u + 324u);
  EXPECT_EQ(r.dram_busy_cycles, 4096u);
  EXPECT_DOUBLE_EQ(r.dram_peak_bytes_per_cycle, 64.0);  // one chip, one DRAM
  const nlohmann::json s = system_of(r);
  EXPECT_EQ(s["worker_stats"][3]["name"], "chip0_core3");
  EXPECT_EQ(s["worker_stats"][3]["dram_bytes"], 65536);
  // Four chips of one core each stream their 65536 B side by side.
  RunResult chips = run_yaml(system_arch(), gemm_workload_yaml(1, 1024, 1024),
                             {"system.chips=4", "array.rows=64", "array.cols=64", "sram.weight_buffer.width_bits=2048"});
  EXPECT_EQ(find(chips, "g")->end_cycle, 1024u + 149u);
  EXPECT_DOUBLE_EQ(chips.dram_peak_bytes_per_cycle, 4 * 64.0);
  // Every core simulated, queueing on the one DRAM.
  auto all_sets = sets;
  all_sets.push_back("system.simulate_all_workers=true");
  RunResult all = run_yaml(system_arch(), gemm_workload_yaml(1, 1024, 1024), all_sets);
  EXPECT_EQ(system_of(all)["simulated_workers"], 4);
  EXPECT_EQ(all.dram_busy_cycles, 4096u);
  EXPECT_EQ(all.cycles, r.cycles);
}

// --trace of a system: one Perfetto process per chip ("chip<c>"), and in it one track per unit
// of each simulated core and one per link, with the spans that ran there.
namespace {
struct TraceTracks {
  std::map<int, std::string> processes;                      // pid -> name
  std::map<std::pair<int, std::string>, int> tids;           // (pid, thread) -> tid
  std::map<std::pair<int, int>, std::vector<std::string>> spans;  // (pid, tid) -> span names
};
TraceTracks trace_tracks(const std::string& path) {
  const nlohmann::json trace = nlohmann::json::parse(read_file(path));
  TraceTracks t;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "process_name") t.processes[e["pid"]] = e["args"]["name"];
    if (e["ph"] == "M" && e["name"] == "thread_name") t.tids[{e["pid"], e["args"]["name"]}] = e["tid"];
    if (e["ph"] == "X") t.spans[{e["pid"], e["tid"]}].push_back(e["name"]);
  }
  return t;
}
}  // namespace

TEST(SystemTrace, TracksPerChipCoreAndLink) {
  const std::string wl = write_temp("trace_wl.yaml", two_mlps(32));
  // tp = 2 x pp = 2 on 2 chips of 2 cores: stage 0 on chip0's cores, stage 1 on chip1's.
  const std::string arch = write_temp("trace_arch.yaml", system_arch("  parallel: {tp: 2, pp: 2}\n  simulate_all_workers: true\n"));
  const std::string out = temp_dir() + "/sys_trace";
  CliResult ok = run_cli("run --arch " + arch + " --workload " + wl + " -o " + out +
                         " --set system.cores_per_chip=2 --trace " + out + "/trace.json");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  const TraceTracks t = trace_tracks(out + "/trace.json");
  EXPECT_EQ(t.processes.at(2), "chip0");
  EXPECT_EQ(t.processes.at(3), "chip1");
  auto spans_on = [&](int pid, const std::string& thread) {
    auto it = t.tids.find({pid, thread});
    if (it == t.tids.end()) return std::vector<std::string>{"<no track " + thread + ">"};
    return t.spans.at({pid, it->second});
  };
  using V = std::vector<std::string>;
  for (int core = 0; core < 2; ++core) {
    const std::string c = "core" + std::to_string(core) + ".";
    EXPECT_EQ(spans_on(2, c + "array"), (V{"a1", "a2"})) << core;  // busy spans of each core's array
    EXPECT_EQ(spans_on(3, c + "array"), (V{"b1", "b2"})) << core;
    EXPECT_EQ(spans_on(2, c + "link"), (V{"a2.all_reduce", "a2.to_stage1"})) << core;  // its link's transfers
    EXPECT_EQ(spans_on(3, c + "link"), (V{"a2.to_stage1", "b2.all_reduce"})) << core;
  }
  // The chip's DRAM is one track set per chip, shared by its cores: 4 chunk reads of 32 B.
  EXPECT_EQ(spans_on(2, "dram.ch0").size(), 4u);
  EXPECT_FALSE(t.tids.count({1, "array"}));  // nothing left on the run's own process
}

// Batch 64 decode in two micro-batches of 32 rows through a 2-stage pipeline (1 GHz): chip0
// runs g_a.mb0 (weights ready at 11, 69 cycles) -> 80 and g_a.mb1 -> 149; its link sends
// mb0 80..196 (1024/64 + 100) and mb1 196..312; chip1 runs g_b.mb0 196 -> 329 (133 cycles)
// and g_b.mb1 329 -> 462. The step gives 64 tokens in 462 ns: 64 / 462e-9 tokens/s. The 32
// sequences of mb0 have their token at 329 ns, those of mb1 at 462 ns: 395.5 ns per token on
// average, not the step's 462.
TEST(SystemPipelineParallel, MicroBatchesInTokensPerSecondAndLatencyPerToken) {
  const std::string wl =
      "name: two_stage\nbatch: 64\nops:\n  - {name: g_a, kind: gemm, m: 64, n: 16, k: 8, weight: ternary}\n"
      "  - {name: g_b, kind: gemm, m: 64, n: 16, k: 16, weight: ternary, deps: [g_a]}\n";
  RunResult r = run_yaml(system_arch("  parallel: {tp: 1, pp: 2, micro_batches: 2}\n"), wl);
  EXPECT_EQ(find(r, "chip0.g_a.mb1")->end_cycle, 149u);
  EXPECT_EQ(find(r, "chip1.g_a.mb1.to_stage1")->end_cycle, 312u);
  EXPECT_EQ(find(r, "chip1.g_b.mb0")->end_cycle, 329u);
  EXPECT_EQ(r.cycles, 462u);
  const nlohmann::json s = system_of(r);
  EXPECT_DOUBLE_EQ(s["tokens_per_s"].get<double>(), 64 / 462e-9);
  EXPECT_NEAR(s["micro_batch_latency_per_token_s"][0].get<double>(), 329e-9, 1e-18);
  EXPECT_NEAR(s["micro_batch_latency_per_token_s"][1].get<double>(), 462e-9, 1e-18);
  EXPECT_NEAR(s["latency_per_token_s"].get<double>(), 395.5e-9, 1e-18);
}

// Batch 4 decode, data parallel over 2 chips: each chip runs 2 of the 4 rows (M = 2: 4 tiles,
// 1 + 4 x 2 + 4 = 13 cycles after the weights at 11 -> 24); all 4 sequences get their token
// at 24 ns: 4 / 24e-9 tokens/s, 24 ns per token. A 2-token workload halves the latency per
// token and keeps tokens/s.
TEST(SystemDataParallel, BatchDecodeTokensPerSecondAndLatencyPerToken) {
  for (uint32_t tokens : {1u, 2u}) {
    const std::string wl = "name: dp\nbatch: 4\ntokens: " + std::to_string(tokens) +
                           "\nops:\n  - {name: g, kind: gemm, m: 4, n: 16, k: 16, weight: ternary}\n";
    RunResult r = run_yaml(system_arch("  parallel: {tp: 1, dp: 2}\n"), wl);
    EXPECT_EQ(r.op_records[0].compute_cycles, 13u);
    EXPECT_EQ(r.cycles, 24u);
    const nlohmann::json s = system_of(r);
    EXPECT_DOUBLE_EQ(s["tokens_per_s"].get<double>(), 4.0 * tokens / 24e-9) << tokens;
    EXPECT_NEAR(s["latency_per_token_s"].get<double>(), 24e-9 / tokens, 1e-18) << tokens;
  }
}

// Attention over the KV cache under tp = 2: 4 heads of 8 over a 16-token context, heads x batch
// folded into n (tracegen). q/k/v projections are column-parallel (each rank gets 2 heads),
// QK^T (k = 8, n = 4 x 16 = 64 -> 32) and PV (k = 16, n = 4 x 8 = 32 -> 16) read half the cache
// each, the softmax runs its 2 heads' rows (m = 4 -> 2) with no all-reduce, and the
// row-parallel output projection all-reduces.
TEST(SystemTensorParallel, AttentionSplitsTheHeads) {
  const std::string wl =
      "name: attn\nops:\n"
      "  - {name: q, kind: gemm, m: 1, n: 32, k: 32, weight: ternary}\n"
      "  - {name: k_proj, kind: gemm, m: 1, n: 32, k: 32, weight: ternary, deps: []}\n"
      "  - {name: k_append, kind: kv_append, m: 1, n: 32}\n"
      "  - {name: qk, kind: gemm, m: 1, n: 64, k: 8, weight: int8, b_operand: kv_cache, deps: [q, k_append]}\n"
      "  - {name: softmax, kind: softmax, m: 4, n: 16}\n"
      "  - {name: pv, kind: gemm, m: 1, n: 32, k: 16, weight: int8, b_operand: kv_cache}\n"
      "  - {name: o, kind: gemm, m: 1, n: 32, k: 32, weight: ternary}\n";
  RunResult one = run_yaml(small_arch_yaml(), wl);
  RunResult two = run_yaml(system_arch(), wl);
  // 8 x 8 array: qk 1 x 8 tiles -> 1 x 4, pv 2 x 4 -> 2 x 2; the cache read halves.
  EXPECT_EQ(find(one, "qk")->folds, 8u);
  EXPECT_EQ(find(two, "qk")->folds, 4u);
  EXPECT_EQ(find(one, "pv")->folds, 8u);
  EXPECT_EQ(find(two, "pv")->folds, 4u);
  EXPECT_EQ(find(two, "qk")->dram_read_bytes * 2, find(one, "qk")->dram_read_bytes);
  EXPECT_EQ(find(two, "pv")->dram_read_bytes * 2, find(one, "pv")->dram_read_bytes);
  EXPECT_EQ(find(two, "softmax.row_stat_all_reduce"), nullptr);
  ASSERT_NE(find(two, "o.all_reduce"), nullptr);
  EXPECT_EQ(find(two, "q.all_gather"), nullptr);
  EXPECT_EQ(system_of(two)["collectives"], 1);
}

// The cores of a chip share its DRAM, so its energy is booked once for the chip: its standby
// and refresh power over the system's time, not once per core (each simulated core used to
// book them all, and the representative core's result was then multiplied by its four twins).
// Calibrated energy (docs/dram.md "Calibrated energy"): 0.1 pJ/bit ACT, 5 pJ/bit read, 500 mW
// standby, 100 mW refresh. The four cores read 262144 B = 2097152 bits: ACT 209715.2 pJ, read
// 10485760 pJ; standby 500 mW x the run's seconds, refresh 100 mW x them.
TEST(SystemCores, ChipDramEnergyIsBookedOnceForItsCores) {
  const std::string cal = write_temp(
      "cal_64.yaml",
      "ternsim_dram_calibration: 1\nmeasured_on: {backend: dramsim3, commit: abc, standard: ddr4, preset: p.ini, "
      "address_mapping: rochrababgco, row_policy: open, scheduler: per_bank, channels: 1, burst_bytes: 64, "
      "peak_gb_per_s: 64}\npatterns:\n"
      "  weight_stream: {efficiency: 0.8, latency_ns: 50}\n  kv_read: {efficiency: 0.7, latency_ns: 30}\n"
      "  read_write: {efficiency: 0.5, latency_ns: 20}\n  multi_master: {efficiency: 0.6, latency_ns: 100}\n"
      "energy: {activate_pj_per_bit: 0.1, read_pj_per_bit: 5, write_pj_per_bit: 4, background_mw: 500, "
      "refresh_mw: 100}\n");
  const std::vector<std::string> sets = {"system.chips=1",        "system.cores_per_chip=4",
                                         "array.rows=64",         "array.cols=64",
                                         "sram.weight_buffer.width_bits=2048", "dram.calibration=" + cal,
                                         "tech=" + source_path("arch_configs/tech/28nm.yaml")};
  for (bool all : {false, true}) {
    auto s = sets;
    s.push_back(std::string("system.simulate_all_workers=") + (all ? "true" : "false"));
    RunResult r = run_yaml(system_arch(), gemm_workload_yaml(1, 1024, 1024), s);
    ASSERT_TRUE(r.energy);
    EXPECT_EQ(r.dram_read_bytes, 262144u);
    const auto& d = r.energy->dram_breakdown_j;
    EXPECT_NEAR(d.at("activate_precharge"), 209715.2e-12, 1e-20);
    EXPECT_NEAR(d.at("read"), 10485760e-12, 1e-18);
    EXPECT_EQ(d.at("write"), 0);
    EXPECT_NEAR(d.at("background"), 0.5 * r.seconds, 1e-18);
    EXPECT_NEAR(d.at("refresh"), 0.1 * r.seconds, 1e-18);
    double sum = 0;
    for (const auto& [k, v] : d) sum += v;
    EXPECT_NEAR(r.energy->energy_breakdown_j.at("dram"), sum, 1e-18);
  }
}

// A cycle-accurate backend measured the requests of all the chip's cores: the system's DRAM
// energy is what its power model measured (reported in summary.json's dram_backend), not the
// tech table's pJ/bit, which the cores' ports (they have no power model) used to fall back on.
TEST(SystemCores, ChipDramEnergyIsTheSharedBackendsOwn) {
  const std::vector<std::string> sets = {
      "system.chips=1",
      "system.cores_per_chip=4",
      "array.rows=64",
      "array.cols=64",
      "sram.weight_buffer.width_bits=2048",
      "tech=" + source_path("arch_configs/tech/28nm.yaml"),
      "dram={model: dramsim3, kind: ddr4, dramsim3: {standard: ddr4, preset: " +
          source_path("arch_configs/dram/ddr4_2400_x64.ini") + "}}"};
  RunResult r = run_yaml(system_arch(), gemm_workload_yaml(1, 1024, 1024), sets);
  ASSERT_TRUE(r.energy);
  double backend_pj = 0;
  for (const char* part : {"activate_precharge", "read", "write", "refresh", "background"})
    backend_pj += r.dram_backend.at(std::string("energy_pj.") + part);
  EXPECT_GT(r.dram_backend.at("energy_pj.read"), 0);
  EXPECT_NEAR(r.energy->energy_breakdown_j.at("dram"), backend_pj * 1e-12, 1e-9 * backend_pj * 1e-12);
  EXPECT_NEAR(r.energy->dram_breakdown_j.at("read"), r.dram_backend.at("energy_pj.read") * 1e-12, 1e-20);
  // The tech table's 20 pJ/bit for ddr4 would have been 2097152 x 20 pJ.
  EXPECT_GT(std::abs(r.energy->energy_breakdown_j.at("dram") - 2097152 * 20e-12), 1e-7);
}
