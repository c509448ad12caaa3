#include "sim/report/report_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/config/config_error.hpp"
#include "sim/config/input_file.hpp"
#include "sim/report/csv.hpp"
#include "sim/report/result_json.hpp"

namespace ternsim {
namespace {

// snprintf, not an ostringstream per number: ops.csv formats a few numbers per op, and a
// stream's locale set-up per call was most of writing it.
std::string fmt(double v, int prec = 3) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

std::string si(double v, const char* unit) {
  const char* pre[] = {"", "k", "M", "G", "T", "P"};
  int i = 0;
  while (std::abs(v) >= 1000 && i < 5) {
    v /= 1000;
    ++i;
  }
  return fmt(v, 2) + " " + pre[i] + unit;
}

// Engineering notation for values below 1 as well (energies are µJ..mJ, powers mW..W).
std::string eng(double v, const char* unit) {
  if (v == 0 || std::abs(v) >= 1) return si(v, unit);
  const char* pre[] = {"m", "u", "n", "p", "f"};
  int i = -1;
  while (std::abs(v) < 1 && i < 4) {
    v *= 1000;
    ++i;
  }
  return fmt(v, 3) + " " + pre[i] + unit;
}

std::string time_str(double s) {
  if (s >= 1) return fmt(s, 3) + " s";
  if (s >= 1e-3) return fmt(s * 1e3, 3) + " ms";
  return fmt(s * 1e6, 3) + " us";
}

}  // namespace

void write_ops_csv(const RunResult& r, std::ostream& out) {
  // Loops add count, first_step, last_step (docs/workload_ir.md); plain runs keep the old columns.
  out << "name,kind,unit,start_cycle,end_cycle,cycles,compute_cycles,stall_cycles,dram_read_bytes,"
         "dram_write_bytes,arith_ops,folds,passes,mapping_efficiency,compute_utilization,energy_j"
      << (r.loop ? ",ops,count,first_step,last_step" : ",ops")
      // memory_hierarchy: archs add the level each operand sat in (docs/memory_hierarchy.md).
      << (r.memory_json.empty() ? "\n" : ",weights_level,activations_level,outputs_level,bank_conflict_cycles,fill_cycles\n");
  const nlohmann::json levels =
      r.memory_json.empty() ? nlohmann::json::array() : nlohmann::json::parse(r.memory_json).at("ops");
  size_t row = 0;
  for (const auto& o : r.op_records) {
    out << csv_field(o.name) << ',' << csv_field(o.kind) << ',' << csv_field(o.unit) << ',' << o.start_cycle << ',' << o.end_cycle << ','
        << o.total_cycles() << ',' << o.compute_cycles << ',' << o.stall_cycles << ',' << o.dram_read_bytes << ','
        << o.dram_write_bytes << ',' << fmt(o.ops, 0) << ',' << o.folds << ',' << o.passes << ','
        << fmt(o.mapping_efficiency, 6) << ',' << fmt(o.compute_utilization, 6) << ',';
    // Empty (not 0) when the arch has no tech table: energy was not modelled.
    if (r.energy) {
      char e[64];
      std::snprintf(e, sizeof e, "%.9g", o.energy_j);  // as a stream with setprecision(9)
      out << e;
    }
    out << ',' << fmt(o.ops, 0);  // `ops`: deprecated alias of arith_ops, removed after 0.1
    if (r.loop) out << ',' << o.count << ',' << o.first_step << ',' << o.last_step;
    if (row < levels.size()) {
      const auto& l = levels[row];
      out << ',' << csv_field(l.at("weights").get<std::string>()) << ',' << csv_field(l.at("activations").get<std::string>())
          << ',' << csv_field(l.at("outputs").get<std::string>()) << ',' << l.at("bank_conflict_cycles").get<uint64_t>()
          << ',' << l.at("fill_cycles").get<uint64_t>();
    }
    ++row;
    out << '\n';
  }
}

const std::vector<std::string>& run_output_names() {
  static const std::vector<std::string> names = {"summary.json", "ops.csv", "resolved_arch.yaml", "workload.yaml",
                                                 "functional.csv"};
  return names;
}

void write_run_outputs(const RunResult& r, OutputDir& dir, const std::string& workload_path) {
  dir.write("summary.json", summary_json(r).dump(2) + "\n");
  std::ostringstream csv;
  write_ops_csv(r, csv);
  dir.write("ops.csv", csv.str());
  dir.write("resolved_arch.yaml", r.resolved_arch_yaml);
  if (!workload_path.empty()) dir.write("workload.yaml", read_input_file(workload_path));
}

void print_report(const RunResult& r, std::ostream& out) {
  auto s = summary_json(r);
  out << "ternsim: " << r.workload << " on " << r.arch << " @ " << fmt(r.clock_mhz, 1) << " MHz\n";
  out << "  latency        " << r.cycles << " cycles = " << time_str(r.seconds) << "\n";
  out << "  throughput     " << fmt(s["tokens_per_s"].get<double>(), 2) << " tokens/s (" << r.tokens
      << " token(s) x batch " << r.batch << ")\n";
  out << "  compute        " << si(s["achieved_tops"].get<double>() * 1e12, "OPS") << " of "
      << si(s["peak_tops"].get<double>() * 1e12, "OPS") << " peak, array utilization "
      << fmt(100 * r.utilization(), 1) << " %\n";
  out << "  DRAM           " << si(double(r.dram_read_bytes), "B") << " read, " << si(double(r.dram_write_bytes), "B")
      << " written, " << fmt(s["dram_bandwidth_gb_per_s"].get<double>(), 2) << " of "
      << fmt(s["dram_peak_gb_per_s"].get<double>(), 2) << " GB/s (" << fmt(100 * s["dram_bandwidth_utilization"].get<double>(), 1)
      << " % busy)\n";
  const auto& intensity = s["roofline"]["intensity_ops_per_byte"];  // null: no DRAM traffic
  out << "  roofline       " << (intensity.is_null() ? std::string("no DRAM traffic") : fmt(intensity.get<double>(), 2) + " ops/B")
      << " vs balance " << fmt(s["roofline"]["balance_ops_per_byte"].get<double>(), 2) << " ops/B: "
      << s["roofline"]["bound"].get<std::string>() << "-bound\n";
  if (r.energy) {
    const EnergyStats& e = *r.energy;
    out << "  energy         " << eng(e.energy_j, "J") << " (" << eng(e.energy_per_token_j, "J") << "/token), "
        << eng(e.power_w, "W") << ", " << fmt(e.tops_per_w, 3) << " TOPS/W\n";
    out << "    breakdown   ";
    for (const auto& [c, v] : e.energy_breakdown_j)
      out << " " << c << " " << fmt(e.energy_j > 0 ? 100 * v / e.energy_j : 0.0, 1) << "%";
    out << "\n";
    if (e.area_mm2) {
      out << "  area           " << fmt(*e.area_mm2, 3) << " mm2 (";
      bool first = true;
      for (const auto& [c, v] : e.area_breakdown_mm2) {
        out << (first ? "" : ", ") << c << " " << fmt(v, 3);
        first = false;
      }
      out << ")\n";
    }
  }
  if (r.fpga) {
    out << "  FPGA           " << r.fpga->device << ":";
    for (const auto& [n, u] : r.fpga->resources)
      out << " " << n << " " << fmt(u.used, 0) << "/" << fmt(u.available, 0) << " (" << fmt(100 * u.utilization(), 1)
          << "%)";
    out << "\n";
  }
  out << "\n  unit       busy cycles   busy %   ops\n";
  for (const auto& [name, u] : r.units) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-9s %12llu %7.1f %6llu\n", name.c_str(), (unsigned long long)u.busy_cycles,
                  r.cycles ? 100.0 * u.busy_cycles / r.cycles : 0.0, (unsigned long long)u.ops);
    out << line;
  }
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_kind;  // cycles, stall
  for (const auto& o : r.op_records) {
    by_kind[o.kind].first += o.cycles();
    by_kind[o.kind].second += o.stall_cycles;
  }
  uint64_t sum = 0;
  for (const auto& [k, v] : by_kind) sum += v.first;
  out << "\n  op kind        cycles   share %   stall cycles\n";
  for (const auto& [k, v] : by_kind) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-10s %10llu %9.1f %14llu\n", k.c_str(), (unsigned long long)v.first,
                  sum ? 100.0 * v.first / sum : 0.0, (unsigned long long)v.second);
    out << line;
  }
  std::vector<const OpRecord*> top;
  for (const auto& o : r.op_records) top.push_back(&o);
  std::stable_sort(top.begin(), top.end(), [](auto a, auto b) { return a->cycles() > b->cycles(); });
  out << "\n  slowest ops                       cycles    compute      stall   DRAM read\n";
  for (size_t i = 0; i < std::min<size_t>(8, top.size()); ++i) {
    char line[200];
    std::snprintf(line, sizeof line, "  %-28s %11llu %10llu %10llu %11s\n", top[i]->name.substr(0, 28).c_str(),
                  (unsigned long long)top[i]->cycles(), (unsigned long long)top[i]->compute_cycles,
                  (unsigned long long)top[i]->stall_cycles, si(double(top[i]->dram_read_bytes), "B").c_str());
    out << line;
  }
}

}  // namespace ternsim
