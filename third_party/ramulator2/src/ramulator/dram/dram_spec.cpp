#include "ramulator/dram/dram_spec.h"

namespace Ramulator {

// ternsim patch: a configuration is checked before use (list lengths against the standard's
// level / command / timing counts, indices in range, positive sizes, power-of-two organisation),
// so a hand-edited or corrupt preset is an exception here instead of an out-of-range index,
// a division by zero or a negative latency later.
static void ternsim_check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("invalid dram configuration: " + what);
}
static bool ternsim_pow2(long long x) { return x > 0 && (x & (x - 1)) == 0; }

void DRAMSpec::load_config(const ConfigNode& config) {
  try {
    load_config_checked(config);
  } catch (const std::exception& e) {
    const std::string m = e.what();
    if (m.rfind("invalid dram configuration", 0) == 0 || m.rfind("DRAMSpec", 0) == 0) throw;
    // e.g. std::invalid_argument "stoi" from a number that is not one
    throw std::runtime_error("invalid dram configuration: " + m + " (a value is not a number or a list is malformed)");
  }
}

void DRAMSpec::load_config_checked(const ConfigNode& config) {
  const ConfigNode dram = config["dram"];
  ternsim_check(dram.is_map(), "no dram map");

  // Organization
  channel_width = dram["channel_width"].as<int>();
  ConfigNode data_payload_node = dram["data_payload_bytes"];
  data_payload_bytes = data_payload_node ? data_payload_node.as<int>() : -1;
  ConfigNode org = dram["org"];
  organization.dq = org["dq"].as<int>();
  ConfigNode count_node = org["count"];
  const auto& counts = count_node.seq();
  ternsim_check(static_cast<int>(counts.size()) == level_count,
                "org.count has " + std::to_string(counts.size()) + " levels, the standard has " +
                    std::to_string(level_count));
  organization.level_sizes.resize(counts.size());
  for (size_t i = 0; i < counts.size(); i++) {
    organization.level_sizes[i] = counts[i].as<int>();
    ternsim_check(ternsim_pow2(organization.level_sizes[i]) && organization.level_sizes[i] <= (1 << 24),
                  "org.count[" + std::to_string(i) + "] must be a power of two in [1, 2^24]");
  }
  ternsim_check(organization.dq > 0 && channel_width > 0 && channel_width % 8 == 0 && channel_width <= 1024,
                "dq and channel_width must be positive, channel_width a multiple of 8 (at most 1024)");
  ternsim_check(organization.level_sizes.back() >= internal_prefetch_size,
                "fewer columns than the internal prefetch (" + std::to_string(internal_prefetch_size) + ")");
  ternsim_check(data_payload_bytes == -1 || ternsim_pow2(data_payload_bytes), "data_payload_bytes must be a power of two");
  // Each controller handles a single channel
  if (organization.level_sizes[0] != 1) {
    throw std::runtime_error(
        "DRAMSpec: level_sizes[0] (Channel) must be 1 — "
        "multi-channel is configured at the system level, not in the DRAM spec. "
        "Got: " + std::to_string(organization.level_sizes[0]));
  }

  // Timing values
  ConfigNode timing_node = dram["timing"];
  const auto& timing = timing_node.seq();
  ternsim_check(static_cast<int>(timing.size()) == timing_count,
                "timing has " + std::to_string(timing.size()) + " values, the standard has " + std::to_string(timing_count));
  timing_vals.resize(timing.size());
  for (size_t i = 0; i < timing.size(); i++) {
    timing_vals[i] = timing[i].as<int>();
    ternsim_check(timing_vals[i] >= 0 && timing_vals[i] <= 1000000000,
                  "timing[" + std::to_string(i) + "] must be in [0, 1e9]");
  }
  if (timings.count("tCK_ps")) ternsim_check(timing_vals[timings.at("tCK_ps")] > 0, "tCK_ps must be positive");

  // Command bus cycle counts (pre-computed by Python)
  command_cycles.assign(command_count, 1);
  ConfigNode command_cycles_node = dram["command_cycles"];
  if (command_cycles_node) {
    const auto& cycles = command_cycles_node.seq();
    for (size_t i = 0; i < cycles.size() && i < command_cycles.size(); i++) {
      command_cycles[i] = cycles[i].as<int>();
      ternsim_check(command_cycles[i] >= 1 && command_cycles[i] <= 64, "command_cycles must be in [1, 64]");
    }
  }

  // Read latency (pre-computed by Python)
  read_latency = dram["read_latency"].as<int>();
  ternsim_check(read_latency >= 1 && read_latency <= 1000000, "read_latency must be in [1, 1e6]");

  // Timing constraints (pre-computed by Python)
  timing_cons.resize(level_count, std::vector<std::vector<TimingConsEntry>>(command_count));

  ConfigNode tc_node = dram["timing_constraints"];
  for (const auto& entry : tc_node.seq()) {
    const auto& f = entry.seq();
    ternsim_check(f.size() >= 4 && f.size() <= 6, "a timing constraint is [level, [commands], [commands], latency(, window(, sibling))]");
    int level = f[0].as<int>();
    int latency = f[3].as<int>();
    int window = f.size() > 4 ? f[4].as<int>() : 1;
    bool sibling = f.size() > 5 ? f[5].as<bool>() : false;
    ternsim_check(level >= 0 && level < level_count, "timing constraint level out of range");
    ternsim_check(latency >= 0 && latency <= 1000000000, "timing constraint latency must be in [0, 1e9]");
    ternsim_check(window >= 1 && window <= 64, "timing constraint window must be in [1, 64]");
    for (const auto& c : f[1].seq()) ternsim_check(c.as<int>() >= 0 && c.as<int>() < command_count, "timing constraint command out of range");
    for (const auto& c : f[2].seq()) ternsim_check(c.as<int>() >= 0 && c.as<int>() < command_count, "timing constraint command out of range");
    for (const auto& p : f[1].seq()) {
      for (const auto& fc : f[2].seq()) {
        timing_cons[level][p.as<int>()].push_back({fc.as<int>(), latency, window, sibling});
      }
    }
  }

  // Precompute sibling-constraint flags to skip unnecessary traversal
  has_sibling_cons.assign(level_count, std::vector<int8_t>(command_count, 0));
  for (int lvl = 0; lvl < level_count; ++lvl) {
    for (int cmd = 0; cmd < command_count; ++cmd) {
      for (const auto& t : timing_cons[lvl][cmd]) {
        if (t.sibling) {
          has_sibling_cons[lvl][cmd] = 1;
          break;
        }
      }
    }
  }
}

std::map<std::string, DRAMSpec::Creator>& DRAMSpec::registry() {
  static std::map<std::string, Creator> r;
  return r;
}

bool DRAMSpec::register_standard(const std::string& name, Creator c) {
  registry()[name] = std::move(c);
  return true;
}

std::unique_ptr<DRAMSpec> DRAMSpec::create(const std::string& name, const ConfigNode& config) {
  auto it = registry().find(name);
  if (it == registry().end()) {
    throw std::runtime_error("Unknown DRAM standard: " + name);
  }
  auto spec = it->second(config);
  spec->standard_name = name;
  return spec;
}

}  // namespace Ramulator
