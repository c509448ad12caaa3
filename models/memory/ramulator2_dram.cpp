#include "models/memory/ramulator2_dram.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "models/memory/dram_calibration.hpp"
#include "ramulator2_host.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/input_file.hpp"
#include "sim/engine/sim_time.hpp"

namespace ternsim {

TERNSIM_REGISTER_DRAM("ramulator2", Ramulator2Dram, Ramulator2Config);

namespace {

// ternsim's standard names and Ramulator 2's (the standards vendored, third_party/ramulator2).
const std::map<std::string, std::string>& standards() {
  static const std::map<std::string, std::string> m = {
      {"ddr4", "DDR4"}, {"ddr5", "DDR5"}, {"hbm2", "HBM2"}, {"hbm3", "HBM3"}, {"lpddr5", "LPDDR5"}};
  return m;
}

// ternsim's names of Ramulator 2's row policies and schedulers.
const std::map<std::string, std::string>& row_policies() {
  static const std::map<std::string, std::string> m = {{"open", "Open"}, {"closed", "ClosedCAP"}};
  return m;
}
const std::map<std::string, std::string>& schedulers() {
  static const std::map<std::string, std::string> m = {{"frfcfs", "FRFCFS"}, {"frfcfs_rowhit", "FRFCFS-RowHit"}};
  return m;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::vector<std::string> keys_of(const std::map<std::string, std::string>& m) {
  std::vector<std::string> k;
  for (const auto& kv : m) k.push_back(kv.first);
  return k;
}

// The ternsim name of a Ramulator 2 implementation name ("" if it has none).
std::string ternsim_name(const std::map<std::string, std::string>& m, const std::string& impl) {
  for (const auto& kv : m)
    if (kv.second == impl) return kv.first;
  return "";
}

// IDD currents and voltages a preset's `ternsim.power` may give (dram_idd_energy.hpp): name, the
// field, the largest value accepted, and whether a power section must have it (the VPP rail is
// optional: 0 when absent).
struct PowerField {
  const char* key;
  double IddPower::*field;
  double max;
  bool required;
  bool integer = false;  // a count (devices_per_rank), read as an integer
};
const std::vector<PowerField>& power_fields() {
  static const std::vector<PowerField> f = {
      {"vdd", &IddPower::vdd, 5, true},          {"idd0", &IddPower::idd0, 1e4, true},
      {"idd2n", &IddPower::idd2n, 1e4, true},    {"idd3n", &IddPower::idd3n, 1e4, true},
      {"idd4r", &IddPower::idd4r, 1e4, true},    {"idd4w", &IddPower::idd4w, 1e4, true},
      {"idd5ab", &IddPower::idd5ab, 1e4, true},  {"vpp", &IddPower::vpp, 5, false},
      {"ipp0", &IddPower::ipp0, 1e4, false},     {"ipp2n", &IddPower::ipp2n, 1e4, false},
      {"ipp3n", &IddPower::ipp3n, 1e4, false},   {"ipp4r", &IddPower::ipp4r, 1e4, false},
      {"ipp4w", &IddPower::ipp4w, 1e4, false},   {"ipp5ab", &IddPower::ipp5ab, 1e4, false},
      {"devices_per_rank", &IddPower::devices_per_rank, 1024, true, true}};
  return f;
}

}  // namespace

// Banks in one rank (HBM: one pseudo-channel), over the levels a standard may have.
static int banks_per_rank(const r2::Host& h) {
  return std::max(1, h.level_size("BankGroup")) * std::max(1, h.level_size("Bank")) * std::max(1, h.level_size("Sid"));
}

// The timing the IDD model needs, from the standard's own parameters (LPDDR5: per-bank tRP and
// the shortest burst; refresh: all-bank tRFC).
static IddTiming idd_timing(const r2::Host& h, double tck_ns) {
  IddTiming t;
  t.nrc = h.timing("nRC");
  t.nras = h.timing("nRAS");
  t.nrp = h.timing("nRP");
  t.nbl = h.timing("nBL_min") > 0 ? h.timing("nBL_min") : h.timing("nBL");
  t.nrfc = h.timing("nRFC");
  t.banks_per_rank = banks_per_rank(h);
  t.tck_ns = tck_ns;  // the exact period (Ramulator's tCK_ps is an integer)
  return t;
}

Ramulator2Config::Ramulator2Config(ConfigNode& n) {
  standard = n.string("standard");
  if (!standards().count(standard))
    n.fail("standard", "'" + standard + "' is not a standard the vendored Ramulator 2 models (it models: " +
                           join(keys_of(standards())) + "; docs/dram.md)");
  preset_path = n.path("preset");
  YAML::Node preset;
  try {
    preset = YAML::Load(read_input_file(preset_path));  // bounded: no device, FIFO or directory
  } catch (const ConfigError& e) {
    n.fail("preset", std::string("cannot read Ramulator 2 preset ") + e.what());
  } catch (const YAML::Exception& e) {
    n.fail("preset", "cannot read Ramulator 2 preset " + preset_path + ": " + e.what() +
                         " (the presets are in arch_configs/dram/*_ramulator2.yaml)");
  }
  // A document that is not a map (a scalar: any text file parses as one) has no keys to index.
  const bool is_map = preset.IsMap();
  const YAML::Node meta = is_map ? preset["ternsim"] : YAML::Node(), ctrl = is_map ? preset["controller"] : YAML::Node();
  if (!is_map || !meta.IsMap() || !ctrl.IsMap() || !ctrl["dram"].IsMap())
    n.fail("preset", preset_path + " is not a Ramulator 2 preset (it needs a `ternsim:` map and a `controller:` map "
                                   "with its `dram:`, as arch_configs/dram/*_ramulator2.yaml)");
  auto meta_text = [&](const char* key) {
    const YAML::Node v = meta[key];
    if (!v.IsScalar()) n.fail("preset", preset_path + ": ternsim." + key + " is missing or not a scalar");
    return v.as<std::string>();
  };
  auto meta_list = [&](const char* key) {
    std::vector<std::string> out;
    const YAML::Node v = meta[key];
    if (!v.IsSequence()) n.fail("preset", preset_path + ": ternsim." + key + " is missing or not a list");
    for (const auto& x : v) out.push_back(x.as<std::string>());
    return out;
  };
  const std::string preset_standard = meta_text("standard");
  if (preset_standard != standard)
    n.fail("standard", "'" + standard + "' but preset " + preset_path + " is " + preset_standard);
  const YAML::Node dram_impl = ctrl["dram"]["impl"];
  if (!dram_impl.IsScalar() || dram_impl.as<std::string>() != standards().at(standard))
    n.fail("preset", preset_path + ": controller.dram.impl is not " + standards().at(standard));

  // Organisation and speed grade: the preset holds one of each, resolved by Ramulator 2's exporter.
  auto preset_choice = [&](const char* key, const char* list_key, const char* what) {
    const std::string exported = meta_text(key);
    const std::vector<std::string> known = meta_list(list_key);
    const std::string got = n.string(key, exported);
    if (got != exported) {
      if (std::find(known.begin(), known.end(), got) == known.end())
        n.fail(key, "'" + got + "' is not " + what + " Ramulator 2 defines for " + standard + " (it has: " + join(known) + ")");
      n.fail(key, "'" + got + "' but preset " + preset_path + " was exported for " + exported +
                      " (export one for it, arch_configs/dram/README.md)");
    }
    return got;
  };
  organization = preset_choice("organization", "organizations", "an organisation");
  timing = preset_choice("timing", "timings", "a speed grade");

  int64_t preset_channels = 0;
  try {
    preset_channels = meta["channels"].as<int64_t>();
    tck_ns = meta["tck_ns"].as<double>();
  } catch (const YAML::Exception&) {
    n.fail("preset", preset_path + ": ternsim.channels and ternsim.tck_ns must be numbers");
  }
  channels = static_cast<uint32_t>(n.integer("channels", preset_channels, 1, 64));
  if ((channels & (channels - 1)) != 0)
    n.fail("channels", std::to_string(channels) + ": expected a power of two (Ramulator 2 interleaves channels on address bits)");
  interleave_bits = static_cast<uint32_t>(n.integer("channel_interleave_bits", 0, 0, 24));
  const std::vector<std::string> mappers = {"MOP4CLXOR", "RoBaRaCoCh", "ChRaBaRoCo"};
  address_mapping = n.choice("address_mapping", ctrl["addr_mapper"]["impl"].as<std::string>("MOP4CLXOR"), mappers);
  const std::string preset_row = ternsim_name(row_policies(), ctrl["row_policy"]["impl"].as<std::string>(""));
  row_policy = n.choice("row_policy", preset_row.empty() ? "open" : preset_row, keys_of(row_policies()));
  refresh = n.boolean("refresh", true);
  fast_forward = n.boolean("fast_forward", true);
  const std::string preset_sched = ternsim_name(schedulers(), ctrl["scheduler"]["impl"].as<std::string>(""));
  scheduler = n.choice("scheduler", preset_sched.empty() ? "frfcfs" : preset_sched, keys_of(schedulers()));

  // DRAM energy: the preset's ternsim.power, each key overridable under dram.ramulator2.power.
  const YAML::Node preset_power = meta["power"];
  if (preset_power && !preset_power.IsMap())
    n.fail("preset", preset_path + ": ternsim.power must be a map of currents (mA), voltages (V) and devices_per_rank");
  ConfigNode pn = n.child_or_empty("power");
  has_power = preset_power.IsMap() || !pn.keys().empty();
  if (has_power) {
    for (const PowerField& f : power_fields()) {
      const YAML::Node v = preset_power.IsMap() ? preset_power[f.key] : YAML::Node();
      double def = 0;
      if (v) {
        bool ok = v.IsScalar();
        try {
          if (ok) def = v.as<double>();
        } catch (const YAML::Exception&) {
          ok = false;
        }
        if (!ok || !(def >= 0 && def <= f.max))
          n.fail("preset", preset_path + ": ternsim.power." + f.key + " must be a number in [0, " +
                               std::to_string(int64_t(f.max)) + "]");
      }
      if (f.integer)
        power.*f.field = double(v ? pn.integer(f.key, int64_t(std::llround(def)), 1, int64_t(f.max)) : pn.integer(f.key, 1, int64_t(f.max)));
      else if (v || !f.required)
        power.*f.field = pn.real(f.key, def, 0, f.max);
      else
        power.*f.field = pn.real(f.key, 0, f.max);  // required, absent from the preset: the arch must give it
    }
    const YAML::Node src = preset_power.IsMap() ? preset_power["source"] : YAML::Node();
    power.source = src && src.IsScalar() ? pn.string("source", src.as<std::string>()) : pn.string("source");
    if (power.source.find_first_not_of(" \t") == std::string::npos)
      pn.fail("source", "empty: expected where the currents come from (a datasheet or simulator preset, or ASSUMPTION: why)");
  }
  pn.finish();

  // Queue sizes of the preset's controller: a queue of 0 would never accept a request.
  for (const char* key : {"read_buffer_size", "write_buffer_size", "priority_buffer_size"}) {
    const YAML::Node v = ctrl[key];
    long long size = 32;
    try {
      if (v) size = v.as<long long>();
    } catch (const YAML::Exception&) {
      size = 0;
    }
    if (v && (size < 1 || size > (1 << 20)))
      n.fail("preset", preset_path + ": controller." + key + " must be an integer in [1, 1048576]");
  }
  // The complete configuration: ternsim's External frontend, one memory system of `channels`
  // copies of the preset's controller, channels interleaved per transaction (+ interleave_bits).
  YAML::Node root;
  root["frontend"]["impl"] = "External";
  root["frontend"]["clock_ratio"] = 1;
  YAML::Node mem = root["memory_system"];
  mem["impl"] = "GenericDRAM";
  mem["clock_ratio"] = 1;
  mem["channel_mapper"]["impl"] = "CacheLineInterleave";
  mem["channel_mapper"]["interleave_bits"] = interleave_bits;
  YAML::Node c = YAML::Clone(ctrl);
  c["addr_mapper"] = YAML::Node(YAML::NodeType::Map);
  c["addr_mapper"]["impl"] = address_mapping;
  c["row_policy"] = YAML::Node(YAML::NodeType::Map);
  c["row_policy"]["impl"] = row_policies().at(row_policy);
  c["scheduler"] = YAML::Node(YAML::NodeType::Map);
  c["scheduler"]["impl"] = schedulers().at(scheduler);
  if (!refresh) {
    c["refresh_manager"] = YAML::Node(YAML::NodeType::Map);
    c["refresh_manager"]["impl"] = "NoRefresh";
  }
  for (uint32_t i = 0; i < channels; ++i) mem["controllers"].push_back(c);
  YAML::Emitter out;
  out << root;
  config_yaml = out.c_str();
  // Build it once here so a preset Ramulator 2 rejects is one line now, not an abort mid-run.
  try {
    r2::Host host(config_yaml);
    const double tck_ps = host.tck_ns() * 1000.0;
    if (std::abs(tck_ns * 1000.0 - tck_ps) >= 1.0)
      n.fail("preset", preset_path + ": ternsim.tck_ns " + std::to_string(tck_ns) + " is not its tCK_ps " +
                           std::to_string(tck_ps));
    if (has_power) {
      // Each command costs energy above standby: currents that make one negative are a typo.
      const DramCommandTally one{1, 1, 1, 1, 0, 1, 0.5};
      for (const auto& [part, pj] : idd_energy_pj(power, idd_timing(host, tck_ns), one))
        if (pj < 0)
          n.fail("power", "the currents give a negative " + part + " energy (" + std::to_string(std::llround(pj)) +
                              " pJ): expected IDD0 x tRC >= IDD3N x tRAS + IDD2N x tRP and IDD4R, IDD4W, IDD5AB >= IDD3N");
    }
  } catch (const std::exception& e) {
    if (dynamic_cast<const ConfigError*>(&e)) throw;
    n.fail("preset", preset_path + ": Ramulator 2 rejected it: " + e.what());
  }
}

bool Ramulator2Config::calibration_identity(DramCalibration& c) const {
  c.backend = "ramulator2";
  c.backend_commit = "c5b1c3a";  // third_party/ramulator2/PROVENANCE
  c.standard = standard;
  c.preset = preset_path.substr(preset_path.find_last_of('/') + 1);
  c.channels = channels;
  c.address_mapping = address_mapping;
  c.row_policy = row_policy;
  c.scheduler = scheduler;
  return true;
}

Ramulator2Dram::Ramulator2Dram(const DramParams& p, double clock_mhz) {
  const auto& cfg = dynamic_cast<const Ramulator2Config&>(*p.backend);
  host_ = std::make_unique<r2::Host>(cfg.config_yaml);
  fast_forward_ = cfg.fast_forward;
  host_->set_exact_shortcuts(cfg.fast_forward);
  clock_ = DramBackendClock{clock_mhz, cfg.tck_ns};
  channels_ = static_cast<uint32_t>(host_->channels());
  burst_bytes_ = static_cast<uint32_t>(host_->tx_bytes());
  capacity_ = host_->channel_bytes() * channels_;
  // Peak: one transaction per burst time on every data bus (HBM: each pseudo-channel has its own).
  const int nbl = host_->timing("nBL_min") > 0 ? host_->timing("nBL_min") : host_->timing("nBL");
  const int buses = std::max(1, host_->level_size("PseudoChannel"));
  peak_bytes_per_cycle_ =
      double(channels_) * buses * burst_bytes_ / (std::max(1, nbl) * clock_.tck_ns) * (1000.0 / clock_mhz);
  // Idle read of a closed row: ACT -> RD (tRCD; HBM's read tRCDRD) then the read latency.
  const int rcd = host_->timing("nRCD") > 0 ? host_->timing("nRCD") : host_->timing("nRCDRD");
  latency_cycles_ = clock_.to_acc(static_cast<uint64_t>(std::max(0, rcd) + host_->read_latency()));
  has_power_ = cfg.has_power;
  power_ = cfg.power;
}

Ramulator2Dram::~Ramulator2Dram() = default;

void Ramulator2Dram::tick() {
  host_->tick();
  ++clk_;
}

void Ramulator2Dram::idle(uint64_t dram_clocks) { advance_to(clk_ + dram_clocks); }

void Ramulator2Dram::advance_to(uint64_t target) {
  if (clk_ >= target) return;
  if (fast_forward_) {
    host_->run(target - clk_);  // channel by channel, each skipping its own idle clocks
    clk_ = target;
    return;
  }
  while (clk_ < target) tick();
}

template <class F>
void Ramulator2Dram::drain(uint64_t n, F&& burst) {
  uint64_t next = 0, last_progress = clk_, left = n;
  outstanding_ = n;
  while (outstanding_ > 0) {
    while (next < n) {
      const Burst b = burst(next);
      if (!host_->send(b.addr % capacity_, b.write, [](void* self) { --static_cast<Ramulator2Dram*>(self)->outstanding_; },
                       this))
        break;
      ++next;
    }
    tick();
    if (outstanding_ < left) {
      left = outstanding_;
      last_progress = clk_;
    } else if (clk_ - last_progress > kStallClocks) {
      // A preset whose controller never serves (e.g. all its banks refreshing forever): a clear
      // error, not a hang.
      throw std::runtime_error("Ramulator 2 completed no request in " + std::to_string(kStallClocks) +
                               " DRAM clocks (check the preset's controller and timing)");
    }
  }
}

uint64_t Ramulator2Dram::request(uint64_t addr, uint64_t bytes, bool write) {
  const uint64_t now = now_cycles();
  if (bytes == 0) return now;
  count(bytes, write);
  const uint64_t target = clock_.to_dram(now);
  const BurstSpan span = burst_span(addr, bytes, burst_bytes_);
  advance_to(target);
  const uint64_t start = clk_;
  drain(span.n, [&](uint64_t i) { return Burst{span.first + i * burst_bytes_, write}; });
  const uint64_t done = std::max(now, clock_.to_acc(clk_));
  trace_backend_request(clock_, now, done, start, clk_, bytes, write);
  return done;
}

uint64_t Ramulator2Dram::replay(const std::vector<Burst>& bursts) {
  const uint64_t start = clk_;
  drain(bursts.size(), [&](uint64_t i) { return bursts[i]; });
  return clk_ - start;
}

double Ramulator2Dram::channel_bursts(uint32_t ch) const {
  const r2::ChannelCounters c = host_->counters(int(ch));
  return double(c.reads + c.writes);
}

DramStats Ramulator2Dram::stats() const {
  DramStats st;
  // Refresh loss in rank clocks: an all-bank refresh blocks its rank for tRFC; a per-bank one
  // (HBM3) blocks one bank for tRFCpb, booked as tRFCpb / banks of the rank. HBM's "rank" is the
  // pseudo-channel.
  const int ranks = host_->level_size("Rank") > 0 ? host_->level_size("Rank") : std::max(1, host_->level_size("PseudoChannel"));
  const int banks = banks_per_rank(*host_);
  const double nrfc = std::max(0, host_->timing("nRFC")), nrfcpb = std::max(0, host_->timing("nRFCpb"));
  double refresh_clocks = 0, per_bank = 0, r2w = 0, w2r = 0;
  DramCommandTally tally;
  for (uint32_t ch = 0; ch < channels_; ++ch) {
    const r2::ChannelCounters c = host_->counters(int(ch));
    tally.activates += double(c.activates);
    tally.reads += double(c.reads_cmd);
    tally.writes += double(c.writes_cmd);
    tally.refreshes_all_bank += double(c.refreshes_all_bank);
    tally.refreshes_per_bank += double(c.refreshes_per_bank);
    tally.rank_clocks += double(c.ranks) * double(c.clocks);
    tally.active_standby_clocks += double(c.active_standby_clocks);
    st.channel_bytes.push_back((c.reads + c.writes) * burst_bytes_);
    st.row_hits += c.row_hits;
    st.row_misses += c.row_misses + c.row_conflicts;
    st.activates += c.activates;
    st.precharges += c.precharges;
    st.refreshes += c.refreshes_all_bank + c.refreshes_per_bank;
    per_bank += double(c.refreshes_per_bank);
    refresh_clocks += double(c.refreshes_all_bank) * nrfc + double(c.refreshes_per_bank) * nrfcpb / banks;
    r2w += double(c.read_to_write);
    w2r += double(c.write_to_read);
  }
  st.info["dram_clocks"] = double(clk_);
  st.info["tck_ns"] = clock_.tck_ns;
  st.info["ranks_per_channel"] = ranks;
  st.info["refresh_rank_clocks"] = refresh_clocks;
  st.info["refreshes_per_bank"] = per_bank;
  // Turnarounds as with DRAMsim3 (sim/report/dram_summary.cpp): each switch costs the data bus
  // the standard's RD->WR (WR->RD) spacing beyond a burst (r2::Host::turnaround_ticks).
  st.info["data_buses_per_channel"] = std::max(1, host_->level_size("PseudoChannel"));  // counts are per bus
  st.info["read_to_write"] = r2w;
  st.info["write_to_read"] = w2r;
  st.info["turnaround_clocks"] = r2w * std::max(0, host_->turnaround_ticks(true)) + w2r * std::max(0, host_->turnaround_ticks(false));
  // Energy from the preset's IDD currents (none without them: Ramulator 2 has no power model).
  if (has_power_) st.energy_pj = idd_energy_pj(power_, idd_timing(*host_, clock_.tck_ns), tally);
  return st;
}

}  // namespace ternsim
